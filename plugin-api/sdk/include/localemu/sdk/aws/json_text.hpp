// localemu/sdk/aws/json_text.hpp — JSON text of a Poco value tree, byte for byte what
// Poco::JSON's stringify (no indent) writes, appended to a string instead of going
// through an ostream one character at a time.
#pragma once

#include <string>
#include <string_view>

#include <Poco/Dynamic/Var.h>

namespace localemu::sdk::aws {

// Valid JSON text held as a value in a Poco tree (Var(RawJson{...})): appendJson,
// and Poco's own stringify, write it verbatim. For documents stored as JSON text
// and answered as they are, without parsing them into a tree per request.
// Member access (getObject, ...) does not see into it.
struct RawJson {
  std::string text;
};

// Appends the JSON text of `value` (Object/Array by value or Ptr, scalars, empty = null).
void appendJson(std::string& out, const Poco::Dynamic::Var& value);
// Appends `text` as a JSON string, quoted and escaped as appendJson writes strings.
void appendJsonString(std::string& out, std::string_view text);
std::string toJsonText(const Poco::Dynamic::Var& value);

}  // namespace localemu::sdk::aws

namespace Poco::Dynamic {

// Lets Poco's Stringifier write a RawJson: anything that is neither a container,
// a number nor a string is written as convert<std::string>() gives it.
template <>
class VarHolderImpl<localemu::sdk::aws::RawJson> : public VarHolder {
 public:
  explicit VarHolderImpl(const localemu::sdk::aws::RawJson& value) : value_(value) {}
  const std::type_info& type() const override { return typeid(localemu::sdk::aws::RawJson); }
  VarHolder* clone(Placeholder<VarHolder>* holder = nullptr) const override { return cloneHolder(holder, value_); }
  void convert(std::string& text) const override { text = value_.text; }
  const localemu::sdk::aws::RawJson& value() const { return value_; }

 private:
  localemu::sdk::aws::RawJson value_;
};

}  // namespace Poco::Dynamic
