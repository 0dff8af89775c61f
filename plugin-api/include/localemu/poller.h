/*
 * localemu/poller.h — event-source pollers: read batches from a source (SQS,
 * Kinesis, DynamoDB Streams) through the bus for an event-source mapping.
 *
 * The Lambda service runs one worker per enabled mapping: open(), then
 * poll() -> invoke -> complete() in a loop, then close(). Different sessions are
 * used concurrently; one session is used by one thread at a time.
 */
#ifndef LOCALEMU_POLLER_H
#define LOCALEMU_POLLER_H

#include "localemu/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct localemu_poller_session localemu_poller_session; /* opaque, the poller's */

/* Receives one batch. OWNERSHIP: the caller (Lambda); [callback].
 * `records_json` is the JSON array of records in the Lambda event shape of the
 * source (e.g. SQS: [{"messageId":...,"receiptHandle":...,"body":...}]);
 * `batch_token` identifies the batch for complete(). */
typedef struct localemu_batch_sink {
  uint32_t struct_size;
  void* ctx;
  void (*deliver)(void* ctx, localemu_str batch_token, localemu_str records_json, size_t record_count);
} localemu_batch_sink;

typedef enum localemu_batch_result {
  LOCALEMU_BATCH_SUCCEEDED = 1, /* every record processed: acknowledge all */
  LOCALEMU_BATCH_PARTIAL = 2,   /* `failed_ids_json` lists the record ids to retry */
  LOCALEMU_BATCH_FAILED = 3     /* retry all per the source's semantics */
} localemu_batch_result;

typedef struct localemu_batch_outcome {
  uint32_t struct_size;
  int32_t result;               /* localemu_batch_result */
  localemu_str failed_ids_json; /* PARTIAL: JSON array of itemIdentifier strings */
} localemu_batch_outcome;

typedef struct localemu_poller_vtable {
  localemu_object object;
  /* Event-source ARN prefixes this poller serves, e.g. "arn:aws:sqs:".
   * OWNERSHIP: plugin; static. */
  const char* const* source_arn_prefixes;
  size_t source_arn_prefix_count;
  /* Opens a session for a mapping (EventSourceMappingConfiguration JSON). [thread-safe] */
  localemu_status (*open)(void* self, localemu_str mapping_json, localemu_poller_session** out_session,
                          localemu_error* err);
  /* Waits up to `wait_ms` for up to `max_records`, delivering at most one batch.
   * Returns LOCALEMU_OK after a delivery, LOCALEMU_IDLE when nothing came. [thread-safe per session] */
  localemu_status (*poll)(void* self, localemu_poller_session* session, uint32_t max_records, uint32_t wait_ms,
                          const localemu_batch_sink* sink, localemu_error* err);
  /* Acknowledges or returns the records of a delivered batch. [thread-safe per session] */
  localemu_status (*complete)(void* self, localemu_poller_session* session, localemu_str batch_token,
                              const localemu_batch_outcome* outcome, localemu_error* err);
  /* Closes a session; the pointer is invalid afterwards. [thread-safe per session] */
  void (*close)(void* self, localemu_poller_session* session);
} localemu_poller_vtable;

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_POLLER_H */
