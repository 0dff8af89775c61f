#include "filter/filter_pattern.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <utility>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/RegularExpression.h>

namespace localemu::logs {
namespace {

using Regex = std::shared_ptr<const Poco::RegularExpression>;

Regex compileRegex(std::string_view body) {
  if (body.empty()) throw InvalidFilterPattern("empty regular expression");
  try {
    return std::make_shared<const Poco::RegularExpression>(std::string(body));
  } catch (const Poco::Exception& e) {
    throw InvalidFilterPattern("invalid regular expression %" + std::string(body) + "%: " + e.message());
  }
}

bool search(const Poco::RegularExpression& re, std::string_view text) {
  Poco::RegularExpression::Match m;
  return re.match(std::string(text), 0, m) > 0;
}

std::optional<double> number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

bool isSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Reads a "quoted" string starting at s[i] == '"'; leaves i after the closing quote.
std::string readQuoted(std::string_view s, std::size_t& i) {
  std::string out;
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      out += s[++i];
    } else if (s[i] == '"') {
      ++i;
      return out;
    } else {
      out += s[i];
    }
  }
  throw InvalidFilterPattern("unterminated quoted string");
}

std::string readRegexBody(std::string_view s, std::size_t& i) {
  const auto close = s.find('%', i + 1);
  if (close == std::string_view::npos) throw InvalidFilterPattern("unterminated regular expression");
  std::string body(s.substr(i + 1, close - i - 1));
  i = close + 1;
  return body;
}

// ---------------------------------------------------------------- comparisons

enum class Op { Eq, Ne, Lt, Le, Gt, Ge };

struct Value {
  enum class Kind { Text, Number, Expression } kind = Kind::Text;
  std::string text;
  double num = 0;
  Regex regex;
};

Value valueOf(std::string text, bool quoted) {
  Value v;
  if (!quoted) {
    if (auto n = number(text)) {
      v.kind = Value::Kind::Number;
      v.num = *n;
    }
  }
  v.text = std::move(text);
  return v;
}

bool compareNumbers(Op op, double a, double b) {
  switch (op) {
    case Op::Eq: return a == b;
    case Op::Ne: return a != b;
    case Op::Lt: return a < b;
    case Op::Le: return a <= b;
    case Op::Gt: return a > b;
    case Op::Ge: return a >= b;
  }
  return false;
}

void checkOperator(Op op, const Value& v) {
  if (v.kind != Value::Kind::Number && op != Op::Eq && op != Op::Ne)
    throw InvalidFilterPattern("only = and != compare strings: " + v.text);
}

// `field` as text; `fieldNumber` when the field is numeric.
bool compareField(Op op, const Value& v, std::string_view field, std::optional<double> fieldNumber) {
  switch (v.kind) {
    case Value::Kind::Number:
      return fieldNumber && compareNumbers(op, *fieldNumber, v.num);
    case Value::Kind::Expression: {
      const bool hit = search(*v.regex, field);
      return op == Op::Eq ? hit : !hit;
    }
    case Value::Kind::Text: {
      const bool hit = wildcardMatch(v.text, field);
      return op == Op::Eq ? hit : !hit;
    }
  }
  return false;
}

std::optional<Op> readOperator(std::string_view s, std::size_t& i) {
  auto two = s.substr(i, 2);
  if (two == "!=") return i += 2, Op::Ne;
  if (two == "<=") return i += 2, Op::Le;
  if (two == ">=") return i += 2, Op::Ge;
  if (two == "==") return i += 2, Op::Eq;
  if (i < s.size()) {
    switch (s[i]) {
      case '=': return ++i, Op::Eq;
      case '<': return ++i, Op::Lt;
      case '>': return ++i, Op::Gt;
      default: break;
    }
  }
  return std::nullopt;
}

void skipSpaces(std::string_view s, std::size_t& i) {
  while (i < s.size() && isSpace(s[i])) ++i;
}

