// plugins/abi_checks.hpp — the ABI rules of plugin.h as pure functions over the
// data a plugin library hands out. Each returns the stable rejection reason, or
// an empty string when the rule holds. They read plugin memory but never call
// plugin code. Threading: reentrant. May throw std::bad_alloc only.
#pragma once

#include <cstdint>
#include <string>

#include "localemu/plugin.h"

namespace localemu::host::abi {

// "1.0"
std::string versionText(std::uint32_t major, std::uint32_t minor);

// struct_size, the version pair against the host's, then the 1.0 size and the
// required members count/describe/create.
std::string checkEntryTable(const localemu_plugin_entry_table* entry);

// One descriptor of a library: size, id, kind, a service's routing claims, options.
std::string checkDescriptor(std::uint32_t index, const localemu_plugin_descriptor* descriptor);

// An instance vtable of `kind` (see Loader::checkVtable).
std::string checkVtable(std::int32_t kind, const void* vtable);

}  // namespace localemu::host::abi
