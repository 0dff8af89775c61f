#include "localemu/sdk/aws/encoding.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/URI.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
#include <sstream>

namespace localemu::sdk::aws {

std::string base64Encode(std::string_view bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  encoder.close();
  return out.str();
}

std::optional<std::string> base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                    c == '/' || (c == '=' && i + 2 >= text.size());
    if (!ok) return std::nullopt;
  }
  try {
    std::istringstream in{std::string(text)};
    Poco::Base64Decoder decoder(in);
    return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::string percentDecode(std::string_view text, bool plusIsSpace) {
  // In form encoding '+' is a space and a real '+' arrives as %2B, so it is replaced
  // first (Poco's plusAsSpace applies only after a '?').
  std::string in(text);
  if (plusIsSpace) std::replace(in.begin(), in.end(), '+', ' ');
  std::string out;
  try {
    Poco::URI::decode(in, out);
  } catch (const Poco::SyntaxException&) {  // a stray '%': keep the text as sent
    return in;
  }
  return out;
}

std::string newRequestId() { return Poco::UUIDGenerator::defaultGenerator().createRandom().toString(); }

}  // namespace localemu::sdk::aws
