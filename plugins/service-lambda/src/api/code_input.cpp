#include "api/code_input.hpp"

#include <regex>

#include "api/errors.hpp"
#include "api/input.hpp"
#include "code/code_digest.hpp"
#include "localemu/sdk/aws/json_members.hpp"
#include "model/function_configuration.hpp"

namespace localemu::lambda {

namespace {

constexpr const char* kCannotUnzip = "Could not unzip uploaded file. Please check your file, then try to upload again.";

StoredCode storeZip(const CodeStore& store, const LambdaConfig& config, std::string_view zip, ZipCheck check) {
  if (static_cast<std::int64_t>(zip.size()) > config.codeSizeZipped)
    throw errors::requestTooLarge("Zipped size must be smaller than " + std::to_string(config.codeSizeZipped) + " bytes");
  try {
    return store.put(zip, ZipLimits{static_cast<std::uint64_t>(config.codeSizeUnzipped),
                                    static_cast<std::uint64_t>(config.maxCodeEntries)},
                     check);
  } catch (const ZipError& e) {
    if (e.kind() == ZipError::Kind::TooLarge)
      throw errors::invalidParameter("Unzipped size must be smaller than " + std::to_string(config.codeSizeUnzipped) +
                                     " bytes");
    throw errors::invalidParameter(kCannotUnzip);
  }
}

std::string fetchFromS3(const sdk::Host& host, const Poco::JSON::Object& code) {
  const std::string bucket = input::string(code, "S3Bucket").value_or("");
  const std::string key = input::string(code, "S3Key").value_or("");
  if (!host.hasService("s3"))
    throw errors::invalidParameter(
        "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist");
  Poco::JSON::Object request;
  request.set("Bucket", bucket);
  request.set("Key", key);
  if (auto version = input::string(code, "S3ObjectVersion")) request.set("VersionId", *version);
  const auto result = host.call("s3", "GetObject", stringify(Poco::Dynamic::Var(request)));
  if (!result.ok)
    throw errors::invalidParameter("Error occurred while GetObject. S3 Error Code: " + result.code +
                                   ". S3 Error Message: " + result.message);
  const auto output = parseObject(result.output);
  auto body = decodeBase64(input::string(*output, "Body").value_or(""));
  if (!body) throw errors::invalidParameter(kCannotUnzip);
  return std::move(*body);
}

bool validImageUri(const std::string& uri) {
  static const std::regex reference(
      R"(^([a-zA-Z0-9.\-]+(:[0-9]+)?/)?[a-z0-9]+([._\-]+[a-z0-9]+)*(/[a-z0-9]+([._\-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127})?(@sha256:[a-f0-9]{64})?$)");
  return !uri.empty() && uri.size() <= 1024 && std::regex_match(uri, reference);
}

}  // namespace

CodeInput readCodeInput(const sdk::Host& host, const CodeStore& store, const LambdaConfig& config,
                        const Poco::JSON::Object& code, const std::string& packageType, ZipCheck check) {
  CodeInput out;
  const bool hasZip = input::has(code, "ZipFile");
  const bool hasS3 = input::has(code, "S3Bucket") || input::has(code, "S3Key");
  const auto imageUri = input::string(code, "ImageUri");
  if (packageType == "Image") {
    if (hasZip || hasS3)
      throw errors::invalidParameter("Please don't provide ZipFile or S3 location when the package type is Image.");
    if (!imageUri) throw errors::invalidParameter("Please provide ImageUri when the package type is Image.");
    if (!validImageUri(*imageUri))
      throw errors::invalidParameter("Source image " + *imageUri + " is not valid. Provide a valid source image.");
    out.imageUri = *imageUri;
    return out;
  }
  if (imageUri) throw errors::invalidParameter("Please don't provide ImageUri when the package type is Zip.");
  if (hasZip && hasS3)
    throw errors::invalidParameter("Please do not provide other FunctionCode parameters when providing a ZipFile.");
  if (hasZip) {
    const Poco::Dynamic::Var* zipText = sdk::aws::findMember(code, "ZipFile");  // in place: MiBs of base64
    if (!zipText->isString()) (void)input::string(code, "ZipFile");  // throws its type error
    auto bytes = decodeBase64(zipText->extract<std::string>());
    if (!bytes) throw errors::invalidParameter(kCannotUnzip);
    out.zip = storeZip(store, config, *bytes, check);
  } else if (hasS3) {
    out.zip = storeZip(store, config, fetchFromS3(host, code), check);
  } else {
    throw errors::invalidParameter("Please provide a source for function code.");
  }
  return out;
}

void applyCode(FunctionVersion& version, const CodeInput& code) {
  if (code.zip) {
    version.code = FunctionCode{code.zip->digestHex, {}, {}};
    version.config.codeSha256 = code.zip->codeSha256;
    version.config.codeSize = code.zip->codeSize;
  } else {
    version.code = FunctionCode{{}, code.imageUri, code.imageUri};
    // For images Lambda reports the digest of the image manifest; without a
    // registry at hand, the digest of the reference stands in for it.
    version.config.codeSha256 = sha256Hex(code.imageUri);
    version.config.codeSize = 0;
  }
}

}  // namespace localemu::lambda
