// localemu/sdk/aws/protocol.hpp — the AWS wire protocols (rest-json, json 1.0/1.1,
// query) driven by a ServiceModel: HTTP request -> (operation, input JSON) and
// output JSON / AWS error -> HTTP response, byte for byte as AWS answers.
//
// JSON at this boundary uses the model's member names. Blobs are base64 strings.
// Timestamps in input JSON are epoch seconds (numbers, possibly fractional);
// output JSON may give a timestamp as epoch seconds or as an ISO-8601 string,
// and the codec writes it in the protocol's (or the model's) format.
//
// Codecs are immutable after construction and safe to use from many threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Poco/JSON/Object.h>

#include "localemu/plugin.h"
#include "localemu/sdk/aws/service_model.hpp"

namespace localemu::sdk {
class HttpRequest;
class HttpResponse;
}  // namespace localemu::sdk

namespace localemu::sdk::aws {

// A request as the codec sees it. Views; the owner keeps them alive for the call.
struct WireRequest {
  std::string_view method;
  std::string_view path;   // raw, percent-encoded, without query
  std::string_view query;  // raw, without '?'
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string_view body;

  static WireRequest from(const HttpRequest& request);
  // The first header named `name`, case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const noexcept;
};

struct WireResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  const std::string* header(std::string_view name) const noexcept;
  void writeTo(const HttpResponse& response) const;
};

struct DecodedRequest {
  std::string operation;
  std::string inputJson;  // a JSON object
};

// The same, as the object tree the codec built (never null; the receiver owns it).
struct ParsedRequest {
  std::string operation;
  Poco::JSON::Object::Ptr input;
};

// An operation's output given whole as the JSON text of its body (a stored document
// answered as it is), for callParsed()/encodeParsed(). When every member of the
// output shape goes in the body, the rest-json codec writes the text unchanged —
// no shape check, no timestamp rewriting: it must already be the AWS shape;
// otherwise, and in the other codecs, it is decoded and encoded as a tree would be.
Poco::JSON::Object::Ptr bodyTextOutput(std::string jsonText);
// The text a bodyTextOutput() holds, or null for an ordinary output tree.
const std::string* bodyTextOf(const Poco::JSON::Object::Ptr& output);

class Protocol {
 public:
  virtual ~Protocol() = default;
  virtual localemu_protocol id() const noexcept = 0;
  // Throws AwsError shaped for this protocol: unknown operation
  // (UnknownOperationException / InvalidAction) or malformed input
  // (SerializationException / MalformedQueryString / ...).
  virtual DecodedRequest decode(const WireRequest& request) const = 0;
  // Throws AwsError(500, "InternalFailure") if outputJson is not a JSON object.
  virtual WireResponse encode(std::string_view operation, std::string_view outputJson,
                              std::string_view requestId) const = 0;
  // decode() and encode() without the JSON text in between: decodeParsed() gives the
  // input object decode() would serialise; encodeParsed() answers as encode() would
  // for the serialised `output` (null: no output members). `output` is only read.
  // The defaults go through the text forms; a codec overrides them to skip that.
  virtual ParsedRequest decodeParsed(const WireRequest& request) const;
  virtual WireResponse encodeParsed(std::string_view operation, const Poco::JSON::Object::Ptr& output,
                                    std::string_view requestId) const;
  // `extraJson`: a JSON object of further error-shape members (or empty).
  // Every error response carries x-amzn-RequestId.
  virtual WireResponse encodeError(int status, std::string_view code, std::string_view message,
                                   std::string_view extraJson, std::string_view requestId) const = 0;
};

// The codec for the model's own protocol. Throws std::invalid_argument for an
// unsupported protocol (rest-xml, ec2).
std::unique_ptr<Protocol> protocolFor(std::shared_ptr<const ServiceModel> model);
// A codec for `protocol` over `model` (e.g. query for an awsQueryCompatible json service).
std::unique_ptr<Protocol> makeProtocol(localemu_protocol protocol, std::shared_ptr<const ServiceModel> model);

// An error shaped without a model, for the gateway answering on a service's behalf.
WireResponse encodeErrorFor(localemu_protocol protocol, int status, std::string_view code, std::string_view message,
                            std::string_view requestId);

}  // namespace localemu::sdk::aws
