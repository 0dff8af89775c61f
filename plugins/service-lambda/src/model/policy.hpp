// Resource-based policies (of functions per qualifier, and of layer
// versions): the statements, the policy document AWS answers
// ({"Version":"2012-10-17","Id":"default","Statement":[...]}) and the
// RevisionId that changes with each statement added or removed.
// Value type; thread-compatible.
#pragma once

#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace localemu::lambda {

struct ResourcePolicy {
  std::string revisionId;
  std::vector<Poco::JSON::Object::Ptr> statements;

  bool empty() const noexcept { return statements.empty(); }
  bool has(const std::string& sid) const;
  // False when no statement has that Sid.
  bool remove(const std::string& sid);
  // The policy document as AWS prints it (compact JSON).
  std::string document() const;
  // Store form; an empty text reads back as an empty policy.
  std::string stored() const;
  static ResourcePolicy fromStored(const std::string& text);
};

// Compact JSON of one statement.
std::string statementText(const Poco::JSON::Object::Ptr& statement);

}  // namespace localemu::lambda
