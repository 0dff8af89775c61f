// localemu/sdk/aws/service_model.hpp — a parsed botocore service model (the
// JSON format of botocore's service-2.json, optionally gzipped).
//
// A ServiceModel is immutable once built and safe to share across threads.
// Shapes and operations keep the model's declaration order.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace localemu::sdk::aws {

enum class ShapeType { Structure, List, Map, String, Integer, Long, Float, Double, Boolean, Timestamp, Blob };

// A reference to a shape from a structure member, list member or map key/value.
struct Member {
  std::string name;          // the member name (empty for list members, map keys/values)
  std::string shape;         // target shape name
  std::string location;      // "", "uri", "querystring", "header", "headers", "statusCode"
  std::string locationName;  // wire name when it differs from `name`
  std::string queryName;
  std::string timestampFormat;  // overrides the target shape's
  bool jsonValue = false;
  bool idempotencyToken = false;
  bool flattened = false;
  // The wire name: locationName when set, else name.
  const std::string& wireName() const noexcept { return locationName.empty() ? name : locationName; }
};

struct ErrorInfo {
  std::string code;        // query error code (error.code), empty when the model has none
  int httpStatusCode = 0;  // 0 when the model has none
  bool senderFault = false;
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::String;
  std::vector<Member> members;  // structures, in model order
  std::vector<std::string> required;
  std::string payload;  // structure member bound to the HTTP body
  Member member;        // lists
  Member key, value;    // maps
  std::vector<std::string> enumValues;
  std::optional<double> min, max;
  std::string pattern;
  std::string timestampFormat;
  std::string locationName;
  bool flattened = false;
  bool sensitive = false;
  bool exception = false;
  bool fault = false;
  std::optional<ErrorInfo> error;

  const Member* findMember(std::string_view memberName) const noexcept;
  bool isRequired(std::string_view memberName) const noexcept;
};

struct Operation {
  std::string name;
  std::string method = "POST";
  std::string requestUri = "/";
  int responseCode = 200;
  std::string input;          // input shape name, empty when none
  std::string output;         // output shape name, empty when none
  std::string resultWrapper;  // query protocol: <OpResult> element name
  std::vector<std::string> errors;
};

struct Metadata {
  std::string protocol;  // "rest-json", "json", "query", "rest-xml", "ec2"
  std::string jsonVersion;
  std::string targetPrefix;
  std::string signingName;
  std::string endpointPrefix;
  std::string apiVersion;
  std::string serviceId;
  std::string xmlNamespace;
  // Prefix of "__type" in json-protocol errors ("com.amazon.sqs.javamessaging");
  // not a botocore field: set it with an overlay (see fromJson). Empty: bare code.
  std::string errorNamespace;
  bool awsQueryCompatible = false;
};

class ServiceModel {
 public:
  // Parses a botocore model. `overlayJson`, when given, is a partial model deep-merged
  // into it first (objects merge, everything else replaces): the way a plugin supplies
  // what a published model lacks (query error codes, query locationNames, errorNamespace).
  // Throws std::invalid_argument on malformed input.
  static std::shared_ptr<const ServiceModel> fromJson(std::string_view json, std::string_view overlayJson = {});
  // The same from gzip-compressed bytes (the *.json.gz files).
  static std::shared_ptr<const ServiceModel> fromGzip(std::string_view bytes, std::string_view overlayJson = {});
  // Reads a .json or .json.gz file.
  static std::shared_ptr<const ServiceModel> fromFile(const std::string& path, std::string_view overlayJson = {});

  const Metadata& metadata() const noexcept { return metadata_; }
  const std::vector<Operation>& operations() const noexcept { return operations_; }
  const Operation* operation(std::string_view name) const noexcept;
  const Shape* shape(std::string_view name) const noexcept;
  // The error shape named `code`, or whose error.code is `code`; nullptr when unmodeled.
  const Shape* errorShape(std::string_view code) const noexcept;
  // The operation's input/output shape, nullptr when it has none.
  const Shape* inputOf(const Operation& op) const noexcept { return shape(op.input); }
  const Shape* outputOf(const Operation& op) const noexcept { return shape(op.output); }
  // The effective timestamp format of a member: member's, else shape's, else `fallback`.
  std::string timestampFormat(const Member& m, std::string_view fallback) const;

 private:
  Metadata metadata_;
  std::vector<Operation> operations_;
  std::map<std::string, std::size_t, std::less<>> operationIndex_;
  std::map<std::string, Shape, std::less<>> shapes_;
  std::map<std::string, std::string, std::less<>> errorCodes_;  // error.code -> shape name
};

}  // namespace localemu::sdk::aws
