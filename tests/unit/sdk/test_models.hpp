// Shared by the sdk unit tests: the repo's copies of the AWS models, loaded once.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "localemu/sdk/aws/service_model.hpp"

namespace localemu::sdk::aws::test {

inline std::shared_ptr<const ServiceModel> model(const std::string& name, const std::string& overlay = {}) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const ServiceModel>> cache;
  std::lock_guard lock(mutex);
  auto& slot = cache[name + overlay];
  if (!slot) slot = ServiceModel::fromFile(std::string(LOCALEMU_AWS_MODELS_DIR) + "/" + name + ".json.gz", overlay);
  return slot;
}
inline std::shared_ptr<const ServiceModel> lambda() { return model("lambda-2015-03-31"); }
inline std::shared_ptr<const ServiceModel> sqs() { return model("sqs-2012-11-05"); }
inline std::shared_ptr<const ServiceModel> logs() { return model("logs-2014-03-28"); }
inline std::shared_ptr<const ServiceModel> sns() { return model("sns-2010-03-31"); }

inline Poco::JSON::Object::Ptr parse(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace localemu::sdk::aws::test
