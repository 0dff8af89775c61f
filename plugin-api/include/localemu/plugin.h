/*
 * localemu/plugin.h — how a shared library presents its plugins.
 *
 * A plugin library exports exactly one symbol, `localemu_plugin_entry`
 * (LOCALEMU_ENTRY_SYMBOL). The host calls it once with its own ABI version; the
 * library returns its entry table, or NULL to decline. The host then checks:
 *   entry->abi_major == host major, entry->abi_minor <= host minor,
 *   struct_size of the entry, of each descriptor and of each vtable at least
 *   their 1.0 size, every required function non-NULL, ids unique across libraries.
 * A library failing any check is refused with a log line naming it and the reason.
 *
 * Every instance vtable (service.h, executor.h, poller.h, resolver.h) begins with
 * a localemu_object, so the host can destroy any instance the same way. Its
 * object.struct_size is the size of the whole vtable; test for a member added
 * after 1.0 with LOCALEMU_HAS_FIELD(&vtable->object, localemu_service_vtable, member).
 */
#ifndef LOCALEMU_PLUGIN_H
#define LOCALEMU_PLUGIN_H

#include "localemu/config.h"
#include "localemu/host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LOCALEMU_ENTRY_SYMBOL "localemu_plugin_entry"

typedef enum localemu_plugin_kind {
  LOCALEMU_KIND_SERVICE = 1,
  LOCALEMU_KIND_EXECUTOR = 2,
  LOCALEMU_KIND_POLLER = 3,
  LOCALEMU_KIND_RESOLVER = 4
} localemu_plugin_kind;

/* The wire protocol a service speaks; the gateway uses it to shape errors it
 * answers on the service's behalf (unknown operation, service disabled). */
typedef enum localemu_protocol {
  LOCALEMU_PROTOCOL_REST_JSON = 1,
  LOCALEMU_PROTOCOL_JSON_1_0 = 2,
  LOCALEMU_PROTOCOL_JSON_1_1 = 3,
  LOCALEMU_PROTOCOL_QUERY = 4,
  LOCALEMU_PROTOCOL_REST_XML = 5
} localemu_protocol;

/* How the gateway recognises requests for a service, as data. Matched in this
 * order across all services: host_patterns, signing_names (SigV4 credential
 * scope), target_prefixes (X-Amz-Target up to the '.'), path_prefixes.
 * Host patterns are globs where '*' matches one or more characters of a
 * label sequence, e.g. "*.lambda-url.*.localhost".
 * OWNERSHIP: the plugin; static for the life of the library. */
typedef struct localemu_routing_claims {
  uint32_t struct_size;
  int32_t protocol; /* localemu_protocol */
  const char* const* host_patterns;
  size_t host_pattern_count;
  const char* const* signing_names;
  size_t signing_name_count;
  const char* const* target_prefixes;
  size_t target_prefix_count;
  const char* const* path_prefixes;
  size_t path_prefix_count;
} localemu_routing_claims;

/* What one plugin of the library is. OWNERSHIP: the plugin; static. */
typedef struct localemu_plugin_descriptor {
  uint32_t struct_size;
  const char* id;          /* unique across the host: "lambda", "docker", "sqs-poller" */
  int32_t kind;            /* localemu_plugin_kind */
  const char* version;     /* the plugin's own version, e.g. "0.1.0" */
  const char* description; /* one line */
  const localemu_routing_claims* routing; /* services only; NULL otherwise */
  const localemu_config_option* options;  /* the configuration it reads */
  size_t option_count;
} localemu_plugin_descriptor;

/* The common head of every instance vtable.
 * OWNERSHIP: the plugin; valid until destroy() returns. */
typedef struct localemu_object {
  uint32_t struct_size; /* sizeof the whole vtable struct that embeds this head */
  void* self;           /* passed back as the first argument of every vtable function */
  /* A larger addition behind an id ("localemu.<area>.<name>/<rev>"), or NULL. Optional member.
   * [thread-safe] */
  const void* (*get_extension)(void* self, const char* extension_id);
  /* Frees the instance. The host calls it once, after stop(), with no call in flight. [control] */
  void (*destroy)(void* self);
} localemu_object;

typedef struct localemu_plugin_entry_table {
  uint32_t struct_size;
  uint32_t abi_major; /* LOCALEMU_ABI_VERSION_MAJOR the library was built against */
  uint32_t abi_minor; /* LOCALEMU_ABI_VERSION_MINOR the library was built against */
  /* How many plugins the library holds. [control] */
  uint32_t (*count)(void);
  /* The descriptor of plugin `index` < count(). [control] */
  const localemu_plugin_descriptor* (*describe)(uint32_t index);
  /* Creates an instance of plugin `id`. `config_json` is a JSON object of
   * instance settings (may be empty). On success *out_vtable points at the
   * kind's vtable (which begins with a localemu_object).
   * OWNERSHIP: `host` is the host's, valid until destroy(); the vtable is the plugin's.
   * [control] */
  localemu_status (*create)(const localemu_host_api* host, const char* id, localemu_str config_json,
                            const void** out_vtable, localemu_error* err);
} localemu_plugin_entry_table;

/* The one exported symbol. Returns NULL to decline a host it cannot serve.
 * OWNERSHIP: the returned table is the library's, static. [control] */
typedef const localemu_plugin_entry_table* (*localemu_plugin_entry_fn)(uint32_t host_abi_major,
                                                                       uint32_t host_abi_minor);

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_PLUGIN_H */
