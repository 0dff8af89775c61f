/* Every ABI header compiled as strict C11 (-std=c11 -Wall -Wextra -Wpedantic
 * -Wstrict-prototypes -Werror), each included twice to exercise its guard, plus
 * a few layout checks from the C side so C and C++ agree on LP64. The program
 * also checks LOCALEMU_HAS_FIELD at run time and exits non-zero on failure. */
#include "localemu/abi.h"
#include "localemu/bus.h"
#include "localemu/call.h"
#include "localemu/config.h"
#include "localemu/executor.h"
#include "localemu/host.h"
#include "localemu/localemu.h"
#include "localemu/metrics.h"
#include "localemu/plugin.h"
#include "localemu/poller.h"
#include "localemu/registry.h"
#include "localemu/resolver.h"
#include "localemu/service.h"
#include "localemu/store.h"
#include "localemu/timers.h"

#include "localemu/abi.h"
#include "localemu/localemu.h"
#include "localemu/plugin.h"

#include <stdio.h>

#if defined(__LP64__)
_Static_assert(sizeof(localemu_str) == 16, "localemu_str");
_Static_assert(sizeof(localemu_error) == 1032, "localemu_error");
_Static_assert(sizeof(localemu_plugin_entry_table) == 40, "localemu_plugin_entry_table");
_Static_assert(sizeof(localemu_plugin_descriptor) == 64, "localemu_plugin_descriptor");
_Static_assert(sizeof(localemu_routing_claims) == 72, "localemu_routing_claims");
_Static_assert(sizeof(localemu_object) == 32, "localemu_object");
_Static_assert(sizeof(localemu_host_api) == 64, "localemu_host_api");
_Static_assert(sizeof(localemu_service_vtable) == 72, "localemu_service_vtable");
_Static_assert(sizeof(localemu_executor_vtable) == 88, "localemu_executor_vtable");
_Static_assert(sizeof(localemu_poller_vtable) == 80, "localemu_poller_vtable");
_Static_assert(sizeof(localemu_resolver_vtable) == 40, "localemu_resolver_vtable");
_Static_assert(sizeof(localemu_env_spec) == 240, "localemu_env_spec");
_Static_assert(offsetof(localemu_plugin_entry_table, create) == 32, "entry create");
_Static_assert(offsetof(localemu_host_api, get_service) == 56, "host get_service");
#endif

static int failures = 0;

static void expect(int condition, const char* what) {
  if (!condition) {
    fprintf(stderr, "FAILED: %s\n", what);
    ++failures;
  }
}

int main(void) {
  localemu_plugin_entry_table entry = {0};
  const localemu_plugin_entry_table* none = NULL;

  expect(!LOCALEMU_HAS_FIELD(none, localemu_plugin_entry_table, create), "NULL has no field");

  entry.struct_size = sizeof entry;
  expect(LOCALEMU_HAS_FIELD(&entry, localemu_plugin_entry_table, struct_size), "full: struct_size");
  expect(LOCALEMU_HAS_FIELD(&entry, localemu_plugin_entry_table, create), "full: create");

  entry.struct_size = (uint32_t)offsetof(localemu_plugin_entry_table, create);
  expect(LOCALEMU_HAS_FIELD(&entry, localemu_plugin_entry_table, describe), "short: describe");
  expect(!LOCALEMU_HAS_FIELD(&entry, localemu_plugin_entry_table, create), "short: create");

  entry.struct_size = (uint32_t)(offsetof(localemu_plugin_entry_table, create) + sizeof(void*) - 1);
  expect(!LOCALEMU_HAS_FIELD(&entry, localemu_plugin_entry_table, create), "partial field");

  printf("%s\n", failures == 0 ? "ABI headers compile as C11; LOCALEMU_HAS_FIELD ok" : "failures");
  return failures == 0 ? 0 : 1;
}
