/*
 * localemu/service.h — service plugins: an AWS service behind the gateway.
 *
 * Two doors: handle() takes the HTTP request the gateway routed here (the wire
 * door), call() takes one operation as JSON (the operation door, also reached
 * through the bus). A service's handle() decodes its protocol and goes through
 * call(); the C++ SDK (localemu::sdk) does that decoding from the AWS model.
 */
#ifndef LOCALEMU_SERVICE_H
#define LOCALEMU_SERVICE_H

#include "localemu/call.h"
#include "localemu/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One HTTP request, fully read. OWNERSHIP: the gateway; for the handle() call only. */
typedef struct localemu_http_request {
  uint32_t struct_size;
  localemu_str method;       /* "GET", "POST", ... */
  localemu_str path;         /* raw (percent-encoded) path, without the query */
  localemu_str query;        /* raw query string without '?', possibly empty */
  localemu_str host;         /* the Host header, e.g. "abc.lambda-url.us-east-1.localhost:4566" */
  const localemu_pair* headers; /* as received; names in their original case */
  size_t header_count;
  localemu_str body;
  const localemu_request_context* context;
} localemu_http_request;

/* The gateway's response writer. Headers and status may be set until the first
 * write after begin_stream(), or until handle() returns for a buffered response.
 * OWNERSHIP: the gateway; for the handle() call only. [callback] */
typedef struct localemu_http_response_writer {
  uint32_t struct_size;
  void* ctx;
  void (*set_status)(void* ctx, int32_t status);
  void (*add_header)(void* ctx, localemu_str name, localemu_str value);
  /* Appends to the body. Buffered until handle() returns, unless begin_stream() was
   * called, in which case each write goes out as an HTTP chunk at once.
   * Returns LOCALEMU_ERR_CANCELLED when the client has gone away. */
  localemu_status (*write)(void* ctx, localemu_str chunk);
  /* Switches to chunked transfer and sends status and headers now. */
  localemu_status (*begin_stream)(void* ctx);
  /* Names the operation the request resolved to ("CreateFunction"), for the
   * gateway's metrics and logs. Optional to call. */
  void (*set_operation)(void* ctx, localemu_str operation);
} localemu_http_response_writer;

typedef struct localemu_service_vtable {
  localemu_object object;
  /* Called once after every plugin is created, before the gateway opens. Host
   * services (store, bus, registry) are usable from here on. [control] */
  localemu_status (*start)(void* self, localemu_error* err);
  /* Stops background work (pollers, timers, environments); in-flight calls may still
   * complete. Called once, before destroy(). [control] */
  void (*stop)(void* self);
  /* The wire door. Returns LOCALEMU_OK once a response is written (AWS errors
   * included); a failure status makes the gateway answer 500 InternalFailure.
   * [thread-safe] */
  localemu_status (*handle)(void* self, const localemu_http_request* request,
                            const localemu_http_response_writer* response, localemu_error* err);
  /* The operation door: see call.h. [thread-safe] */
  localemu_status (*call)(void* self, const localemu_call_request* request, const localemu_call_result* result,
                          localemu_error* err);
  /* Forgets all state (POST /_localemu/reset). Optional: NULL when unsupported. [control] */
  localemu_status (*reset)(void* self, localemu_error* err);
} localemu_service_vtable;

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_SERVICE_H */
