// The loader against the fixture plugins of tests/abi: each broken library is
// refused with its exact reason and log line, good libraries next to it still
// load, instances are created and checked, and nothing throws.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "localemu/localemu.h"
#include "plugins/loader.hpp"

namespace fs = std::filesystem;
using localemu::host::CreatedInstance;
using localemu::host::Loader;

namespace {

const fs::path kFixtures = LOCALEMU_ABI_FIXTURE_DIR;

fs::path folderOf(const std::string& name) { return kFixtures / name; }
fs::path libraryOf(const std::string& name) { return kFixtures / name / (name + ".so"); }

// A loader whose log lines land in a string.
struct Capture {
  std::ostringstream out;
  std::shared_ptr<spdlog::logger> logger;
  Capture() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    sink->set_pattern("%l %v");
    logger = std::make_shared<spdlog::logger>("loader-test", sink);
    logger->set_level(spdlog::level::trace);
  }
  std::string text() const { return out.str(); }
};

// A host table for create(): logs nowhere, offers no host service.
localemu_host_api fakeHost() {
  localemu_host_api host{};
  host.struct_size = sizeof(host);
  host.abi_major = LOCALEMU_ABI_VERSION_MAJOR;
  host.abi_minor = LOCALEMU_ABI_VERSION_MINOR;
  host.plugin_id = localemu_str{"test", 4};
  host.log = [](const localemu_host_api*, int32_t, localemu_str) {};
  host.log_level = [](const localemu_host_api*) -> int32_t { return LOCALEMU_LOG_OFF; };
  host.get_service = [](const localemu_host_api*, const char*) -> const void* { return nullptr; };
  return host;
}

void destroy(const CreatedInstance& instance) {
  const auto* object = static_cast<const localemu_object*>(instance.vtable);
  object->destroy(object->self);
}

class LoaderRejects : public ::testing::Test {
 protected:
  // Loads the one fixture `name` and expects it refused with exactly `reason`.
  void expectRefused(const std::string& name, const std::string& reason) {
    Capture capture;
    Loader loader(capture.logger);
    EXPECT_NO_THROW(loader.loadFolders({folderOf(name)}));
    EXPECT_TRUE(loader.offers().empty());
    ASSERT_EQ(loader.rejections().size(), 1u);
    EXPECT_EQ(loader.rejections()[0].library, libraryOf(name));
    EXPECT_EQ(loader.rejections()[0].reason, reason);
    EXPECT_NE(capture.text().find("error refusing plugin " + libraryOf(name).string() + ": " + reason + "\n"),
              std::string::npos)
        << capture.text();
  }
};

TEST_F(LoaderRejects, WrongMajor) {
  expectRefused("wrong_major", "built for ABI 2.0, host speaks 1.0: major version differs");
}

TEST_F(LoaderRejects, NewerMinor) {
  expectRefused("newer_minor", "built for ABI 1.3, host speaks 1.0: minor version is newer");
}

TEST_F(LoaderRejects, NoEntrySymbol) { expectRefused("no_entry", "no localemu_plugin_entry symbol"); }

TEST_F(LoaderRejects, EntryReturnsNull) { expectRefused("entry_null", "declined host ABI 1.0"); }

TEST_F(LoaderRejects, NullCreateInEntryTable) {
  expectRefused("null_create", "entry table member \"create\" is NULL");
}

TEST_F(LoaderRejects, ServiceWithoutRoutingClaims) {
  expectRefused("no_routing", "service \"abi-no-routing\" has no routing claims");
}

TEST_F(LoaderRejects, SameIdTwiceInOneLibrary) {
  expectRefused("duplicate_self", "plugin id \"abi-twice\" is declared twice in this library");
}

TEST_F(LoaderRejects, CxxExceptionEscapingThePlugin) {
  expectRefused("throwing_describe", "describe() threw a C++ exception: describe exploded");
}

TEST(Loader, SameIdInTwoLibrariesRefusesTheLaterOne) {
  Capture capture;
  Loader loader(capture.logger);
  loader.loadFolders({folderOf("duplicate_first"), folderOf("duplicate_second")});
  ASSERT_EQ(loader.offers().size(), 1u);
  EXPECT_EQ(loader.offers()[0].library, libraryOf("duplicate_first"));
  ASSERT_EQ(loader.rejections().size(), 1u);
  EXPECT_EQ(loader.rejections()[0].library, libraryOf("duplicate_second"));
  EXPECT_EQ(loader.rejections()[0].reason,
            "plugin id \"abi-duplicate\" already provided by " + libraryOf("duplicate_first").string());
}

