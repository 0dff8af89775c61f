#include "plugins/abi_checks.hpp"

#include <initializer_list>
#include <utility>

#include <fmt/format.h>

#include "plugins/abi_sizes.hpp"

namespace localemu::host::abi {
namespace {

// A member's name and whether it is set.
using Member = std::pair<const char*, bool>;

template <typename Fn>
bool set(Fn fn) noexcept {
  return fn != nullptr;
}

std::string tooSmall(std::string_view what, std::uint32_t size, std::uint32_t minimum) {
  return fmt::format("{} struct_size {} is smaller than the 1.0 size {}", what, size, minimum);
}

std::string firstNull(std::string_view what, std::initializer_list<Member> members) {
  for (const auto& [name, present] : members)
    if (!present) return fmt::format("{} member \"{}\" is NULL", what, name);
  return {};
}

bool empty(const char* s) noexcept { return s == nullptr || *s == '\0'; }

std::string checkStringList(std::string_view owner, const char* field, const char* const* list, std::size_t count) {
  if (count == 0) return {};
  if (list == nullptr) return fmt::format("{}: {} is NULL but its count is {}", owner, field, count);
  for (std::size_t i = 0; i < count; ++i)
    if (empty(list[i])) return fmt::format("{}: {}[{}] is NULL or empty", owner, field, i);
  return {};
}

std::string checkRouting(const localemu_plugin_descriptor& d) {
  const auto owner = fmt::format("service \"{}\"", d.id);
  const auto* r = d.routing;
  if (r == nullptr) return owner + " has no routing claims";
  if (r->struct_size < kRoutingClaims10) return tooSmall(owner + " routing claims", r->struct_size, kRoutingClaims10);
  if (r->protocol < LOCALEMU_PROTOCOL_REST_JSON || r->protocol > LOCALEMU_PROTOCOL_REST_XML)
    return fmt::format("{} has unknown protocol {}", owner, r->protocol);
  if (r->host_pattern_count + r->signing_name_count + r->target_prefix_count + r->path_prefix_count == 0)
    return owner + " has no routing claims";
  const auto where = owner + " routing claims";
  for (auto reason : {checkStringList(where, "host_patterns", r->host_patterns, r->host_pattern_count),
                      checkStringList(where, "signing_names", r->signing_names, r->signing_name_count),
                      checkStringList(where, "target_prefixes", r->target_prefixes, r->target_prefix_count),
                      checkStringList(where, "path_prefixes", r->path_prefixes, r->path_prefix_count)})
    if (!reason.empty()) return reason;
  return {};
}

std::string checkOptions(const localemu_plugin_descriptor& d) {
  if (d.option_count == 0) return {};
  if (d.options == nullptr)
    return fmt::format("plugin \"{}\" options is NULL but option_count is {}", d.id, d.option_count);
  for (std::size_t i = 0; i < d.option_count; ++i) {
    const auto& o = d.options[i];
    if (o.struct_size < kConfigOption10)
      return tooSmall(fmt::format("plugin \"{}\" option {}", d.id, i), o.struct_size, kConfigOption10);
    if (empty(o.name)) return fmt::format("plugin \"{}\" option {} has a NULL or empty name", d.id, i);
    if (o.type < LOCALEMU_CONFIG_STRING || o.type > LOCALEMU_CONFIG_LIST)
      return fmt::format("plugin \"{}\" option {} has unknown type {}", d.id, o.name, o.type);
  }
  return {};
}

}  // namespace

std::string versionText(std::uint32_t major, std::uint32_t minor) { return fmt::format("{}.{}", major, minor); }

std::string checkEntryTable(const localemu_plugin_entry_table* entry) {
  if (entry->struct_size < kEntryHeadSize) return tooSmall("entry table", entry->struct_size, kEntryTable10);
  const auto built = versionText(entry->abi_major, entry->abi_minor);
  const auto host = versionText(kHostMajor, kHostMinor);
  if (entry->abi_major != kHostMajor)
    return fmt::format("built for ABI {}, host speaks {}: major version differs", built, host);
  if (entry->abi_minor > kHostMinor)
    return fmt::format("built for ABI {}, host speaks {}: minor version is newer", built, host);
  if (entry->struct_size < kEntryTable10) return tooSmall("entry table", entry->struct_size, kEntryTable10);
  return firstNull("entry table",
                   {{"count", set(entry->count)}, {"describe", set(entry->describe)},
                    {"create", set(entry->create)}});
}

std::string checkDescriptor(std::uint32_t index, const localemu_plugin_descriptor* d) {
  if (d == nullptr) return fmt::format("descriptor {} is NULL", index);
  if (d->struct_size < kDescriptor10) return tooSmall(fmt::format("descriptor {}", index), d->struct_size, kDescriptor10);
  if (empty(d->id)) return fmt::format("descriptor {} has a NULL or empty id", index);
  if (kindName(d->kind) == nullptr) return fmt::format("plugin \"{}\" has unknown kind {}", d->id, d->kind);
  if (d->kind == LOCALEMU_KIND_SERVICE) {
    if (auto reason = checkRouting(*d); !reason.empty()) return reason;
  }
  return checkOptions(*d);
}

std::string checkVtable(std::int32_t kind, const void* vtable) {
  const char* name = kindName(kind);
  if (name == nullptr) return fmt::format("unknown plugin kind {}", kind);
  const auto what = fmt::format("{} vtable", name);
  if (vtable == nullptr) return what + " is NULL";
  const auto* object = static_cast<const localemu_object*>(vtable);
  const auto minimum = vtableSize10(kind);
  if (object->struct_size < minimum) return tooSmall(what, object->struct_size, minimum);
  switch (kind) {
    case LOCALEMU_KIND_SERVICE: {
      const auto* v = static_cast<const localemu_service_vtable*>(vtable);
      return firstNull(what, {{"object.destroy", set(v->object.destroy)},
                              {"start", set(v->start)},
                              {"stop", set(v->stop)},
                              {"handle", set(v->handle)},
                              {"call", set(v->call)}});
    }
    case LOCALEMU_KIND_EXECUTOR: {
      const auto* v = static_cast<const localemu_executor_vtable*>(vtable);
      return firstNull(what, {{"object.destroy", set(v->object.destroy)},
                              {"prepare", set(v->prepare)},
                              {"create_env", set(v->create_env)},
                              {"start_env", set(v->start_env)},
                              {"stop_env", set(v->stop_env)},
                              {"destroy_env", set(v->destroy_env)},
                              {"status", set(v->status)},
                              {"cleanup_orphans", set(v->cleanup_orphans)}});
    }
    case LOCALEMU_KIND_POLLER: {
      const auto* v = static_cast<const localemu_poller_vtable*>(vtable);
      if (auto reason = firstNull(what, {{"object.destroy", set(v->object.destroy)},
                                         {"open", set(v->open)},
                                         {"poll", set(v->poll)},
                                         {"complete", set(v->complete)},
                                         {"close", set(v->close)}});
          !reason.empty())
        return reason;
      return checkStringList(what, "source_arn_prefixes", v->source_arn_prefixes, v->source_arn_prefix_count);
    }
    default: {
      const auto* v = static_cast<const localemu_resolver_vtable*>(vtable);
      return firstNull(what, {{"object.destroy", set(v->object.destroy)}, {"resolve", set(v->resolve)}});
    }
  }
}

}  // namespace localemu::host::abi
