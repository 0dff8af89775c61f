/*
 * localemu/call.h — the operation door: one AWS operation as JSON in, JSON out.
 *
 * Every service answers operations through call(); its HTTP door decodes the
 * wire protocol and goes through the same path. The bus (bus.h) lets one
 * plugin reach another service's call() in process. An AWS-level error
 * (404 ResourceNotFoundException) is a *result*, reported through fail();
 * a localemu_status failure means the plugin itself could not answer.
 */
#ifndef LOCALEMU_CALL_H
#define LOCALEMU_CALL_H

#include "localemu/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Who is asking, and where. OWNERSHIP: the caller; for the call only. */
typedef struct localemu_request_context {
  uint32_t struct_size;
  localemu_str request_id; /* the x-amzn-RequestId the answer will carry */
  localemu_str region;     /* from the SigV4 credential scope; "us-east-1" by default */
  localemu_str account_id; /* 12 digits; from the access key when it is 12 digits, else "000000000000" */
  localemu_str access_key; /* as signed, possibly empty */
  localemu_str gateway_url; /* e.g. "http://localhost:4566", as the client reached it */
} localemu_request_context;

typedef struct localemu_call_request {
  uint32_t struct_size;
  localemu_str operation;  /* the model's operation name, e.g. "CreateFunction" */
  localemu_str input_json; /* the operation's input shape as a JSON object (model member names) */
  const localemu_request_context* context; /* OWNERSHIP: caller */
} localemu_call_request;

/* The caller's receiver for the outcome. Exactly one of succeed/fail is called,
 * once, before call() returns. OWNERSHIP: the caller. [callback] */
typedef struct localemu_call_result {
  uint32_t struct_size;
  void* ctx;
  /* The operation's output shape as a JSON object (blob members base64). */
  void (*succeed)(void* ctx, localemu_str output_json);
  /* An AWS error: HTTP status, the model's error code (e.g. "ResourceNotFoundException"),
   * the message, and extra members of the error shape as a JSON object (or empty). */
  void (*fail)(void* ctx, int32_t http_status, localemu_str error_code, localemu_str message,
               localemu_str extra_json);
} localemu_call_result;

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_CALL_H */
