/*
 * localemu/executor.h — executor plugins: where execution environments run
 * (docker, podman, a local process).
 *
 * An environment runs the function's runtime, which talks to the Lambda
 * Runtime API served by the host at `runtime_api` (given to the runtime as
 * AWS_LAMBDA_RUNTIME_API, already present in `env`). The executor starts and
 * stops it and streams its output; it never sees invocations.
 *
 * Lifecycle: create_env -> start_env -> (stop_env) -> destroy_env. The host
 * calls these for one environment from one thread at a time; different
 * environments are handled concurrently.
 */
#ifndef LOCALEMU_EXECUTOR_H
#define LOCALEMU_EXECUTOR_H

#include "localemu/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Everything an environment needs. OWNERSHIP: the caller; for the create_env call only
 * (the executor copies what it keeps). */
typedef struct localemu_env_spec {
  uint32_t struct_size;
  localemu_str env_id;        /* unique per environment, [a-z0-9-], usable in container names */
  localemu_str function_arn;  /* qualified ARN of the version this environment serves */
  localemu_str runtime;       /* e.g. "python3.12"; empty for PackageType Image */
  localemu_str handler;       /* e.g. "app.handler"; empty for images using their CMD */
  localemu_str image;         /* image reference to run (from the resolver, or ImageUri) */
  localemu_str architecture;  /* "x86_64" or "arm64" */
  localemu_str code_path;     /* host folder with the unpacked code -> /var/task (read-only); empty for images */
  const localemu_str* layer_paths; /* host folders, in layer order, merged into /opt (read-only) */
  size_t layer_count;
  const localemu_pair* env;   /* the environment variables exactly as the function sees them */
  size_t env_count;
  uint32_t memory_mb;         /* MemorySize: the memory limit */
  uint32_t timeout_s;         /* the function timeout (informative) */
  localemu_str runtime_api;   /* "127.0.0.1:4566/..." as put into AWS_LAMBDA_RUNTIME_API */
  const localemu_str* entrypoint; /* ImageConfig.EntryPoint, or none */
  size_t entrypoint_count;
  const localemu_str* command;    /* ImageConfig.Command, or none (then: handler) */
  size_t command_count;
  localemu_str working_dir;   /* ImageConfig.WorkingDirectory, or empty */
  const localemu_pair* labels; /* labels the executor must attach (owner, function) */
  size_t label_count;
} localemu_env_spec;

typedef enum localemu_env_stream {
  LOCALEMU_STREAM_STDOUT = 1,
  LOCALEMU_STREAM_STDERR = 2
} localemu_env_stream;

/* Receives the environment's output, one line at a time (without the newline).
 * OWNERSHIP: the host; valid from create_env until destroy_env returns.
 * [thread-safe] called from the executor's threads. */
typedef struct localemu_env_output {
  uint32_t struct_size;
  void* ctx;
  void (*line)(void* ctx, localemu_str env_id, int32_t stream, localemu_str line);
  /* The environment's process ended by itself (crash, exit). */
  void (*exited)(void* ctx, localemu_str env_id, int32_t exit_code);
} localemu_env_output;

typedef enum localemu_env_state {
  LOCALEMU_ENV_CREATED = 1,
  LOCALEMU_ENV_RUNNING = 2,
  LOCALEMU_ENV_EXITED = 3,
  LOCALEMU_ENV_GONE = 4
} localemu_env_state;

typedef struct localemu_env_status {
  uint32_t struct_size;
  int32_t state;           /* localemu_env_state */
  int32_t exit_code;       /* when EXITED */
  uint64_t memory_used_bytes; /* peak, when known; 0 otherwise */
} localemu_env_status;

typedef struct localemu_executor_vtable {
  localemu_object object;
  /* Makes `image` available locally (pull once and cache), checking `architecture`
   * unless told to ignore it. May block for the pull. [thread-safe] */
  localemu_status (*prepare)(void* self, localemu_str image, localemu_str architecture, localemu_error* err);
  /* Creates (does not start) an environment. [thread-safe] */
  localemu_status (*create_env)(void* self, const localemu_env_spec* spec, const localemu_env_output* output,
                                localemu_error* err);
  /* Starts it; returns once the process runs (the runtime then calls the Runtime API). [thread-safe] */
  localemu_status (*start_env)(void* self, localemu_str env_id, localemu_error* err);
  /* Stops it: SIGTERM, then SIGKILL after `grace_ms`. [thread-safe] */
  localemu_status (*stop_env)(void* self, localemu_str env_id, uint32_t grace_ms, localemu_error* err);
  /* Removes every trace of it. [thread-safe] */
  localemu_status (*destroy_env)(void* self, localemu_str env_id, localemu_error* err);
  /* Reports its state. [thread-safe] */
  localemu_status (*status)(void* self, localemu_str env_id, localemu_env_status* out, localemu_error* err);
  /* Removes environments left by an earlier run whose `owner` label equals `owner`. [control] */
  localemu_status (*cleanup_orphans)(void* self, localemu_str owner, localemu_error* err);
} localemu_executor_vtable;

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_EXECUTOR_H */
