// The built service_lambda.so: its one exported entry, its descriptor
// (routing claims derived from the model, configuration options), and the
// wire door end to end (rest-json request -> LambdaApi -> response).
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "code/code_digest.hpp"
#include "localemu/plugin.h"
#include "localemu/service.h"
#include "localemu/sdk/aws/service_model.hpp"
#include "model/function_record.hpp"
#include "test_host.hpp"
#include "zip_builder.hpp"
#include "localemu/sdk/aws/encoding.hpp"

using namespace localemu::lambda;

namespace {

struct Response {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string operation;
  std::string header(const std::string& name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return v;
    return {};
  }
};

class PluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    library_ = dlopen(LAMBDA_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(library_, nullptr) << dlerror();
    auto entryFn = reinterpret_cast<localemu_plugin_entry_fn>(dlsym(library_, LOCALEMU_ENTRY_SYMBOL));
    ASSERT_NE(entryFn, nullptr);
    entry_ = entryFn(LOCALEMU_ABI_VERSION_MAJOR, LOCALEMU_ABI_VERSION_MINOR);
    ASSERT_NE(entry_, nullptr);
  }
  void TearDown() override {
    if (service_ != nullptr) {
      service_->stop(service_->object.self);
      service_->object.destroy(service_->object.self);
    }
    host_.reset();
    if (library_ != nullptr) dlclose(library_);
  }

  void startService(std::map<std::string, std::string> config) {
    host_ = std::make_unique<localemu::test::TestHost>(std::move(config));
    const void* vtable = nullptr;
    localemu_error err{};
    err.struct_size = sizeof err;
    ASSERT_EQ(entry_->create(host_->api("lambda"), "lambda", {nullptr, 0}, &vtable, &err), LOCALEMU_OK) << err.message;
    service_ = static_cast<const localemu_service_vtable*>(vtable);
    ASSERT_EQ(service_->start(service_->object.self, &err), LOCALEMU_OK) << err.message;
  }

  Response send(const std::string& method, const std::string& path, const std::string& body = {},
                const std::string& query = {}) {
    Response response;
    const std::vector<localemu_pair> headers{{{"Content-Type", 12}, {"application/json", 16}}};
    localemu_request_context ctx{sizeof ctx, {"req-1", 5}, {"us-east-1", 9}, {"000000000000", 12}, {"test", 4},
                                 {"http://localhost:4566", 21}};
    localemu_http_request request{sizeof request,
                                  {method.data(), method.size()},
                                  {path.data(), path.size()},
                                  {query.data(), query.size()},
                                  {"localhost:4566", 14},
                                  headers.data(),
                                  headers.size(),
                                  {body.data(), body.size()},
                                  &ctx};
    localemu_http_response_writer writer{
        sizeof writer, &response,
        [](void* c, int32_t status) { static_cast<Response*>(c)->status = status; },
        [](void* c, localemu_str n, localemu_str v) {
          static_cast<Response*>(c)->headers.emplace_back(std::string(n.data, n.size), std::string(v.data, v.size));
        },
        [](void* c, localemu_str chunk) -> localemu_status {
          static_cast<Response*>(c)->body.append(chunk.data, chunk.size);
          return LOCALEMU_OK;
        },
        [](void*) -> localemu_status { return LOCALEMU_OK; },
        [](void* c, localemu_str op) { static_cast<Response*>(c)->operation.assign(op.data, op.size); }};
    localemu_error err{};
    err.struct_size = sizeof err;
    EXPECT_EQ(service_->handle(service_->object.self, &request, &writer, &err), LOCALEMU_OK) << err.message;
    return response;
  }

  void* library_ = nullptr;
  const localemu_plugin_entry_table* entry_ = nullptr;
  std::unique_ptr<localemu::test::TestHost> host_;
  const localemu_service_vtable* service_ = nullptr;
};

}  // namespace

TEST_F(PluginTest, DescriptorClaimsEveryPathPrefixOfTheModel) {
  ASSERT_EQ(entry_->count(), 1u);
  const auto* d = entry_->describe(0);
  EXPECT_STREQ(d->id, "lambda");
  EXPECT_EQ(d->kind, LOCALEMU_KIND_SERVICE);
  ASSERT_NE(d->routing, nullptr);
  EXPECT_EQ(d->routing->protocol, LOCALEMU_PROTOCOL_REST_JSON);
  ASSERT_EQ(d->routing->signing_name_count, 1u);
  EXPECT_STREQ(d->routing->signing_names[0], "lambda");
  ASSERT_EQ(d->routing->host_pattern_count, 1u);
  EXPECT_STREQ(d->routing->host_patterns[0], "*.lambda-url.*.localhost");

  const auto model = localemu::sdk::aws::ServiceModel::fromFile(LOCALEMU_TEST_SOURCE_DIR "/aws-models/lambda-2015-03-31.json.gz");
  std::set<std::string> expected;
  for (const auto& op : model->operations()) expected.insert(op.requestUri.substr(0, op.requestUri.find('/', 1) + 1));
  std::set<std::string> claimed(d->routing->path_prefixes, d->routing->path_prefixes + d->routing->path_prefix_count);
  EXPECT_EQ(claimed, expected);

  std::set<std::string> options;
  for (std::size_t i = 0; i < d->option_count; ++i) options.insert(d->options[i].name);
  for (const char* name : {"LAMBDA_LIMITS_CODE_SIZE_ZIPPED", "LAMBDA_LIMITS_CODE_SIZE_UNZIPPED", "LAMBDA_LIMITS_TOTAL_CODE_SIZE",
                           "LAMBDA_LIMITS_CREATE_FUNCTION_REQUEST_SIZE", "LAMBDA_SYNCHRONOUS_CREATE"})
    EXPECT_TRUE(options.count(name)) << name;
}

TEST_F(PluginTest, RestJsonWireDoorEndToEnd) {
  startService({{"LAMBDA_SYNCHRONOUS_CREATE", "1"}});
  const std::string zip = test::handlerZip();
  const std::string create =
      R"({"FunctionName":"wire","Runtime":"python3.12","Role":"arn:aws:iam::000000000000:role/r","Handler":"index.handler","Code":{"ZipFile":")" +
      localemu::sdk::aws::base64Encode(zip) + R"("}})";
  auto r = send("POST", "/2015-03-31/functions", create);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<std::string>("CodeSha256"), codeSha256(zip));

  r = send("GET", "/2015-03-31/functions/wire");
  ASSERT_EQ(r.status, 200) << r.body;
  const auto got = parseObject(r.body);
  EXPECT_EQ(got->getObject("Configuration")->getValue<std::string>("State"), "Active");
  const std::string location = got->getObject("Code")->getValue<std::string>("Location");

  // Code.Location is served by the plugin itself.
  const std::string path = location.substr(std::string("http://localhost:4566").size());
  r = send("GET", path);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, zip);
  EXPECT_EQ(send("GET", "/2015-03-31/code-packages/" + std::string(64, '0') + ".zip").status, 404);

  r = send("GET", "/2015-03-31/functions/nope/configuration");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope"), std::string::npos) << r.body;

  r = send("PUT", "/2015-03-31/functions/wire/configuration", R"({"MemorySize":5})");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Member must have value greater than or equal to 128"), std::string::npos) << r.body;

  r = send("DELETE", "/2015-03-31/functions/wire");
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(send("GET", "/2015-03-31/functions/wire").status, 404);
}
