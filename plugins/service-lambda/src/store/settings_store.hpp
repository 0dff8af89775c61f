// JSON documents of the Lambda settings that live beside a function or on
// their own: reserved and provisioned concurrency, event invoke configs,
// recursion/runtime-management/scaling configs, code signing configs and
// their bindings, capacity providers, durable executions.
//
// Collections and ids (<fid> is <region>/<account>/<function name>):
//   function-concurrency     <fid>/reserved                 {"ReservedConcurrentExecutions":n}
//   provisioned-concurrency  <fid>/<qualifier>              requested/allocated/available, status
//   event-invoke-configs     <fid>/<qualifier>              FunctionEventInvokeConfig (stored form)
//   function-settings        <fid>/recursion | <fid>/code-signing |
//                            <fid>/runtime/<qualifier> | <fid>/scaling/<qualifier>
//   code-signing-configs     <region>/<account>/<csc id>    {"Config":{...},"Tags":{...}}
//   capacity-providers       <region>/<account>/<name>      {"Provider":{...},"Tags":{...}}
//   durable-executions       <region>/<account>/<function>/<execution arn suffix>
//   durable-callbacks        <callback id>                  {"DurableExecutionArn":...}
// Documents under <fid>/ go with the function (FunctionRepository::deleteFunction).
//
// Threading: [thread-safe] at the store level; callers serialise
// read-modify-write sequences with the function lock or their own lock.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Poco/JSON/Object.h>

#include "localemu/sdk/host.hpp"

namespace localemu::lambda {

namespace collections {
inline constexpr const char* kReservedConcurrency = "function-concurrency";
inline constexpr const char* kProvisionedConcurrency = "provisioned-concurrency";
inline constexpr const char* kEventInvokeConfigs = "event-invoke-configs";
inline constexpr const char* kFunctionSettings = "function-settings";
inline constexpr const char* kCodeSigningConfigs = "code-signing-configs";
inline constexpr const char* kCapacityProviders = "capacity-providers";
inline constexpr const char* kDurableExecutions = "durable-executions";
inline constexpr const char* kDurableCallbacks = "durable-callbacks";
}  // namespace collections

class SettingsStore {
 public:
  explicit SettingsStore(const sdk::Host& host) : host_(host) {}

  // Null when absent.
  Poco::JSON::Object::Ptr get(std::string_view collection, const std::string& id) const;
  void put(std::string_view collection, const std::string& id, const Poco::JSON::Object::Ptr& document) const;
  bool remove(std::string_view collection, const std::string& id) const;
  // Documents whose id starts with `prefix`, in id order.
  std::vector<std::pair<std::string, Poco::JSON::Object::Ptr>> list(std::string_view collection,
                                                                    const std::string& prefix) const;

 private:
  const sdk::Host& host_;
};

}  // namespace localemu::lambda
