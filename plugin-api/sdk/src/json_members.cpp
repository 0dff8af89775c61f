#include "localemu/sdk/aws/json_members.hpp"

namespace localemu::sdk::aws {

const Poco::Dynamic::Var* findMember(const Poco::JSON::Object& object, std::string_view name) {
  for (auto it = object.begin(); it != object.end(); ++it)
    if (it->first == name) return &it->second;
  return nullptr;
}

Poco::Dynamic::Var* findMember(Poco::JSON::Object& object, std::string_view name) {
  for (auto it = object.begin(); it != object.end(); ++it)
    if (it->first == name) return &it->second;
  return nullptr;
}

void moveMember(Poco::JSON::Object& to, const std::string& name, Poco::Dynamic::Var& value) {
  to.set(name, Poco::Dynamic::Var());
  findMember(to, name)->swap(value);
}

}  // namespace localemu::sdk::aws