// A comparison value: "quoted", %regex% or a bare word ending at a space, ',', ')', '&&' or '||'.
Value readValue(std::string_view s, std::size_t& i) {
  skipSpaces(s, i);
  if (i >= s.size()) throw InvalidFilterPattern("a comparison lacks its value");
  if (s[i] == '"') return valueOf(readQuoted(s, i), true);
  if (s[i] == '%') {
    Value v;
    v.kind = Value::Kind::Expression;
    v.text = readRegexBody(s, i);
    v.regex = compileRegex(v.text);
    return v;
  }
  const auto start = i;
  while (i < s.size() && !isSpace(s[i]) && s[i] != ')' && s[i] != ',' && s.substr(i, 2) != "&&" &&
         s.substr(i, 2) != "||")
    ++i;
  if (i == start) throw InvalidFilterPattern("a comparison lacks its value");
  return valueOf(std::string(s.substr(start, i - start)), false);
}

// ---------------------------------------------------------------- terms

struct Term {
  enum class Kind { Required, Excluded, Optional } kind = Kind::Required;
  std::string text;
  Regex regex;
  bool in(std::string_view message) const {
    return regex ? search(*regex, message) : message.find(text) != std::string_view::npos;
  }
};

std::vector<Term> parseTerms(std::string_view s) {
  std::vector<Term> terms;
  std::size_t i = 0;
  while (true) {
    skipSpaces(s, i);
    if (i >= s.size()) break;
    Term term;
    if ((s[i] == '-' || s[i] == '?') && i + 1 < s.size() && !isSpace(s[i + 1])) {
      term.kind = s[i] == '-' ? Term::Kind::Excluded : Term::Kind::Optional;
      ++i;
    }
    if (s[i] == '"') {
      const auto start = i;
      term.text = readQuoted(s, i);
      if (term.text.empty())
        throw InvalidFilterPattern("Invalid character(s) in term '" + std::string(s.substr(start, i - start)) + "'");
    } else if (s[i] == '%') {
      term.text = readRegexBody(s, i);
      term.regex = compileRegex(term.text);
    } else {
      // Terms with characters other than letters, digits and '_' must be quoted.
      const auto start = i;
      while (i < s.size() && !isSpace(s[i])) ++i;
      term.text = std::string(s.substr(start, i - start));
      if (!std::all_of(term.text.begin(), term.text.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
          }))
        throw InvalidFilterPattern("Invalid character(s) in term '" + term.text + "'");
    }
    if (i < s.size() && !isSpace(s[i])) throw InvalidFilterPattern("unexpected character after a term");
    terms.push_back(std::move(term));
  }
  return terms;
}

bool matchTerms(const std::vector<Term>& terms, std::string_view message) {
  bool anyOptional = false, optionalHit = false;
  for (const auto& t : terms) {
    switch (t.kind) {
      case Term::Kind::Required:
        if (!t.in(message)) return false;
        break;
      case Term::Kind::Excluded:
        if (t.in(message)) return false;
        break;
      case Term::Kind::Optional:
        anyOptional = true;
        if (!optionalHit && t.in(message)) optionalHit = true;
        break;
    }
  }
  return !anyOptional || optionalHit;
}

// ---------------------------------------------------------------- JSON

struct Step {
  std::string key;  // object member
  long index = -1;  // array element when >= 0
};

struct JsonNode {
  enum class Kind { And, Or, Compare, IsNull, IsTrue, IsFalse, NotExists, Exists } kind = Kind::Compare;
  std::vector<std::unique_ptr<JsonNode>> children;
  std::vector<Step> path;
  Op op = Op::Eq;
  Value value;
};

std::vector<Step> parseSelector(std::string_view sel) {
  if (sel.empty() || sel[0] != '$') throw InvalidFilterPattern("a JSON selector must start with $");
  std::vector<Step> steps;
  std::size_t i = 1;
  while (i < sel.size()) {
    if (sel[i] == '.') {
      const auto start = ++i;
      while (i < sel.size() && sel[i] != '.' && sel[i] != '[') ++i;
      if (i == start) throw InvalidFilterPattern("empty member name in selector " + std::string(sel));
      steps.push_back({std::string(sel.substr(start, i - start)), -1});
    } else if (sel[i] == '[') {
      const auto close = sel.find(']', i);
      if (close == std::string_view::npos) throw InvalidFilterPattern("unclosed [ in selector " + std::string(sel));
      auto inside = sel.substr(i + 1, close - i - 1);
      long idx = 0;
      const auto [ptr, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), idx);
      if (ec != std::errc() || ptr != inside.data() + inside.size() || idx < 0)
        throw InvalidFilterPattern("invalid array index in selector " + std::string(sel));
      steps.push_back({{}, idx});
      i = close + 1;
    } else {
      throw InvalidFilterPattern("invalid selector " + std::string(sel));
    }
  }
  return steps;
}

