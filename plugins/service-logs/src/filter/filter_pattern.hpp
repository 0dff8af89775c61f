// filter/filter_pattern.hpp — CloudWatch Logs filter patterns (FilterLogEvents,
// metric and subscription filters, TestMetricFilter).
//
// Syntax, as AWS documents it:
//   (empty)                     every event
//   ERROR Exception             every term appears (case-sensitive substring); a term
//                               with characters other than letters, digits and '_'
//                               must be quoted

//   "Failed to connect"         a quoted phrase (\" escapes a quote)
//   ERROR -Retrying             excluded terms must not appear
//   ?ERROR ?WARN                at least one of the ?terms appears
//   %ERR(OR)?|WARN%             a regular expression between percent signs
//   { $.level = "ERROR" }       JSON: the message is a JSON value; selectors $.a.b[0],
//                               = != on strings (with * wildcards) or numbers,
//                               < <= > >= on numbers, IS NULL, IS TRUE, IS FALSE,
//                               NOT EXISTS, && || and parentheses
//   [ip, user, ..., status=4*, size>1000]
//                               space-delimited fields ("..." and [...] are one field),
//                               `...` for any number of fields, conditions per field
//                               joined by && or ||
//
// A parsed FilterPattern is immutable and safe to share across threads.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace localemu::logs {

class InvalidFilterPattern : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class FilterPattern {
 public:
  // Throws InvalidFilterPattern on malformed syntax.
  static FilterPattern parse(std::string_view pattern);

  bool matches(std::string_view message) const;
  // The values of the named fields of a space-delimited pattern ("$ip" -> "10.0.0.1"),
  // for TestMetricFilter; empty for other kinds or when the message does not match.
  std::vector<std::pair<std::string, std::string>> extract(std::string_view message) const;

  struct Impl;

 private:
  explicit FilterPattern(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

// '*' matches any run of characters; everything else literally.
bool wildcardMatch(std::string_view pattern, std::string_view text);

}  // namespace localemu::logs
