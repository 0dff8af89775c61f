#include "model/policy.hpp"

#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace localemu::lambda {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

std::string compact(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

Array::Ptr statementArray(const std::vector<Object::Ptr>& statements) {
  Array::Ptr a = new Array;
  for (const auto& s : statements) a->add(s);
  return a;
}

}  // namespace

bool ResourcePolicy::has(const std::string& sid) const {
  for (const auto& s : statements)
    if (s->optValue<std::string>("Sid", "") == sid) return true;
  return false;
}

bool ResourcePolicy::remove(const std::string& sid) {
  for (auto it = statements.begin(); it != statements.end(); ++it) {
    if ((*it)->optValue<std::string>("Sid", "") == sid) {
      statements.erase(it);
      return true;
    }
  }
  return false;
}

std::string ResourcePolicy::document() const {
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("Version", "2012-10-17");
  o->set("Id", "default");
  o->set("Statement", statementArray(statements));
  return compact(o);
}

std::string ResourcePolicy::stored() const {
  if (statements.empty()) return {};
  Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("RevisionId", revisionId);
  o->set("Statement", statementArray(statements));
  return compact(o);
}

ResourcePolicy ResourcePolicy::fromStored(const std::string& text) {
  ResourcePolicy p;
  if (text.empty()) return p;
  Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
  const auto o = parser.parse(text).extract<Object::Ptr>();
  p.revisionId = o->optValue<std::string>("RevisionId", "");
  if (auto a = o->getArray("Statement"))
    for (std::size_t i = 0; i < a->size(); ++i) p.statements.push_back(a->getObject(static_cast<unsigned>(i)));
  return p;
}

std::string statementText(const Object::Ptr& statement) { return compact(statement); }

}  // namespace localemu::lambda
