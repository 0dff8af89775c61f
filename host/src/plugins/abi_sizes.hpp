// plugins/abi_sizes.hpp — the smallest struct_size the host accepts for each
// ABI struct: the end of that struct's last 1.0 field. A plugin built against
// any 1.x fills struct_size with at least this; a later minor only appends, so
// these stay as they are when the headers grow (the static_asserts below pin
// them to sizeof while the headers are still 1.0).
#pragma once

#include <cstddef>
#include <cstdint>

#include "localemu/executor.h"
#include "localemu/plugin.h"
#include "localemu/poller.h"
#include "localemu/resolver.h"
#include "localemu/service.h"

namespace localemu::host::abi {

#define LOCALEMU_ABI_END_OF(type, field) \
  static_cast<std::uint32_t>(offsetof(type, field) + sizeof(type::field))

inline constexpr std::uint32_t kHostMajor = LOCALEMU_ABI_VERSION_MAJOR;
inline constexpr std::uint32_t kHostMinor = LOCALEMU_ABI_VERSION_MINOR;

// The head every entry table keeps in every major: struct_size and the version pair.
inline constexpr std::uint32_t kEntryHeadSize = LOCALEMU_ABI_END_OF(localemu_plugin_entry_table, abi_minor);

inline constexpr std::uint32_t kEntryTable10 = LOCALEMU_ABI_END_OF(localemu_plugin_entry_table, create);
inline constexpr std::uint32_t kDescriptor10 = LOCALEMU_ABI_END_OF(localemu_plugin_descriptor, option_count);
inline constexpr std::uint32_t kRoutingClaims10 = LOCALEMU_ABI_END_OF(localemu_routing_claims, path_prefix_count);
inline constexpr std::uint32_t kConfigOption10 = LOCALEMU_ABI_END_OF(localemu_config_option, description);
inline constexpr std::uint32_t kObject10 = LOCALEMU_ABI_END_OF(localemu_object, destroy);
inline constexpr std::uint32_t kServiceVtable10 = LOCALEMU_ABI_END_OF(localemu_service_vtable, reset);
inline constexpr std::uint32_t kExecutorVtable10 = LOCALEMU_ABI_END_OF(localemu_executor_vtable, cleanup_orphans);
inline constexpr std::uint32_t kPollerVtable10 = LOCALEMU_ABI_END_OF(localemu_poller_vtable, close);
inline constexpr std::uint32_t kResolverVtable10 = LOCALEMU_ABI_END_OF(localemu_resolver_vtable, resolve);

#undef LOCALEMU_ABI_END_OF

#if LOCALEMU_ABI_VERSION_MAJOR == 1 && LOCALEMU_ABI_VERSION_MINOR == 0
static_assert(kEntryTable10 == sizeof(localemu_plugin_entry_table));
static_assert(kDescriptor10 == sizeof(localemu_plugin_descriptor));
static_assert(kRoutingClaims10 == sizeof(localemu_routing_claims));
static_assert(kConfigOption10 == sizeof(localemu_config_option));
static_assert(kObject10 == sizeof(localemu_object));
static_assert(kServiceVtable10 == sizeof(localemu_service_vtable));
static_assert(kExecutorVtable10 == sizeof(localemu_executor_vtable));
static_assert(kPollerVtable10 == sizeof(localemu_poller_vtable));
static_assert(kResolverVtable10 == sizeof(localemu_resolver_vtable));
#endif

// The 1.0 vtable size of a plugin kind, or 0 for an unknown kind.
constexpr std::uint32_t vtableSize10(std::int32_t kind) noexcept {
  switch (kind) {
    case LOCALEMU_KIND_SERVICE: return kServiceVtable10;
    case LOCALEMU_KIND_EXECUTOR: return kExecutorVtable10;
    case LOCALEMU_KIND_POLLER: return kPollerVtable10;
    case LOCALEMU_KIND_RESOLVER: return kResolverVtable10;
    default: return 0;
  }
}

// "service", "executor", "poller", "resolver", or nullptr for an unknown kind.
constexpr const char* kindName(std::int32_t kind) noexcept {
  switch (kind) {
    case LOCALEMU_KIND_SERVICE: return "service";
    case LOCALEMU_KIND_EXECUTOR: return "executor";
    case LOCALEMU_KIND_POLLER: return "poller";
    case LOCALEMU_KIND_RESOLVER: return "resolver";
    default: return nullptr;
  }
}

}  // namespace localemu::host::abi