TEST(Loader, FileThatIsNotALibraryCannotBeLoaded) {
  const auto dir = fs::temp_directory_path() / ("localemu-loader-garbage-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "garbage.so") << "not an ELF file";
  Loader loader;
  EXPECT_NO_THROW(loader.loadFolders({dir}));
  ASSERT_EQ(loader.rejections().size(), 1u);
  EXPECT_EQ(loader.rejections()[0].reason.rfind("cannot be loaded: ", 0), 0u) << loader.rejections()[0].reason;
  EXPECT_NE(loader.rejections()[0].reason.find("garbage.so"), std::string::npos) << loader.rejections()[0].reason;
  fs::remove_all(dir);
}

TEST(Loader, MissingLibraryCannotBeLoaded) {
  Loader loader;
  EXPECT_FALSE(loader.loadLibrary("/nonexistent/localemu/missing.so"));
  ASSERT_EQ(loader.rejections().size(), 1u);
  EXPECT_EQ(loader.rejections()[0].reason,
            "cannot be loaded: /nonexistent/localemu/missing.so: cannot open shared object file: No such file or "
            "directory");
}

TEST(Loader, MissingFolderIsOnlyAWarning) {
  Capture capture;
  Loader loader(capture.logger);
  EXPECT_NO_THROW(loader.loadFolders({"/nonexistent/localemu/plugins", folderOf("good")}));
  EXPECT_TRUE(loader.rejections().empty());
  EXPECT_EQ(loader.offers().size(), 4u);
  EXPECT_NE(capture.text().find("warning plugin folder /nonexistent/localemu/plugins does not exist"),
            std::string::npos);
}

TEST(Loader, GoodLibraryOffersEveryPluginInOrder) {
  Capture capture;
  Loader loader(capture.logger);
  loader.loadFolders({folderOf("good")});
  EXPECT_TRUE(loader.rejections().empty());
  ASSERT_EQ(loader.offers().size(), 4u);
  const char* ids[] = {"abi-good-service", "abi-good-executor", "abi-good-poller", "abi-good-resolver"};
  const int32_t kinds[] = {LOCALEMU_KIND_SERVICE, LOCALEMU_KIND_EXECUTOR, LOCALEMU_KIND_POLLER, LOCALEMU_KIND_RESOLVER};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_STREQ(loader.offers()[i].descriptor->id, ids[i]);
    EXPECT_EQ(loader.offers()[i].descriptor->kind, kinds[i]);
    EXPECT_EQ(loader.offers()[i].library, libraryOf("good"));
    EXPECT_EQ(loader.find(ids[i]), &loader.offers()[i]);
  }
  EXPECT_EQ(loader.find("nope"), nullptr);
  EXPECT_NE(capture.text().find("info loaded plugin \"abi-good-service\" (service 1.0.0) from " +
                                libraryOf("good").string()),
            std::string::npos)
      << capture.text();
}

TEST(Loader, LoadingTheSameLibraryTwiceIsHarmless) {
  Loader loader;
  EXPECT_TRUE(loader.loadLibrary(libraryOf("good")));
  EXPECT_TRUE(loader.loadLibrary(folderOf("good") / ".." / "good" / "good.so"));
  EXPECT_EQ(loader.offers().size(), 4u);
  EXPECT_TRUE(loader.rejections().empty());
}

// Bad and good libraries side by side in one folder: the bad ones are refused,
// the good ones load, in file-name order, and stay usable.
TEST(Loader, GoodPluginsInTheSameFolderStillLoad) {
  const auto dir = fs::temp_directory_path() / ("localemu-loader-mixed-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const std::string name : {"wrong_major", "good", "no_entry", "null_create", "null_handle", "entry_null",
                                 "newer_minor", "no_routing", "duplicate_self", "throwing_ctor"})
    fs::copy_file(libraryOf(name), dir / (name + ".so"));
  std::ofstream(dir / "README.txt") << "not a plugin: ignored";

  Capture capture;
  Loader loader(capture.logger);
  EXPECT_NO_THROW(loader.loadFolders({dir}));

  std::vector<std::string> refused;
  for (const auto& r : loader.rejections()) refused.push_back(r.library.filename().string());
  EXPECT_EQ(refused, (std::vector<std::string>{"duplicate_self.so", "entry_null.so", "newer_minor.so", "no_entry.so",
                                               "no_routing.so", "null_create.so", "wrong_major.so"}));
  std::vector<std::string> offered;
  for (const auto& o : loader.offers()) offered.push_back(o.descriptor->id);
  EXPECT_EQ(offered, (std::vector<std::string>{"abi-good-service", "abi-good-executor", "abi-good-poller",
                                               "abi-good-resolver", "abi-null-handle", "abi-throwing-ctor"}));

  const auto host = fakeHost();
  const auto instance = Loader::create(*loader.find("abi-good-service"), &host, "{}");
  ASSERT_TRUE(instance) << instance.message;
  destroy(instance);
  fs::remove_all(dir);
}

TEST(LoaderCreate, ServiceVtableWithNullHandleIsRefused) {
  Loader loader;
  ASSERT_TRUE(loader.loadLibrary(libraryOf("null_handle")));
  const auto host = fakeHost();
  const auto instance = Loader::create(*loader.find("abi-null-handle"), &host, "");
  EXPECT_FALSE(instance);
  EXPECT_EQ(instance.vtable, nullptr);
  EXPECT_EQ(instance.status, LOCALEMU_ERR_INTERNAL);
  EXPECT_EQ(instance.message, "service vtable member \"handle\" is NULL");
}

