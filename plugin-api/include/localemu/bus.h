/*
 * localemu/bus.h — the in-process bus ("localemu.host.bus/1").
 *
 * How one plugin reaches another service's operation door without linking to
 * it: a poller receives SQS messages, Lambda writes to a DLQ or to Logs.
 */
#ifndef LOCALEMU_BUS_H
#define LOCALEMU_BUS_H

#include "localemu/call.h"
#include "localemu/host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LOCALEMU_HOST_BUS_V1 "localemu.host.bus/1"

typedef struct localemu_host_bus_v1 {
  uint32_t struct_size;
  /* Calls `request->operation` on the service whose id is `service_id` ("sqs", "logs").
   * Returns LOCALEMU_ERR_UNAVAILABLE when that service is not loaded or not enabled;
   * otherwise the callee's status. The result receiver is called as call.h describes.
   * May block as long as the operation does (long polls).
   * [thread-safe] */
  localemu_status (*call)(const localemu_host_api* host, localemu_str service_id,
                          const localemu_call_request* request, const localemu_call_result* result,
                          localemu_error* err);
  /* True when `service_id` is loaded and enabled. [thread-safe] */
  bool (*has_service)(const localemu_host_api* host, localemu_str service_id);
} localemu_host_bus_v1;

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_BUS_H */
