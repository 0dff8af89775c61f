/*
 * localemu/abi.h — the core vocabulary of the LocalEmu plugin ABI.
 *
 * Rules that hold for every header in this folder:
 *  - Pure C11. Nothing but <stdint.h>, <stddef.h>, <stdbool.h> is included.
 *  - Every struct passed across the boundary starts with `uint32_t struct_size`,
 *    set by whoever fills it to sizeof(the struct it was compiled against).
 *    Fields are only ever appended; readers test LOCALEMU_HAS_FIELD before
 *    touching a field added after 1.0. Retired fields become reserved_N.
 *  - No exception, no C++ object, no allocator crosses the boundary. Functions
 *    return a localemu_status and fill a caller-owned localemu_error on failure.
 *  - Every pointer carries an OWNERSHIP note; every function a thread tag:
 *      [thread-safe]  may be called from any thread, concurrently.
 *      [control]      called by the host from its control thread only, never
 *                     concurrently with another [control] call on the same object.
 *      [callback]     called by the callee, on the callee's thread, only for the
 *                     duration of the call that received it.
 */
#ifndef LOCALEMU_ABI_H
#define LOCALEMU_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LOCALEMU_ABI_VERSION_MAJOR 1
#define LOCALEMU_ABI_VERSION_MINOR 0
#define LOCALEMU_ABI_VERSION_PATCH 0

#if defined(_WIN32)
#define LOCALEMU_EXPORT __declspec(dllexport)
#else
#define LOCALEMU_EXPORT __attribute__((visibility("default")))
#endif

/* True when the struct behind `ptr` (of type `type`) is large enough to hold `field`. */
#define LOCALEMU_HAS_FIELD(ptr, type, field) \
  ((ptr) != NULL && (ptr)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

/* A non-owning view of bytes; not NUL-terminated; may contain NUL.
 * OWNERSHIP: the producer; valid only for the duration of the call it is passed to
 * unless the field documenting it says otherwise. {NULL, 0} is the empty string. */
typedef struct localemu_str {
  const char* data;
  size_t size;
} localemu_str;

typedef int32_t localemu_status;
#define LOCALEMU_OK 0
#define LOCALEMU_IDLE 1 /* success, nothing to do (e.g. a poll that found no record) */
#define LOCALEMU_ERR_INVALID_ARG (-1)
#define LOCALEMU_ERR_NOT_FOUND (-2)
#define LOCALEMU_ERR_UNSUPPORTED (-3)
#define LOCALEMU_ERR_UNAVAILABLE (-4)
#define LOCALEMU_ERR_TIMEOUT (-5)
#define LOCALEMU_ERR_CANCELLED (-6)
#define LOCALEMU_ERR_CONFLICT (-7)
#define LOCALEMU_ERR_INTERNAL (-8)

#define LOCALEMU_ERROR_MESSAGE_MAX 1024

/* A failure report. OWNERSHIP: the caller allocates it (usually on its stack);
 * the callee fills `code` and a NUL-terminated, possibly truncated `message`
 * on failure only. */
typedef struct localemu_error {
  uint32_t struct_size;
  localemu_status code;
  char message[LOCALEMU_ERROR_MESSAGE_MAX];
} localemu_error;

/* A caller-owned accumulator for variable-length output (JSON, paths, ...).
 * OWNERSHIP: the caller owns the sink and whatever `ctx` points to.
 * The callee calls `write` zero or more times; chunks concatenate.
 * [callback] write: only during the call the sink was passed to. */
typedef struct localemu_sink {
  uint32_t struct_size;
  void* ctx;
  void (*write)(void* ctx, localemu_str chunk);
} localemu_sink;

/* A name/value pair (HTTP headers, environment variables, metric labels).
 * OWNERSHIP: as the enclosing struct. */
typedef struct localemu_pair {
  localemu_str name;
  localemu_str value;
} localemu_pair;

typedef enum localemu_log_level {
  LOCALEMU_LOG_TRACE = 0,
  LOCALEMU_LOG_DEBUG = 1,
  LOCALEMU_LOG_INFO = 2,
  LOCALEMU_LOG_WARN = 3,
  LOCALEMU_LOG_ERROR = 4,
  LOCALEMU_LOG_CRITICAL = 5,
  LOCALEMU_LOG_OFF = 6
} localemu_log_level;

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_ABI_H */
