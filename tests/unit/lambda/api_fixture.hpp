// A LambdaApi over the real in-memory host store (tests/support TestHost).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "api/lambda_api.hpp"
#include "code/code_digest.hpp"
#include "model/function_record.hpp"
#include "test_host.hpp"
#include "zip_builder.hpp"
#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::lambda::test {

// A store folder that outlives the fixtures made on it, so that a test can
// restart the API over it (PERSISTENCE=1, synchronous creation). Removed when
// the test ends.
struct PersistentState {
  explicit PersistentState(const std::string& name)
      : dir(std::filesystem::temp_directory_path() /
            (name + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()))) {
    std::filesystem::remove_all(dir);
  }
  ~PersistentState() { std::filesystem::remove_all(dir); }
  PersistentState(const PersistentState&) = delete;
  PersistentState& operator=(const PersistentState&) = delete;

  const std::filesystem::path dir;
  const std::map<std::string, std::string> config{{"LAMBDA_SYNCHRONOUS_CREATE", "1"}, {"PERSISTENCE", "1"}};
};

struct CallError {
  int status = 0;
  std::string code;
  std::string message;
};

class ApiFixture {
 public:
  explicit ApiFixture(std::map<std::string, std::string> config = {}, std::filesystem::path dataDir = {})
      : host_(std::move(config), std::move(dataDir)), sdkHost_(host_.api("lambda")), api_(std::make_unique<LambdaApi>(sdkHost_)) {}

  LambdaApi& api() { return *api_; }
  const sdk::Host& host() const { return sdkHost_; }

  Poco::JSON::Object::Ptr call(const std::string& operation, const std::string& input,
                               const RequestContext& ctx = {}) {
    return parseObject(api_->call(operation, input, ctx));
  }

  CallError error(const std::string& operation, const std::string& input, const RequestContext& ctx = {}) {
    try {
      api_->call(operation, input, ctx);
    } catch (const sdk::AwsError& e) {
      return {e.status(), e.code(), e.what()};
    }
    ADD_FAILURE() << operation << " succeeded but an error was expected";
    return {};
  }

  static std::string zipBase64(const std::string& zip = handlerZip()) { return localemu::sdk::aws::base64Encode(zip); }

  // A CreateFunction input for a python zip function; `extra` is spliced into the object.
  static std::string createInput(const std::string& name, const std::string& extra = {},
                                 const std::string& zip = handlerZip()) {
    return R"({"FunctionName":")" + name +
           R"(","Runtime":"python3.12","Role":"arn:aws:iam::000000000000:role/lambda-role","Handler":"index.handler","Code":{"ZipFile":")" +
           zipBase64(zip) + "\"}" + (extra.empty() ? "" : "," + extra) + "}";
  }

 private:
  localemu::test::TestHost host_;
  sdk::Host sdkHost_;
  std::unique_ptr<LambdaApi> api_;
};

}  // namespace localemu::lambda::test
