// The ABI rules as pure checks over in-memory structs: every rejection reason
// that has no fixture library of its own, and the vtable rules of each kind.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "localemu/localemu.h"
#include "plugins/abi_checks.hpp"
#include "plugins/abi_sizes.hpp"
#include "plugins/loader.hpp"

namespace hostabi = localemu::host::abi;
using localemu::host::Loader;

namespace {

uint32_t count() { return 1; }
const localemu_plugin_descriptor* describe(uint32_t) { return nullptr; }
localemu_status create(const localemu_host_api*, const char*, localemu_str, const void**, localemu_error*) {
  return LOCALEMU_OK;
}

localemu_plugin_entry_table validEntry() {
  return localemu_plugin_entry_table{sizeof(localemu_plugin_entry_table), LOCALEMU_ABI_VERSION_MAJOR,
                                     LOCALEMU_ABI_VERSION_MINOR, count, describe, create};
}

const char* const kNames[] = {"svc"};
const char* const kEmptyName[] = {""};
const char* const kNullName[] = {nullptr};

localemu_routing_claims validRouting() {
  return localemu_routing_claims{sizeof(localemu_routing_claims), LOCALEMU_PROTOCOL_QUERY, nullptr, 0, kNames, 1,
                                 nullptr, 0, nullptr, 0};
}

localemu_plugin_descriptor serviceDescriptor(const localemu_routing_claims* routing) {
  return localemu_plugin_descriptor{sizeof(localemu_plugin_descriptor), "svc", LOCALEMU_KIND_SERVICE, "1", "d",
                                    routing, nullptr, 0};
}

// ---------------------------------------------------------------- entry table

TEST(AbiEntryTable, ValidTablePasses) {
  const auto entry = validEntry();
  EXPECT_EQ(hostabi::checkEntryTable(&entry), "");
}

TEST(AbiEntryTable, OlderMinorIsAccepted) {
  // A 1.0 plugin on a 1.x host: nothing to test at 1.0 but that 1.0 passes.
  auto entry = validEntry();
  entry.abi_minor = 0;
  EXPECT_EQ(hostabi::checkEntryTable(&entry), "");
}

TEST(AbiEntryTable, VersionMismatches) {
  auto entry = validEntry();
  entry.abi_major = 0;
  entry.abi_minor = 9;
  EXPECT_EQ(hostabi::checkEntryTable(&entry), "built for ABI 0.9, host speaks 1.0: major version differs");
  entry.abi_major = 1;
  entry.abi_minor = 1;
  EXPECT_EQ(hostabi::checkEntryTable(&entry), "built for ABI 1.1, host speaks 1.0: minor version is newer");
}

TEST(AbiEntryTable, StructSizeTooSmall) {
  auto entry = validEntry();
  entry.struct_size = 8;
  EXPECT_EQ(hostabi::checkEntryTable(&entry), "entry table struct_size 8 is smaller than the 1.0 size 40");
  entry.struct_size = offsetof(localemu_plugin_entry_table, create);
  EXPECT_EQ(hostabi::checkEntryTable(&entry), "entry table struct_size 32 is smaller than the 1.0 size 40");
}

TEST(AbiEntryTable, VersionIsJudgedBeforeSize) {
  auto entry = validEntry();
  entry.abi_major = 2;
  entry.struct_size = hostabi::kEntryHeadSize;
  EXPECT_EQ(hostabi::checkEntryTable(&entry), "built for ABI 2.0, host speaks 1.0: major version differs");
}

TEST(AbiEntryTable, NullMembers) {
  auto entry = validEntry();
  entry.count = nullptr;
  EXPECT_EQ(hostabi::checkEntryTable(&entry), "entry table member \"count\" is NULL");
  entry = validEntry();
  entry.describe = nullptr;
  EXPECT_EQ(hostabi::checkEntryTable(&entry), "entry table member \"describe\" is NULL");
  entry = validEntry();
  entry.create = nullptr;
  EXPECT_EQ(hostabi::checkEntryTable(&entry), "entry table member \"create\" is NULL");
}

// ---------------------------------------------------------------- descriptors

TEST(AbiDescriptor, ValidKindsPass) {
  const auto routing = validRouting();
  const auto service = serviceDescriptor(&routing);
  EXPECT_EQ(hostabi::checkDescriptor(0, &service), "");
  for (int32_t kind : {LOCALEMU_KIND_EXECUTOR, LOCALEMU_KIND_POLLER, LOCALEMU_KIND_RESOLVER}) {
    localemu_plugin_descriptor d{sizeof(d), "x", kind, nullptr, nullptr, nullptr, nullptr, 0};
    EXPECT_EQ(hostabi::checkDescriptor(0, &d), "") << kind;
  }
}

TEST(AbiDescriptor, NullDescriptor) { EXPECT_EQ(hostabi::checkDescriptor(3, nullptr), "descriptor 3 is NULL"); }

TEST(AbiDescriptor, TooSmall) {
  const auto routing = validRouting();
  auto d = serviceDescriptor(&routing);
  d.struct_size = offsetof(localemu_plugin_descriptor, option_count);
  EXPECT_EQ(hostabi::checkDescriptor(1, &d), "descriptor 1 struct_size 56 is smaller than the 1.0 size 64");
}

TEST(AbiDescriptor, NullOrEmptyId) {
  const auto routing = validRouting();
  auto d = serviceDescriptor(&routing);
  d.id = nullptr;
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "descriptor 0 has a NULL or empty id");
  d.id = "";
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "descriptor 0 has a NULL or empty id");
}

