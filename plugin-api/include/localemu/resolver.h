/*
 * localemu/resolver.h — runtime-image resolvers: runtime identifier -> image reference.
 */
#ifndef LOCALEMU_RESOLVER_H
#define LOCALEMU_RESOLVER_H

#include "localemu/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct localemu_resolver_vtable {
  localemu_object object;
  /* Writes the image reference for `runtime` ("python3.12") on `architecture`
   * ("x86_64"/"arm64") into `out_image`; LOCALEMU_ERR_NOT_FOUND for an unknown runtime.
   * [thread-safe] */
  localemu_status (*resolve)(void* self, localemu_str runtime, localemu_str architecture,
                             const localemu_sink* out_image, localemu_error* err);
} localemu_resolver_vtable;

#ifdef __cplusplus
}
#endif

#endif /* LOCALEMU_RESOLVER_H */
