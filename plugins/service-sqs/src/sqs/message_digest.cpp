#include "sqs/message_digest.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/MD5Engine.h>

#include <algorithm>
#include <vector>

#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::sqs {
namespace {

void appendLength(Poco::MD5Engine& md5, std::size_t n) {
  const unsigned char bytes[4] = {static_cast<unsigned char>(n >> 24), static_cast<unsigned char>(n >> 16),
                                  static_cast<unsigned char>(n >> 8), static_cast<unsigned char>(n)};
  md5.update(bytes, 4);
}

void appendString(Poco::MD5Engine& md5, std::string_view s) {
  appendLength(md5, s.size());
  md5.update(s.data(), static_cast<unsigned>(s.size()));
}

}  // namespace

std::string md5Hex(std::string_view bytes) {
  Poco::MD5Engine md5;
  md5.update(bytes.data(), static_cast<unsigned>(bytes.size()));
  return Poco::DigestEngine::digestToHex(md5.digest());
}

std::string md5OfAttributes(const Poco::JSON::Object& attributes) {
  if (attributes.size() == 0) return {};
  std::vector<std::string> names;
  for (const auto& [name, value] : attributes) names.push_back(name);
  std::sort(names.begin(), names.end());
  Poco::MD5Engine md5;
  for (const auto& name : names) {
    const auto attr = attributes.getObject(name);
    if (!attr) continue;
    appendString(md5, name);
    const std::string type = attr->optValue<std::string>("DataType", "");
    appendString(md5, type);
    if (attr->has("StringValue")) {
      const unsigned char transport = 1;
      md5.update(&transport, 1);
      appendString(md5, attr->getValue<std::string>("StringValue"));
    } else if (attr->has("BinaryValue")) {
      const unsigned char transport = 2;
      md5.update(&transport, 1);
      const auto bytes = sdk::aws::base64Decode(attr->getValue<std::string>("BinaryValue"));
      appendString(md5, bytes ? *bytes : std::string());
    }
  }
  return Poco::DigestEngine::digestToHex(md5.digest());
}

}  // namespace localemu::sqs
