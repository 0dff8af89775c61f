// localemu/sdk/aws/sigv4.hpp — the SigV4 credential scope of a request (who and
// where), read from the Authorization header or a presigned query string.
// Parsing only: signatures are not verified.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace localemu::sdk::aws {

struct CredentialScope {
  std::string accessKey;
  std::string date;  // yyyymmdd
  std::string region;
  std::string service;
  bool operator==(const CredentialScope&) const = default;
};

// "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/lambda/aws4_request, SignedHeaders=..., Signature=..."
std::optional<CredentialScope> parseAuthorization(std::string_view authorizationHeader);
// A raw query string holding X-Amz-Credential=AKID%2F20240101%2Fus-east-1%2Fsqs%2Faws4_request
std::optional<CredentialScope> parsePresignedQuery(std::string_view rawQuery);
// "AKID/20240101/us-east-1/lambda/aws4_request"
std::optional<CredentialScope> parseCredential(std::string_view credential);

// The 12-digit account an access key stands for: itself when it is 12 digits, else "000000000000".
std::string accountFromAccessKey(std::string_view accessKey);

}  // namespace localemu::sdk::aws