class JsonParser {
 public:
  explicit JsonParser(std::string_view s) : s_(s) {}

  std::unique_ptr<JsonNode> parse() {
    auto node = parseOr();
    skipSpaces(s_, i_);
    if (i_ != s_.size()) throw InvalidFilterPattern("unexpected text in JSON pattern: " + std::string(s_.substr(i_)));
    return node;
  }

 private:
  bool accept(std::string_view token) {
    skipSpaces(s_, i_);
    if (s_.substr(i_, token.size()) != token) return false;
    i_ += token.size();
    return true;
  }
  bool acceptWord(std::string_view word) {
    skipSpaces(s_, i_);
    if (s_.size() - i_ < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k)
      if (std::toupper(static_cast<unsigned char>(s_[i_ + k])) != word[k]) return false;
    const auto end = i_ + word.size();
    if (end < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[end])) != 0 || s_[end] == '_')) return false;
    i_ = end;
    return true;
  }

  std::unique_ptr<JsonNode> combine(JsonNode::Kind kind, std::unique_ptr<JsonNode> first,
                                    std::unique_ptr<JsonNode> (JsonParser::*next)(), std::string_view token) {
    if (!accept(token)) return first;
    auto node = std::make_unique<JsonNode>();
    node->kind = kind;
    node->children.push_back(std::move(first));
    do node->children.push_back((this->*next)());
    while (accept(token));
    return node;
  }
  std::unique_ptr<JsonNode> parseOr() { return combine(JsonNode::Kind::Or, parseAnd(), &JsonParser::parseAnd, "||"); }
  std::unique_ptr<JsonNode> parseAnd() {
    return combine(JsonNode::Kind::And, parsePrimary(), &JsonParser::parsePrimary, "&&");
  }

  std::unique_ptr<JsonNode> parsePrimary() {
    if (accept("(")) {
      auto inner = parseOr();
      if (!accept(")")) throw InvalidFilterPattern("missing ) in JSON pattern");
      return inner;
    }
    skipSpaces(s_, i_);
    const auto start = i_;
    while (i_ < s_.size() && !isSpace(s_[i_]) && std::string_view("=!<>()&|").find(s_[i_]) == std::string_view::npos)
      ++i_;
    auto node = std::make_unique<JsonNode>();
    node->path = parseSelector(s_.substr(start, i_ - start));
    if (acceptWord("IS")) {
      if (acceptWord("NULL")) node->kind = JsonNode::Kind::IsNull;
      else if (acceptWord("TRUE")) node->kind = JsonNode::Kind::IsTrue;
      else if (acceptWord("FALSE")) node->kind = JsonNode::Kind::IsFalse;
      else throw InvalidFilterPattern("IS must be followed by NULL, TRUE or FALSE");
      return node;
    }
    if (acceptWord("NOT")) {
      if (!acceptWord("EXISTS")) throw InvalidFilterPattern("NOT must be followed by EXISTS");
      node->kind = JsonNode::Kind::NotExists;
      return node;
    }
    if (acceptWord("EXISTS")) {
      node->kind = JsonNode::Kind::Exists;
      return node;
    }
    skipSpaces(s_, i_);
    const auto op = readOperator(s_, i_);
    if (!op) throw InvalidFilterPattern("expected a comparison operator after a selector");
    node->op = *op;
    node->value = readValue(s_, i_);
    checkOperator(node->op, node->value);
    return node;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

struct Resolved {
  bool exists = false;
  Poco::Dynamic::Var value;
};

Resolved resolve(const Poco::Dynamic::Var& root, const std::vector<Step>& path) {
  Poco::Dynamic::Var current = root;
  for (const auto& step : path) {
    if (step.index >= 0) {
      if (current.type() != typeid(Poco::JSON::Array::Ptr)) return {};
      const auto array = current.extract<Poco::JSON::Array::Ptr>();
      if (!array || static_cast<std::size_t>(step.index) >= array->size()) return {};
      current = array->get(static_cast<unsigned>(step.index));
    } else {
      if (current.type() != typeid(Poco::JSON::Object::Ptr)) return {};
      const auto object = current.extract<Poco::JSON::Object::Ptr>();
      if (!object || !object->has(step.key)) return {};
      current = object->get(step.key);
    }
  }
  return {true, current};
}

bool isContainer(const Poco::Dynamic::Var& v) {
  return v.type() == typeid(Poco::JSON::Object::Ptr) || v.type() == typeid(Poco::JSON::Array::Ptr);
}

bool evaluate(const JsonNode& node, const Poco::Dynamic::Var& root) {
  switch (node.kind) {
    case JsonNode::Kind::And:
      for (const auto& c : node.children)
        if (!evaluate(*c, root)) return false;
      return true;
    case JsonNode::Kind::Or:
      for (const auto& c : node.children)
        if (evaluate(*c, root)) return true;
      return false;
    default:
      break;
  }
  const auto field = resolve(root, node.path);
  switch (node.kind) {
    case JsonNode::Kind::NotExists: return !field.exists;
    case JsonNode::Kind::Exists: return field.exists;
    case JsonNode::Kind::IsNull: return field.exists && field.value.isEmpty();
    case JsonNode::Kind::IsTrue:
    case JsonNode::Kind::IsFalse:
      return field.exists && field.value.isBoolean() &&
             field.value.extract<bool>() == (node.kind == JsonNode::Kind::IsTrue);
    default:
      break;
  }
  if (!field.exists || field.value.isEmpty() || isContainer(field.value)) return false;
  std::optional<double> fieldNumber;
  if (field.value.isNumeric()) fieldNumber = field.value.convert<double>();
  if (node.value.kind == Value::Kind::Number && !fieldNumber) return false;
  return compareField(node.op, node.value, field.value.convert<std::string>(), fieldNumber);
}

// ---------------------------------------------------------------- space-delimited

struct Condition {
  Op op = Op::Eq;
  Value value;
};

struct FieldSpec {
  bool ellipsis = false;
  std::string name;
  std::vector<std::vector<Condition>> anyOf;  // OR of ANDs; empty: any value
  bool accepts(std::string_view field) const {
    if (anyOf.empty()) return true;
    const auto n = number(field);
    for (const auto& all : anyOf) {
      bool ok = true;
      for (const auto& c : all)
        if (!compareField(c.op, c.value, field, n)) {
          ok = false;
          break;
        }
      if (ok) return true;
    }
    return false;
  }
};

// Splits at top-level commas (outside quotes).
std::vector<std::string_view> splitFields(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && quoted) ++i;
    else if (s[i] == '"') quoted = !quoted;
    else if (s[i] == ',' && !quoted) {
      parts.push_back(trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (quoted) throw InvalidFilterPattern("unterminated quoted string");
  parts.push_back(trim(s.substr(start)));
  return parts;
}

bool isNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.'; }

FieldSpec parseFieldSpec(std::string_view s) {
  FieldSpec spec;
  if (s == "...") {
    spec.ellipsis = true;
    return spec;
  }
  if (s.empty()) throw InvalidFilterPattern("empty field in a space-delimited pattern");
  std::size_t i = 0;
  std::vector<Condition> all;
  while (true) {
    skipSpaces(s, i);
    const auto start = i;
    while (i < s.size() && isNameChar(s[i])) ++i;
    if (i == start) throw InvalidFilterPattern("a field needs a name: " + std::string(s));
    const auto name = std::string(s.substr(start, i - start));
    if (spec.name.empty()) spec.name = name;
    else if (name != spec.name) throw InvalidFilterPattern("conditions of one field must name it: " + std::string(s));
    skipSpaces(s, i);
    if (i >= s.size() && all.empty() && spec.anyOf.empty()) return spec;
    const auto op = readOperator(s, i);
    if (!op) throw InvalidFilterPattern("expected a comparison operator in field: " + std::string(s));
    Condition c{*op, readValue(s, i)};
    checkOperator(c.op, c.value);
    all.push_back(std::move(c));
    skipSpaces(s, i);
    if (i >= s.size()) break;
    if (s.substr(i, 2) == "&&") {
      i += 2;
    } else if (s.substr(i, 2) == "||") {
      i += 2;
      spec.anyOf.push_back(std::move(all));
      all.clear();
    } else {
      throw InvalidFilterPattern("unexpected text in field: " + std::string(s));
    }
  }
  spec.anyOf.push_back(std::move(all));
  return spec;
}

// Message fields: whitespace-separated; "..." and [...] are one field (without their delimiters).
std::vector<std::string_view> messageFields(std::string_view m) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (true) {
    skipSpaces(m, i);
    if (i >= m.size()) break;
    const char open = m[i];
    const char close = open == '"' ? '"' : open == '[' ? ']' : '\0';
    if (close != '\0') {
      const auto end = m.find(close, i + 1);
      if (end != std::string_view::npos) {
        fields.push_back(m.substr(i + 1, end - i - 1));
        i = end + 1;
        continue;
      }
    }
    const auto start = i;
    while (i < m.size() && !isSpace(m[i])) ++i;
    fields.push_back(m.substr(start, i - start));
  }
  return fields;
}

bool matchFields(const std::vector<FieldSpec>& specs, std::size_t si, const std::vector<std::string_view>& fields,
                 std::size_t fi, std::vector<std::pair<std::string, std::string>>* out) {
  if (si == specs.size()) return fi == fields.size();
  const auto& spec = specs[si];
  if (spec.ellipsis) {
    for (std::size_t k = fi; k <= fields.size(); ++k)
      if (matchFields(specs, si + 1, fields, k, out)) return true;
    return false;
  }
  if (fi >= fields.size() || !spec.accepts(fields[fi])) return false;
  if (!matchFields(specs, si + 1, fields, fi + 1, out)) return false;
  if (out) out->insert(out->begin(), {"$" + spec.name, std::string(fields[fi])});
  return true;
}

}  // namespace

