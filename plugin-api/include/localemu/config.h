/*
 * localemu/config.h — configuration lookup ("localemu.host.config/1").
 *
 * Plugins declare the variables they read in their descriptor
 * (localemu_config_option, plugin.h). The host reads them from the process
 * environment (or the values a test injects), validates each against its
 * declared type before any plugin starts — a malformed value stops start-up
 * with a message naming the variable — and answers lookups with the
 * normalised text (booleans as "1"/"0", integers in decimal).
 */
#ifndef LOCALEMU_CONFIG_H
#define LOCALEMU_CONFIG_H

#include "localemu/host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LOCALEMU_HOST_CONFIG_V1 "localemu.host.config/1"

typedef enum localemu_config_type {
  LOCALEMU_CONFIG_STRING = 0,
  LOCALEMU_CONFIG_BOOL = 1,     /* 1/0, true/false, yes/no, on/off (any case) */
  LOCALEMU_CONFIG_INT = 2,      /* signed 64-bit decimal */
  LOCALEMU_CONFIG_DURATION_MS = 3, /* non-negative integer milliseconds */
  LOCALEMU_CONFIG_JSON = 4,     /* any JSON document */
  LOCALEMU_CONFIG_ENUM = 5,     /* one of `allowed`, "a|b|c" */
  LOCALEMU_CONFIG_LIST = 6      /* comma-separated words */
} localemu_config_type;

/* One configuration variable a plugin reads. OWNERSHIP: the plugin; static.
 * Descriptors hold these in an array, so this struct is frozen: it never grows
 * (a reader could not step through an array of a larger struct). A richer
 * option description would come as a new struct behind a new descriptor field. */
typedef struct localemu_config_option {
  uint32_t struct_size;
  const char* name;          /* e.g. "LAMBDA_KEEPALIVE_MS" */
  int32_t type;              /* localemu_config_type */
  const char* default_value; /* NULL when the variable has no default */
  const char* allowed;       /* ENUM: "a|b|c"; NULL otherwise */
  const char* description;   /* one sentence for docs/configuration.md */
} localemu_config_option;

typedef struct localemu_host_config_v1 {
  uint32_t struct_size;
  /* Writes the effective value of `name` (set value, else declared default) into `out`.
   * Returns LOCALEMU_OK, or LOCALEMU_ERR_NOT_FOUND when it is unset and has no default.
   * Undeclared names are looked up too (raw, unvalidated).
   * [thread-safe] */
  localemu_status (*get)(const localemu_host_api* host, localemu_str name, const localemu_sink* out);
} localemu_host_config_v1;

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_CONFIG_H */
