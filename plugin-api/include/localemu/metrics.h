/*
 * localemu/metrics.h — metrics ("localemu.host.metrics/1"), exposed by the host
 * at /_localemu/metrics in the Prometheus text format. The host prefixes every
 * name with "localemu_" and adds the label plugin="<instance id>".
 */
#ifndef LOCALEMU_METRICS_H
#define LOCALEMU_METRICS_H

#include "localemu/host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LOCALEMU_HOST_METRICS_V1 "localemu.host.metrics/1"

typedef struct localemu_host_metrics_v1 {
  uint32_t struct_size;
  /* Adds `value` to a counter. Labels: OWNERSHIP caller, for the call only. [thread-safe] */
  void (*counter_add)(const localemu_host_api* host, localemu_str name, const localemu_pair* labels,
                      size_t label_count, double value);
  /* Sets a gauge. [thread-safe] */
  void (*gauge_set)(const localemu_host_api* host, localemu_str name, const localemu_pair* labels,
                    size_t label_count, double value);
  /* Records one observation (seconds) into a latency histogram. [thread-safe] */
  void (*observe)(const localemu_host_api* host, localemu_str name, const localemu_pair* labels,
                  size_t label_count, double seconds);
} localemu_host_metrics_v1;

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_METRICS_H */
