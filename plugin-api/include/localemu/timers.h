/*
 * localemu/timers.h — timers and scheduling ("localemu.host.timers/1").
 *
 * Callbacks run on the host's timer thread(s); they must return quickly and
 * hand long work to the plugin's own threads.
 */
#ifndef LOCALEMU_TIMERS_H
#define LOCALEMU_TIMERS_H

#include "localemu/host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LOCALEMU_HOST_TIMERS_V1 "localemu.host.timers/1"

typedef uint64_t localemu_timer_id; /* 0 is never a valid id */

/* [callback] on a host timer thread; `ctx` as given to schedule(). */
typedef void (*localemu_timer_fn)(void* ctx);

typedef struct localemu_host_timers_v1 {
  uint32_t struct_size;
  /* Runs `fn(ctx)` after `delay_ms`, then every `period_ms` when period_ms > 0.
   * OWNERSHIP: `ctx` stays the caller's and must outlive the timer (until cancel returns,
   * or the one-shot has fired). [thread-safe] */
  localemu_timer_id (*schedule)(const localemu_host_api* host, uint64_t delay_ms, uint64_t period_ms,
                                localemu_timer_fn fn, void* ctx);
  /* Cancels a timer; when it returns, `fn` is not running and will not run again.
   * Must not be called from inside that timer's own callback. [thread-safe] */
  void (*cancel)(const localemu_host_api* host, localemu_timer_id id);
} localemu_host_timers_v1;

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_TIMERS_H */
