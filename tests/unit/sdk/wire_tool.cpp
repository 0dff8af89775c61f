// sdk_wire_tool: drives the protocol codecs from JSON lines on stdin, one answer per
// line on stdout, so that botocore_roundtrip_test.py can check them against botocore's
// own serializers and parsers. Bodies travel base64-encoded.
//   {"cmd":"decode","model":PATH,"request":{"method","path","query","headers":{},"body"}}
//   {"cmd":"encode","model":PATH,"operation":OP,"output":JSON}
//   {"cmd":"error","model":PATH,"status":N,"code":C,"message":M,"extra":JSON}
// An optional "protocol" (localemu_protocol number) overrides the model's.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <iostream>
#include <map>

#include "localemu/sdk/aws/encoding.hpp"
#include "localemu/sdk/aws/protocol.hpp"
#include "localemu/sdk/core.hpp"

namespace aws = localemu::sdk::aws;
using Poco::JSON::Object;

namespace {

Object::Ptr run(const Object::Ptr& cmd, const aws::Protocol& protocol) {
  Object::Ptr out = new Object;
  const auto what = cmd->getValue<std::string>("cmd");
  if (what == "decode") {
    const auto r = cmd->getObject("request");
    const auto method = r->getValue<std::string>("method");
    const auto path = r->getValue<std::string>("path");
    const auto query = r->getValue<std::string>("query");
    const auto body = aws::base64Decode(r->getValue<std::string>("body")).value_or("");
    std::vector<std::pair<std::string, std::string>> headers;
    const auto h = r->getObject("headers");
    for (const auto& name : h->getNames()) headers.emplace_back(name, h->getValue<std::string>(name));
    aws::WireRequest wire{method, path, query, {}, body};
    for (const auto& [n, v] : headers) wire.headers.emplace_back(n, v);
    const auto decoded = protocol.decode(wire);
    out->set("operation", decoded.operation);
    out->set("input", decoded.inputJson);
    return out;
  }
  const aws::WireResponse response =
      what == "encode"
          ? protocol.encode(cmd->getValue<std::string>("operation"), cmd->getValue<std::string>("output"), "req-1")
          : protocol.encodeError(cmd->getValue<int>("status"), cmd->getValue<std::string>("code"),
                                 cmd->getValue<std::string>("message"), cmd->optValue<std::string>("extra", ""),
                                 "req-1");
  out->set("status", response.status);
  Object::Ptr headers = new Object;
  for (const auto& [n, v] : response.headers) headers->set(n, v);
  out->set("headers", headers);
  out->set("body", aws::base64Encode(response.body));
  return out;
}

}  // namespace

int main() {
  std::map<std::string, std::shared_ptr<const aws::ServiceModel>> models;
  std::string line;
  while (std::getline(std::cin, line)) {
    Object::Ptr out;
    try {
      Poco::JSON::Parser parser;
      const auto cmd = parser.parse(line).extract<Object::Ptr>();
      auto& model = models[cmd->getValue<std::string>("model")];
      if (!model) model = aws::ServiceModel::fromFile(cmd->getValue<std::string>("model"));
      const auto protocol =
          cmd->has("protocol")
              ? aws::makeProtocol(static_cast<localemu_protocol>(cmd->getValue<int>("protocol")), model)
              : aws::protocolFor(model);
      out = run(cmd, *protocol);
    } catch (const localemu::sdk::AwsError& e) {
      out = new Object;
      out->set("error", e.code());
      out->set("message", std::string(e.what()));
    } catch (const std::exception& e) {
      out = new Object;
      out->set("error", "tool");
      out->set("message", std::string(e.what()));
    }
    out->stringify(std::cout);
    std::cout << std::endl;
  }
  return 0;
}
