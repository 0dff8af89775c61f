// Prints the Lambda operations LocalEmu routes, as JSON, for
// scripts/gen-coverage.py: {"table": [...], "wireDoor": [...]}.
#include <iostream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "route_table.hpp"
#include "test_host.hpp"

int main() {
  localemu::test::TestHost host({}, {});
  const localemu::sdk::Host sdkHost(host.api("lambda"));
  const localemu::lambda::LambdaApi api(sdkHost);
  Poco::JSON::Array::Ptr table = new Poco::JSON::Array;
  for (const auto& name : api.operations()) table->add(name);
  Poco::JSON::Array::Ptr wireDoor = new Poco::JSON::Array;
  for (const auto& name : localemu::lambda::test::kWireDoorOperations) wireDoor->add(name);
  Poco::JSON::Object out;
  out.set("table", table);
  out.set("wireDoor", wireDoor);
  out.stringify(std::cout);
  std::cout << '\n';
  return 0;
}
