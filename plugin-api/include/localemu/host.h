/*
 * localemu/host.h — the host table handed to every plugin instance.
 *
 * The host table is small on purpose: logging, and get_service() which hands out
 * the versioned host service tables declared in config.h, store.h, bus.h,
 * timers.h, metrics.h and registry.h. A plugin asks for the revision it was
 * written against ("localemu.host.store/1"); a NULL answer means the host does
 * not offer it and the plugin must decline or degrade.
 */
#ifndef LOCALEMU_HOST_H
#define LOCALEMU_HOST_H

#include "localemu/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct localemu_host_api localemu_host_api;

/* OWNERSHIP: the host. Valid from create() until the instance's destroy() returns.
 * The same pointer is passed back to every host function. */
struct localemu_host_api {
  uint32_t struct_size;
  uint32_t abi_major; /* the host's LOCALEMU_ABI_VERSION_MAJOR */
  uint32_t abi_minor; /* the host's LOCALEMU_ABI_VERSION_MINOR */
  void* host_data;    /* OWNERSHIP: host; opaque to plugins */
  /* The id of the plugin instance this table belongs to (e.g. "lambda").
   * OWNERSHIP: host; lives as long as the table. */
  localemu_str plugin_id;

  /* Writes one log line into this instance's logger (spdlog, owned by the host).
   * [thread-safe] */
  void (*log)(const localemu_host_api* host, int32_t level, localemu_str message);

  /* The lowest level this instance's logger emits, so callers can skip formatting.
   * [thread-safe] */
  int32_t (*log_level)(const localemu_host_api* host);

  /* A host service table by id and revision, e.g. LOCALEMU_HOST_STORE_V1, or NULL.
   * OWNERSHIP: host; the table lives as long as this host table.
   * [thread-safe] */
  const void* (*get_service)(const localemu_host_api* host, const char* service_id);

  /* append-only below */
};

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_HOST_H */