TEST(AbiDescriptor, UnknownKind) {
  const auto routing = validRouting();
  auto d = serviceDescriptor(&routing);
  d.kind = 7;
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "plugin \"svc\" has unknown kind 7");
  d.kind = 0;
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "plugin \"svc\" has unknown kind 0");
}

TEST(AbiDescriptor, ServiceWithoutRoutingClaims) {
  const auto none = serviceDescriptor(nullptr);
  EXPECT_EQ(hostabi::checkDescriptor(0, &none), "service \"svc\" has no routing claims");
  auto empty = validRouting();
  empty.signing_name_count = 0;
  const auto d = serviceDescriptor(&empty);
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "service \"svc\" has no routing claims");
}

TEST(AbiDescriptor, NonServiceMayOmitRouting) {
  localemu_plugin_descriptor d{sizeof(d), "docker", LOCALEMU_KIND_EXECUTOR, "1", "", nullptr, nullptr, 0};
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "");
}

TEST(AbiDescriptor, BrokenRoutingClaims) {
  auto routing = validRouting();
  const auto d = serviceDescriptor(&routing);
  routing.struct_size = 16;
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "service \"svc\" routing claims struct_size 16 is smaller than the 1.0 size 72");
  routing = validRouting();
  routing.protocol = 0;
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "service \"svc\" has unknown protocol 0");
  routing = validRouting();
  routing.path_prefix_count = 2;
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "service \"svc\" routing claims: path_prefixes is NULL but its count is 2");
  routing = validRouting();
  routing.signing_names = kEmptyName;
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "service \"svc\" routing claims: signing_names[0] is NULL or empty");
  routing = validRouting();
  routing.host_patterns = kNullName;
  routing.host_pattern_count = 1;
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "service \"svc\" routing claims: host_patterns[0] is NULL or empty");
}

TEST(AbiDescriptor, BrokenOptions) {
  const auto routing = validRouting();
  auto d = serviceDescriptor(&routing);
  d.option_count = 2;
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "plugin \"svc\" options is NULL but option_count is 2");

  localemu_config_option options[] = {
      {sizeof(localemu_config_option), "SVC_A", LOCALEMU_CONFIG_INT, "1", nullptr, "a"},
      {sizeof(localemu_config_option), "", LOCALEMU_CONFIG_INT, "1", nullptr, "b"}};
  d.options = options;
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "plugin \"svc\" option 1 has a NULL or empty name");
  options[1].name = "SVC_B";
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "");
  options[1].type = 42;
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "plugin \"svc\" option SVC_B has unknown type 42");
  options[0].struct_size = 8;
  EXPECT_EQ(hostabi::checkDescriptor(0, &d), "plugin \"svc\" option 0 struct_size 8 is smaller than the 1.0 size 48");
}