// ---------------------------------------------------------------- FilterPattern

struct FilterPattern::Impl {
  enum class Kind { All, Terms, Json, Delimited } kind = Kind::All;
  std::vector<Term> terms;
  std::unique_ptr<JsonNode> json;
  std::vector<FieldSpec> fields;
};

FilterPattern FilterPattern::parse(std::string_view pattern) {
  auto impl = std::make_shared<Impl>();
  const auto s = trim(pattern);
  if (s.empty()) return FilterPattern(impl);
  if (s.front() == '{') {
    if (s.back() != '}') throw InvalidFilterPattern("If a filter pattern starts with '{' it must end with '}'");
    impl->kind = Impl::Kind::Json;
    impl->json = JsonParser(s.substr(1, s.size() - 2)).parse();
  } else if (s.front() == '[') {
    if (s.back() != ']') throw InvalidFilterPattern("If a filter pattern starts with '[' it must end with ']'");
    impl->kind = Impl::Kind::Delimited;
    const auto inner = trim(s.substr(1, s.size() - 2));
    if (inner.empty()) throw InvalidFilterPattern("a space-delimited pattern needs fields");
    for (auto part : splitFields(inner)) impl->fields.push_back(parseFieldSpec(part));
  } else {
    impl->kind = Impl::Kind::Terms;
    impl->terms = parseTerms(s);
  }
  return FilterPattern(impl);
}

bool FilterPattern::matches(std::string_view message) const {
  switch (impl_->kind) {
    case Impl::Kind::All: return true;
    case Impl::Kind::Terms: return matchTerms(impl_->terms, message);
    case Impl::Kind::Json: {
      Poco::Dynamic::Var root;
      try {
        root = Poco::JSON::Parser().parse(std::string(trim(message)));
      } catch (const std::exception&) {
        return false;
      }
      return evaluate(*impl_->json, root);
    }
    case Impl::Kind::Delimited:
      return matchFields(impl_->fields, 0, messageFields(message), 0, nullptr);
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> FilterPattern::extract(std::string_view message) const {
  std::vector<std::pair<std::string, std::string>> out;
  if (impl_->kind != Impl::Kind::Delimited) return out;
  if (!matchFields(impl_->fields, 0, messageFields(message), 0, &out)) return {};
  std::erase_if(out, [](const auto& kv) { return kv.first == "$"; });
  return out;
}

bool wildcardMatch(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace localemu::logs
