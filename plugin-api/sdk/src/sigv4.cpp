#include "localemu/sdk/aws/sigv4.hpp"

#include <algorithm>
#include <cctype>

#include "localemu/sdk/aws/encoding.hpp"

namespace localemu::sdk::aws {

std::optional<CredentialScope> parseCredential(std::string_view credential) {
  std::string_view parts[5];
  for (int i = 0; i < 5; ++i) {
    const auto slash = credential.find('/');
    if (i < 4 && slash == std::string_view::npos) return std::nullopt;
    parts[i] = credential.substr(0, slash);
    credential = slash == std::string_view::npos ? std::string_view{} : credential.substr(slash + 1);
  }
  if (parts[4] != "aws4_request" || !credential.empty() || parts[0].empty() || parts[2].empty() || parts[3].empty() ||
      parts[1].size() != 8)
    return std::nullopt;
  return CredentialScope{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]), std::string(parts[3])};
}

std::optional<CredentialScope> parseAuthorization(std::string_view header) {
  if (!header.starts_with("AWS4-")) return std::nullopt;
  const auto at = header.find("Credential=");
  if (at == std::string_view::npos) return std::nullopt;
  auto value = header.substr(at + 11);
  value = value.substr(0, value.find_first_of(", "));
  return parseCredential(value);
}

std::optional<CredentialScope> parsePresignedQuery(std::string_view query) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && percentDecode(pair.substr(0, eq)) == "X-Amz-Credential")
      return parseCredential(percentDecode(pair.substr(eq + 1), true));
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
  }
  return std::nullopt;
}

std::string accountFromAccessKey(std::string_view accessKey) {
  const bool digits = accessKey.size() == 12 &&
                      std::all_of(accessKey.begin(), accessKey.end(), [](unsigned char c) { return std::isdigit(c); });
  return digits ? std::string(accessKey) : std::string("000000000000");
}

}  // namespace localemu::sdk::aws
