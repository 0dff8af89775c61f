/*
 * localemu/store.h — the state store ("localemu.host.store/1").
 *
 * Collections of JSON documents keyed by id, atomic batches, and a
 * content-addressed blob area. Backed by SQLite: in LOCALEMU_DATA_DIR (WAL)
 * with PERSISTENCE=1, in memory otherwise — the same code either way.
 * A call that returned LOCALEMU_OK is durable against a crash of the process
 * (kill -9) once PERSISTENCE=1.
 *
 * Collections are namespaced by the host per plugin instance: "functions" of
 * the lambda plugin never meets "functions" of another plugin.
 */
#ifndef LOCALEMU_STORE_H
#define LOCALEMU_STORE_H

#include "localemu/host.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LOCALEMU_HOST_STORE_V1 "localemu.host.store/1"

typedef enum localemu_store_op_kind {
  LOCALEMU_STORE_PUT = 0,
  LOCALEMU_STORE_DELETE = 1
} localemu_store_op_kind;

/* One write of an atomic batch. OWNERSHIP: the caller; for the call only. */
typedef struct localemu_store_op {
  uint32_t struct_size;
  int32_t kind;            /* localemu_store_op_kind */
  localemu_str collection;
  localemu_str id;
  localemu_str document;   /* PUT: the JSON document; ignored for DELETE */
} localemu_store_op;

/* Receives documents from list(). Return false to stop early.
 * [callback] */
typedef bool (*localemu_store_visit_fn)(void* ctx, localemu_str id, localemu_str document);

typedef struct localemu_host_store_v1 {
  uint32_t struct_size;
  /* Inserts or replaces one document. [thread-safe] */
  localemu_status (*put)(const localemu_host_api* host, localemu_str collection, localemu_str id,
                         localemu_str document, localemu_error* err);
  /* Writes the document into `out`; LOCALEMU_ERR_NOT_FOUND when absent. [thread-safe] */
  localemu_status (*get)(const localemu_host_api* host, localemu_str collection, localemu_str id,
                         const localemu_sink* out, localemu_error* err);
  /* Removes one document; LOCALEMU_ERR_NOT_FOUND when absent. [thread-safe] */
  localemu_status (*remove)(const localemu_host_api* host, localemu_str collection, localemu_str id,
                            localemu_error* err);
  /* Visits the documents whose id starts with `id_prefix` (empty: all), in id order.
   * The visitor must not call back into the store. [thread-safe] */
  localemu_status (*list)(const localemu_host_api* host, localemu_str collection, localemu_str id_prefix,
                          localemu_store_visit_fn visit, void* ctx, localemu_error* err);
  /* Applies every op or none. [thread-safe] */
  localemu_status (*apply)(const localemu_host_api* host, const localemu_store_op* ops, size_t count,
                           localemu_error* err);

  /* Stores bytes once under their SHA-256; writes the lowercase hex digest into `out_digest`.
   * [thread-safe] */
  localemu_status (*blob_put)(const localemu_host_api* host, localemu_str bytes, const localemu_sink* out_digest,
                              localemu_error* err);
  /* Writes the absolute path of the blob's file into `out_path`; LOCALEMU_ERR_NOT_FOUND when absent.
   * The file is read-only to the caller and lives until blob_remove. [thread-safe] */
  localemu_status (*blob_path)(const localemu_host_api* host, localemu_str digest, const localemu_sink* out_path,
                               localemu_error* err);
  /* Deletes a blob. [thread-safe] */
  localemu_status (*blob_remove)(const localemu_host_api* host, localemu_str digest, localemu_error* err);

  /* The data folder this instance may use for derived files (unpacked code, sockets).
   * Persistent with PERSISTENCE=1, a per-run temporary folder otherwise. [thread-safe] */
  localemu_status (*data_dir)(const localemu_host_api* host, const localemu_sink* out_path, localemu_error* err);
} localemu_host_store_v1;

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_STORE_H */
