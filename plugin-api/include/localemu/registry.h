/*
 * localemu/registry.h — finding the other plugin kinds ("localemu.host.registry/1").
 *
 * The Lambda service asks for the executor that LAMBDA_RUNTIME_EXECUTOR names,
 * the image resolver, or the poller for an event-source type. Plugins never
 * link to or include each other: they meet through these vtables.
 */
#ifndef LOCALEMU_REGISTRY_H
#define LOCALEMU_REGISTRY_H

#include "localemu/host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LOCALEMU_HOST_REGISTRY_V1 "localemu.host.registry/1"

typedef struct localemu_host_registry_v1 {
  uint32_t struct_size;
  /* The instance vtable of the plugin of `kind` (localemu_plugin_kind) whose id is `id`:
   * a localemu_executor_vtable*, localemu_poller_vtable*, localemu_resolver_vtable*
   * or localemu_service_vtable*. NULL when none is loaded.
   * OWNERSHIP: host; valid until the asking instance's stop() returns. [thread-safe] */
  const void* (*find)(const localemu_host_api* host, int32_t kind, localemu_str id);
  /* Visits the ids of all loaded instances of `kind`. [thread-safe] */
  void (*list)(const localemu_host_api* host, int32_t kind, void (*visit)(void* ctx, localemu_str id), void* ctx);
} localemu_host_registry_v1;

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_REGISTRY_H */
