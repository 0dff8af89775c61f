#include "api/presentation.hpp"

#include "api/errors.hpp"
#include "code/code_digest.hpp"
#include "model/clock.hpp"
#include "localemu/sdk/aws/encoding.hpp"
#include "localemu/sdk/aws/protocol.hpp"

namespace localemu::lambda {

FunctionConfiguration presentConfig(const FunctionConfiguration& config, const std::optional<std::string>& qualifier) {
  FunctionConfiguration out = config;
  if (qualifier) {
    const auto colon = config.functionArn.rfind(":function:");
    const auto nameEnd = config.functionArn.find(':', colon + 10);
    out.functionArn = config.functionArn.substr(0, nameEnd) + ":" + *qualifier;
  }
  return out;
}

FunctionConfiguration listedConfig(FunctionConfiguration c) {
  c.state.clear();
  c.stateReason.clear();
  c.stateReasonCode.clear();
  c.lastUpdateStatus.clear();
  c.lastUpdateStatusReason.clear();
  c.lastUpdateStatusReasonCode.clear();
  return c;
}

std::string listedText(const FunctionConfiguration& config) { return configurationText(listedConfig(config)); }

Poco::JSON::Object::Ptr configurationOutput(const FunctionConfiguration& config) {
  return sdk::aws::bodyTextOutput(configurationText(config));
}

FunctionVersion snapshotVersion(const FunctionRecord& record, std::uint64_t number,
                                const std::optional<std::string>& description) {
  FunctionVersion v = record.latest;
  auto& c = v.config;
  c.version = std::to_string(number);
  c.functionArn = presentConfig(c, c.version).functionArn;
  if (description) c.description = *description;
  c.revisionId = newRevisionId();
  const bool ready = c.state == "Active" && c.lastUpdateStatus != "InProgress";
  c.state = ready ? "Active" : "Pending";
  c.stateReason = ready ? "" : "The function is being created.";
  c.stateReasonCode = ready ? "" : "Creating";
  c.lastUpdateStatus = ready ? "Successful" : "";
  c.lastUpdateStatusReason.clear();
  c.lastUpdateStatusReasonCode.clear();
  return v;
}

int compareVersions(const std::string& a, const std::string& b) {
  if (a == b) return 0;
  if (a == "$LATEST") return -1;
  if (b == "$LATEST") return 1;
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a < b ? -1 : 1;
}

std::string encodeListMarker(const ListMarker& marker) { return sdk::aws::base64Encode(marker.name + "\n" + marker.version); }

ListMarker decodeListMarker(const std::optional<std::string>& marker) {
  if (!marker || marker->empty()) return {};
  const auto text = decodeBase64(*marker);
  const auto newline = text ? text->find('\n') : std::string::npos;
  if (newline == std::string::npos) throw errors::invalidParameter("Invalid Marker: " + *marker);
  return ListMarker{text->substr(0, newline), text->substr(newline + 1)};
}

}  // namespace localemu::lambda