TEST(LoaderCreate, ThrowingConstructorBecomesInternalError) {
  Loader loader;
  ASSERT_TRUE(loader.loadLibrary(libraryOf("throwing_ctor")));
  const auto host = fakeHost();
  CreatedInstance instance;
  EXPECT_NO_THROW(instance = Loader::create(*loader.find("abi-throwing-ctor"), &host, "{}"));
  EXPECT_FALSE(instance);
  EXPECT_EQ(instance.status, LOCALEMU_ERR_INTERNAL);
  EXPECT_EQ(instance.message, "constructor failed on purpose");

  // The raw entry too: the SDK barrier turns the exception into a status.
  const auto& offer = *loader.find("abi-throwing-ctor");
  localemu_error err{};
  err.struct_size = sizeof(err);
  const void* vtable = nullptr;
  EXPECT_EQ(offer.entry->create(&host, "abi-throwing-ctor", localemu_str{"{}", 2}, &vtable, &err),
            LOCALEMU_ERR_INTERNAL);
  EXPECT_EQ(err.code, LOCALEMU_ERR_INTERNAL);
  EXPECT_STREQ(err.message, "constructor failed on purpose");
  EXPECT_EQ(vtable, nullptr);
}

TEST(LoaderCreate, EveryKindOfTheGoodLibraryWorks) {
  Loader loader;
  ASSERT_TRUE(loader.loadLibrary(libraryOf("good")));
  const auto host = fakeHost();

  const auto service = Loader::create(*loader.find("abi-good-service"), &host, "{}");
  ASSERT_TRUE(service) << service.message;
  const auto* sv = static_cast<const localemu_service_vtable*>(service.vtable);
  EXPECT_EQ(sv->object.struct_size, sizeof(localemu_service_vtable));
  EXPECT_NE(sv->reset, nullptr);
  struct Outcome {
    std::string output;
    std::string code;
  } outcome;
  localemu_call_result result{sizeof(localemu_call_result), &outcome,
                              [](void* ctx, localemu_str out) { static_cast<Outcome*>(ctx)->output.assign(out.data, out.size); },
                              [](void* ctx, int32_t, localemu_str code, localemu_str, localemu_str) {
                                static_cast<Outcome*>(ctx)->code.assign(code.data, code.size);
                              }};
  localemu_call_request request{sizeof(localemu_call_request), {"Ping", 4}, {"{}", 2}, nullptr};
  localemu_error err{};
  err.struct_size = sizeof(err);
  EXPECT_EQ(sv->call(sv->object.self, &request, &result, &err), LOCALEMU_OK);
  EXPECT_EQ(outcome.output, R"({"echo":"Ping"})");
  request.operation = {"Fail", 4};
  EXPECT_EQ(sv->call(sv->object.self, &request, &result, &err), LOCALEMU_OK);
  EXPECT_EQ(outcome.code, "ValidationException");
  destroy(service);

  for (const char* id : {"abi-good-executor", "abi-good-poller"}) {
    const auto instance = Loader::create(*loader.find(id), &host, "{}");
    ASSERT_TRUE(instance) << id << ": " << instance.message;
    destroy(instance);
  }

  const auto resolver = Loader::create(*loader.find("abi-good-resolver"), &host, "{}");
  ASSERT_TRUE(resolver) << resolver.message;
  const auto* rv = static_cast<const localemu_resolver_vtable*>(resolver.vtable);
  std::string image;
  localemu_sink sink{sizeof(localemu_sink), &image,
                     [](void* ctx, localemu_str chunk) { static_cast<std::string*>(ctx)->append(chunk.data, chunk.size); }};
  EXPECT_EQ(rv->resolve(rv->object.self, {"python3.12", 10}, {"x86_64", 6}, &sink, &err), LOCALEMU_OK);
  EXPECT_EQ(image, "public.ecr.aws/lambda/python:3.12");
  EXPECT_EQ(rv->resolve(rv->object.self, {"cobol", 5}, {"x86_64", 6}, &sink, &err), LOCALEMU_ERR_NOT_FOUND);
  EXPECT_STREQ(err.message, "unknown runtime");
  destroy(resolver);
}

TEST(LoaderCreate, UnloadedOfferIsAnInvalidArgument) {
  const auto host = fakeHost();
  const auto instance = Loader::create(localemu::host::PluginOffer{}, &host, "{}");
  EXPECT_FALSE(instance);
  EXPECT_EQ(instance.status, LOCALEMU_ERR_INVALID_ARG);
}

TEST(LoaderLogging, DefaultLoaderUsesTheLoggerNamedLoader) {
  Capture capture;
  auto named = std::make_shared<spdlog::logger>("loader", capture.logger->sinks().begin(), capture.logger->sinks().end());
  spdlog::register_logger(named);
  {
    Loader loader;
    loader.loadFolders({folderOf("entry_null")});
  }
  spdlog::drop("loader");
  EXPECT_NE(capture.text().find("error refusing plugin " + libraryOf("entry_null").string() + ": declined host ABI 1.0"),
            std::string::npos)
      << capture.text();
}

}  // namespace
