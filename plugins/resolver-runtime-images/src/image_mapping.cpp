#include "image_mapping.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <string>

#include "localemu/sdk/core.hpp"

namespace localemu::resolver {
namespace {

constexpr const char* kNotAnObject =
    "must be a JSON object mapping runtimes to images, e.g. {\"python3.12\": \"repo/image:tag\"}";

[[noreturn]] void invalid(const std::string& why) {
  throw sdk::PluginError(LOCALEMU_ERR_INVALID_ARG, "LAMBDA_RUNTIME_IMAGE_MAPPING " + why);
}

}  // namespace

ImageMapping ImageMapping::parse(std::string_view json) {
  ImageMapping mapping;
  const auto first = json.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return mapping;
  if (json[first] != '{') invalid(kNotAnObject);
  Poco::Dynamic::Var root;
  try {
    root = Poco::JSON::Parser().parse(std::string(json));
  } catch (const Poco::Exception& e) {
    invalid("is not valid JSON: " + e.displayText());
  }
  const auto object = root.type() == typeid(Poco::JSON::Object::Ptr) ? root.extract<Poco::JSON::Object::Ptr>() : nullptr;
  if (object.isNull()) invalid(kNotAnObject);
  for (const auto& [runtime, value] : *object) {
    if (!value.isString()) invalid("value for \"" + runtime + "\" must be a string (an image reference)");
    auto image = value.extract<std::string>();
    if (image.empty()) invalid("value for \"" + runtime + "\" is empty");
    mapping.images_.emplace(runtime, std::move(image));
  }
  return mapping;
}

std::optional<std::string> ImageMapping::find(std::string_view runtime) const {
  const auto it = images_.find(runtime);
  if (it == images_.end()) return std::nullopt;
  return it->second;
}

}  // namespace localemu::resolver
