#include "api/api_support.hpp"

#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::logs {

void invalidParameter(const std::string& message) { throw sdk::AwsError(400, "InvalidParameterException", message); }
void notFound(std::string_view message) {
  throw sdk::AwsError(400, "ResourceNotFoundException", std::string(message));
}
void alreadyExists(std::string_view message) {
  throw sdk::AwsError(400, "ResourceAlreadyExistsException", std::string(message));
}

bool has(const Poco::JSON::Object& in, const std::string& key) { return in.has(key) && !in.isNull(key); }

std::optional<std::string> optString(const Poco::JSON::Object& in, const std::string& key) {
  if (!has(in, key)) return std::nullopt;
  return in.getValue<std::string>(key);
}

std::string requireString(const Poco::JSON::Object& in, const std::string& key) {
  auto v = optString(in, key);
  if (!v) invalidParameter("1 validation error detected: Value null at '" + key +
                           "' failed to satisfy constraint: Member must not be null");
  return *v;
}

std::optional<std::int64_t> optInt(const Poco::JSON::Object& in, const std::string& key) {
  if (!has(in, key)) return std::nullopt;
  return in.getValue<std::int64_t>(key);
}

std::optional<bool> optBool(const Poco::JSON::Object& in, const std::string& key) {
  if (!has(in, key)) return std::nullopt;
  return in.getValue<bool>(key);
}

std::vector<std::string> stringList(const Poco::JSON::Object& in, const std::string& key) {
  std::vector<std::string> out;
  if (auto a = in.getArray(key))
    for (std::size_t i = 0; i < a->size(); ++i) out.push_back(a->getElement<std::string>(static_cast<unsigned>(i)));
  return out;
}

std::string encodeToken(std::string_view cursor) { return sdk::aws::base64Encode(cursor); }

std::string decodeToken(std::string_view token) {
  auto decoded = sdk::aws::base64Decode(token);
  if (!decoded || decoded->empty()) invalidParameter("The specified nextToken is invalid.");
  return *decoded;
}

Poco::JSON::Object::Ptr object() { return new Poco::JSON::Object; }
Poco::JSON::Array::Ptr array() { return new Poco::JSON::Array; }

}  // namespace localemu::logs
