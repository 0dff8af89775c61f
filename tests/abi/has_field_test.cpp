// LOCALEMU_HAS_FIELD as a reader of an older (smaller) or newer (larger) struct sees it.
#include <gtest/gtest.h>

#include <cstddef>

#include "localemu/localemu.h"

namespace {

TEST(HasField, NullPointerHasNoField) {
  const localemu_plugin_descriptor* none = nullptr;
  EXPECT_FALSE(LOCALEMU_HAS_FIELD(none, localemu_plugin_descriptor, id));
}

TEST(HasField, FullStructHasEveryField) {
  localemu_plugin_descriptor d{};
  d.struct_size = sizeof(d);
  EXPECT_TRUE(LOCALEMU_HAS_FIELD(&d, localemu_plugin_descriptor, struct_size));
  EXPECT_TRUE(LOCALEMU_HAS_FIELD(&d, localemu_plugin_descriptor, id));
  EXPECT_TRUE(LOCALEMU_HAS_FIELD(&d, localemu_plugin_descriptor, option_count));
}

TEST(HasField, OlderStructLacksAppendedFields) {
  localemu_plugin_descriptor d{};
  d.struct_size = offsetof(localemu_plugin_descriptor, options);
  EXPECT_TRUE(LOCALEMU_HAS_FIELD(&d, localemu_plugin_descriptor, routing));
  EXPECT_FALSE(LOCALEMU_HAS_FIELD(&d, localemu_plugin_descriptor, options));
  EXPECT_FALSE(LOCALEMU_HAS_FIELD(&d, localemu_plugin_descriptor, option_count));
}

TEST(HasField, FieldMustFitWhole) {
  localemu_host_api host{};
  host.struct_size = offsetof(localemu_host_api, get_service) + sizeof(host.get_service) - 1;
  EXPECT_TRUE(LOCALEMU_HAS_FIELD(&host, localemu_host_api, log_level));
  EXPECT_FALSE(LOCALEMU_HAS_FIELD(&host, localemu_host_api, get_service));
  host.struct_size += 1;
  EXPECT_TRUE(LOCALEMU_HAS_FIELD(&host, localemu_host_api, get_service));
}

TEST(HasField, NewerLargerStructStillHasOlderFields) {
  struct Newer {
    localemu_object object;
    void* appendedIn11;
  } newer{};
  newer.object.struct_size = sizeof(newer);
  EXPECT_TRUE(LOCALEMU_HAS_FIELD(&newer.object, localemu_object, destroy));
}

// A vtable's size lives in its object head: test its members through &v->object.
TEST(HasField, VtableMembersAreTestedThroughTheObjectHead) {
  localemu_service_vtable v{};
  v.object.struct_size = offsetof(localemu_service_vtable, reset);
  EXPECT_TRUE(LOCALEMU_HAS_FIELD(&v.object, localemu_service_vtable, call));
  EXPECT_FALSE(LOCALEMU_HAS_FIELD(&v.object, localemu_service_vtable, reset));
  v.object.struct_size = sizeof(v);
  EXPECT_TRUE(LOCALEMU_HAS_FIELD(&v.object, localemu_service_vtable, reset));
}

}  // namespace