// ---------------------------------------------------------------- vtables

void destroyNothing(void*) {}

localemu_service_vtable validService() {
  localemu_service_vtable v{};
  v.object = localemu_object{sizeof(v), nullptr, nullptr, destroyNothing};
  v.start = [](void*, localemu_error*) { return LOCALEMU_OK; };
  v.stop = [](void*) {};
  v.handle = [](void*, const localemu_http_request*, const localemu_http_response_writer*, localemu_error*) {
    return LOCALEMU_OK;
  };
  v.call = [](void*, const localemu_call_request*, const localemu_call_result*, localemu_error*) {
    return LOCALEMU_OK;
  };
  return v;
}

localemu_executor_vtable validExecutor() {
  localemu_executor_vtable v{};
  v.object = localemu_object{sizeof(v), nullptr, nullptr, destroyNothing};
  v.prepare = [](void*, localemu_str, localemu_str, localemu_error*) { return LOCALEMU_OK; };
  v.create_env = [](void*, const localemu_env_spec*, const localemu_env_output*, localemu_error*) {
    return LOCALEMU_OK;
  };
  v.start_env = [](void*, localemu_str, localemu_error*) { return LOCALEMU_OK; };
  v.stop_env = [](void*, localemu_str, uint32_t, localemu_error*) { return LOCALEMU_OK; };
  v.destroy_env = [](void*, localemu_str, localemu_error*) { return LOCALEMU_OK; };
  v.status = [](void*, localemu_str, localemu_env_status*, localemu_error*) { return LOCALEMU_OK; };
  v.cleanup_orphans = [](void*, localemu_str, localemu_error*) { return LOCALEMU_OK; };
  return v;
}

const char* const kArnPrefixes[] = {"arn:aws:sqs:"};

localemu_poller_vtable validPoller() {
  localemu_poller_vtable v{};
  v.object = localemu_object{sizeof(v), nullptr, nullptr, destroyNothing};
  v.source_arn_prefixes = kArnPrefixes;
  v.source_arn_prefix_count = 1;
  v.open = [](void*, localemu_str, localemu_poller_session**, localemu_error*) { return LOCALEMU_OK; };
  v.poll = [](void*, localemu_poller_session*, uint32_t, uint32_t, const localemu_batch_sink*, localemu_error*) {
    return LOCALEMU_IDLE;
  };
  v.complete = [](void*, localemu_poller_session*, localemu_str, const localemu_batch_outcome*, localemu_error*) {
    return LOCALEMU_OK;
  };
  v.close = [](void*, localemu_poller_session*) {};
  return v;
}

localemu_resolver_vtable validResolver() {
  localemu_resolver_vtable v{};
  v.object = localemu_object{sizeof(v), nullptr, nullptr, destroyNothing};
  v.resolve = [](void*, localemu_str, localemu_str, const localemu_sink*, localemu_error*) { return LOCALEMU_OK; };
  return v;
}

TEST(AbiVtable, ValidVtablesOfEveryKindPass) {
  const auto s = validService();
  const auto e = validExecutor();
  const auto p = validPoller();
  const auto r = validResolver();
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_SERVICE, &s), "");
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_EXECUTOR, &e), "");
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_POLLER, &p), "");
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_RESOLVER, &r), "");
}

TEST(AbiVtable, SelfAndGetExtensionAndResetAreOptional) {
  auto s = validService();
  int anything = 0;
  s.object.self = &anything;
  s.object.get_extension = nullptr;
  s.reset = nullptr;
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_SERVICE, &s), "");
}

TEST(AbiVtable, NullVtableAndUnknownKind) {
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_POLLER, nullptr), "poller vtable is NULL");
  const auto s = validService();
  EXPECT_EQ(Loader::checkVtable(9, &s), "unknown plugin kind 9");
}

TEST(AbiVtable, StructSizeBelowTheKindsSize) {
  auto s = validService();
  s.object.struct_size = offsetof(localemu_service_vtable, reset);
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_SERVICE, &s),
            "service vtable struct_size 64 is smaller than the 1.0 size 72");
  // A resolver-sized table handed out as an executor.
  auto r = validResolver();
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_EXECUTOR, &r),
            "executor vtable struct_size 40 is smaller than the 1.0 size 88");
}

TEST(AbiVtable, DestroyIsRequired) {
  auto r = validResolver();
  r.object.destroy = nullptr;
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_RESOLVER, &r), "resolver vtable member \"object.destroy\" is NULL");
}

TEST(AbiVtable, ServiceRequiredMembers) {
  auto v = validService();
  v.start = nullptr;
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_SERVICE, &v), "service vtable member \"start\" is NULL");
  v = validService();
  v.stop = nullptr;
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_SERVICE, &v), "service vtable member \"stop\" is NULL");
  v = validService();
  v.handle = nullptr;
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_SERVICE, &v), "service vtable member \"handle\" is NULL");
  v = validService();
  v.call = nullptr;
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_SERVICE, &v), "service vtable member \"call\" is NULL");
}

TEST(AbiVtable, ExecutorRequiresEveryMember) {
  struct Case {
    const char* name;
    void (*clear)(localemu_executor_vtable&);
  };
  const Case cases[] = {
      {"prepare", [](localemu_executor_vtable& v) { v.prepare = nullptr; }},
      {"create_env", [](localemu_executor_vtable& v) { v.create_env = nullptr; }},
      {"start_env", [](localemu_executor_vtable& v) { v.start_env = nullptr; }},
      {"stop_env", [](localemu_executor_vtable& v) { v.stop_env = nullptr; }},
      {"destroy_env", [](localemu_executor_vtable& v) { v.destroy_env = nullptr; }},
      {"status", [](localemu_executor_vtable& v) { v.status = nullptr; }},
      {"cleanup_orphans", [](localemu_executor_vtable& v) { v.cleanup_orphans = nullptr; }},
  };
  for (const auto& c : cases) {
    auto v = validExecutor();
    c.clear(v);
    EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_EXECUTOR, &v),
              std::string("executor vtable member \"") + c.name + "\" is NULL");
  }
}

TEST(AbiVtable, PollerRequiredMembers) {
  auto v = validPoller();
  v.open = nullptr;
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_POLLER, &v), "poller vtable member \"open\" is NULL");
  v = validPoller();
  v.poll = nullptr;
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_POLLER, &v), "poller vtable member \"poll\" is NULL");
  v = validPoller();
  v.complete = nullptr;
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_POLLER, &v), "poller vtable member \"complete\" is NULL");
  v = validPoller();
  v.close = nullptr;
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_POLLER, &v), "poller vtable member \"close\" is NULL");
  v = validPoller();
  v.source_arn_prefix_count = 2;
  v.source_arn_prefixes = nullptr;
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_POLLER, &v),
            "poller vtable: source_arn_prefixes is NULL but its count is 2");
}

TEST(AbiVtable, ResolverRequiresResolve) {
  auto v = validResolver();
  v.resolve = nullptr;
  EXPECT_EQ(Loader::checkVtable(LOCALEMU_KIND_RESOLVER, &v), "resolver vtable member \"resolve\" is NULL");
}

TEST(AbiSizes, MinimumsAreThe10Sizes) {
  EXPECT_EQ(hostabi::kEntryTable10, 40u);
  EXPECT_EQ(hostabi::kDescriptor10, 64u);
  EXPECT_EQ(hostabi::kRoutingClaims10, 72u);
  EXPECT_EQ(hostabi::kObject10, 32u);
  EXPECT_EQ(hostabi::vtableSize10(LOCALEMU_KIND_SERVICE), 72u);
  EXPECT_EQ(hostabi::vtableSize10(LOCALEMU_KIND_EXECUTOR), 88u);
  EXPECT_EQ(hostabi::vtableSize10(LOCALEMU_KIND_POLLER), 80u);
  EXPECT_EQ(hostabi::vtableSize10(LOCALEMU_KIND_RESOLVER), 40u);
  EXPECT_EQ(hostabi::vtableSize10(0), 0u);
}

}  // namespace
