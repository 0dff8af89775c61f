#include "insights/insights_query.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <optional>
#include <set>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/RegularExpression.h>

namespace localemu::logs {
namespace {

// ---------------------------------------------------------------- lexing

struct Token {
  enum class Kind { Ident, String, Regex, Number, Symbol, End } kind = Kind::End;
  std::string text;
};

bool identChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '@' || c == '_' || c == '.' || c == '$';
}

std::vector<Token> lex(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
    } else if (c == '"' || c == '\'' || c == '`' || c == '/') {
      std::string text;
      for (++i; i < s.size() && s[i] != c; ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && c != '/') ++i;
        text += s[i];
      }
      if (i >= s.size()) throw MalformedQuery(std::string("unterminated ") + (c == '/' ? "regular expression" : "string"));
      ++i;
      if (c == '`') out.push_back({Token::Kind::Ident, text});
      else out.push_back({c == '/' ? Token::Kind::Regex : Token::Kind::String, text});
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 ||
               (c == '-' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])) != 0)) {
      const auto start = i++;
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) != 0 || s[i] == '.')) ++i;
      out.push_back({Token::Kind::Number, std::string(s.substr(start, i - start))});
    } else if (identChar(c)) {
      const auto start = i;
      while (i < s.size() && identChar(s[i])) ++i;
      out.push_back({Token::Kind::Ident, std::string(s.substr(start, i - start))});
    } else {
      const auto two = s.substr(i, 2);
      if (two == "!=" || two == "<=" || two == ">=" || two == "==") {
        out.push_back({Token::Kind::Symbol, std::string(two)});
        i += 2;
      } else if (std::string_view("=<>,()[]*").find(c) != std::string_view::npos) {
        out.push_back({Token::Kind::Symbol, std::string(1, c)});
        ++i;
      } else {
        throw MalformedQuery(std::string("unexpected symbol found ") + c + " at position " + std::to_string(i + 1));
      }
    }
  }
  out.push_back({});
  return out;
}

// Splits at '|' outside strings and regular expressions.
std::vector<std::string_view> commands(std::string_view q) {
  std::vector<std::string_view> parts;
  char open = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < q.size(); ++i) {
    const char c = q[i];
    if (open != 0) {
      if (c == '\\' && open != '/') ++i;
      else if (c == open) open = 0;
    } else if (c == '"' || c == '\'' || c == '`' || c == '/') {
      open = c;
    } else if (c == '|') {
      parts.push_back(q.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(q.substr(start));
  return parts;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::optional<double> number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string formatNumber(double v) {
  if (v == static_cast<double>(static_cast<long long>(v))) return std::to_string(static_cast<long long>(v));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// ---------------------------------------------------------------- filter expressions

struct Operand {
  bool literal = false;
  std::string text;  // field name or literal value
};

struct Expr {
  enum class Kind { And, Or, Not, Compare, Like, In, Present, Truthy } kind = Kind::Truthy;
  std::vector<std::unique_ptr<Expr>> children;
  Operand lhs, rhs;
  std::string op;
  bool negated = false;
  std::shared_ptr<const Poco::RegularExpression> regex;
  std::vector<std::string> list;
};

using Row = std::map<std::string, std::string>;

std::optional<std::string> valueOf(const Operand& o, const Row& row) {
  if (o.literal) return o.text;
  auto it = row.find(o.text);
  if (it == row.end()) return std::nullopt;
  return it->second;
}

bool compare(const std::string& op, const std::string& a, const std::string& b) {
  const auto x = number(a), y = number(b);
  if (x && y) {
    if (op == "=" || op == "==") return *x == *y;
    if (op == "!=") return *x != *y;
    if (op == "<") return *x < *y;
    if (op == "<=") return *x <= *y;
    if (op == ">") return *x > *y;
    return *x >= *y;
  }
  if (op == "=" || op == "==") return a == b;
  if (op == "!=") return a != b;
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == ">") return a > b;
  return a >= b;
}

bool eval(const Expr& e, const Row& row) {
  switch (e.kind) {
    case Expr::Kind::And:
      return std::all_of(e.children.begin(), e.children.end(), [&](const auto& c) { return eval(*c, row); });
    case Expr::Kind::Or:
      return std::any_of(e.children.begin(), e.children.end(), [&](const auto& c) { return eval(*c, row); });
    case Expr::Kind::Not:
      return !eval(*e.children.front(), row);
    case Expr::Kind::Present:
      return valueOf(e.lhs, row).has_value();
    case Expr::Kind::Truthy: {
      const auto v = valueOf(e.lhs, row);
      return v && !v->empty() && *v != "0" && *v != "false";
    }
    case Expr::Kind::Compare: {
      const auto a = valueOf(e.lhs, row), b = valueOf(e.rhs, row);
      return a && b && compare(e.op, *a, *b);
    }
    case Expr::Kind::Like: {
      const auto v = valueOf(e.lhs, row);
      if (!v) return false;
      bool hit = false;
      if (e.regex) {
        Poco::RegularExpression::Match m;
        hit = e.regex->match(*v, 0, m) > 0;
      } else {
        hit = v->find(e.rhs.text) != std::string::npos;
      }
      return hit != e.negated;
    }
    case Expr::Kind::In: {
      const auto v = valueOf(e.lhs, row);
      if (!v) return false;
      const bool hit = std::any_of(e.list.begin(), e.list.end(), [&](const std::string& x) { return compare("=", *v, x); });
      return hit != e.negated;
    }
  }
  return false;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  const Token& peek() const { return t_[i_]; }
  bool atEnd() const { return peek().kind == Token::Kind::End; }
  Token next() {
    if (atEnd()) throw MalformedQuery("unexpected end of query");
    return t_[i_++];
  }
  bool acceptSymbol(std::string_view s) {
    if (peek().kind == Token::Kind::Symbol && peek().text == s) return ++i_, true;
    return false;
  }
  bool acceptWord(std::string_view w) {
    if (peek().kind == Token::Kind::Ident && lower(peek().text) == w) return ++i_, true;
    return false;
  }
  std::string field() {
    auto tok = next();
    if (tok.kind != Token::Kind::Ident) throw MalformedQuery("expected a field name, found " + tok.text);
    return tok.text;
  }
  void expectEnd() {
    if (!atEnd()) throw MalformedQuery("unexpected symbol found " + peek().text);
  }

  std::unique_ptr<Expr> orExpr() { return chain(Expr::Kind::Or, "or", &Parser::andExpr); }
  std::unique_ptr<Expr> andExpr() { return chain(Expr::Kind::And, "and", &Parser::notExpr); }
  std::unique_ptr<Expr> notExpr() {
    if (acceptWord("not")) {
      auto e = std::make_unique<Expr>();
      e->kind = Expr::Kind::Not;
      e->children.push_back(notExpr());
      return e;
    }
    return primary();
  }

 private:
  std::unique_ptr<Expr> chain(Expr::Kind kind, std::string_view word, std::unique_ptr<Expr> (Parser::*sub)()) {
    auto first = (this->*sub)();
    if (!(peek().kind == Token::Kind::Ident && lower(peek().text) == word)) return first;
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->children.push_back(std::move(first));
    while (acceptWord(word)) e->children.push_back((this->*sub)());
    return e;
  }

  Operand operand() {
    auto tok = next();
    switch (tok.kind) {
      case Token::Kind::Ident: return {false, tok.text};
      case Token::Kind::String:
      case Token::Kind::Number: return {true, tok.text};
      default: throw MalformedQuery("unexpected symbol found " + tok.text);
    }
  }

  std::unique_ptr<Expr> primary() {
    auto e = std::make_unique<Expr>();
    if (acceptSymbol("(")) {
      auto inner = orExpr();
      if (!acceptSymbol(")")) throw MalformedQuery("missing ) in filter");
      return inner;
    }
    if (peek().kind == Token::Kind::Ident && lower(peek().text) == "ispresent") {
      ++i_;
      if (!acceptSymbol("(")) throw MalformedQuery("ispresent needs (field)");
      e->kind = Expr::Kind::Present;
      e->lhs = {false, field()};
      if (!acceptSymbol(")")) throw MalformedQuery("missing ) after ispresent");
      return e;
    }
    e->lhs = operand();
    bool negated = false;
    if (peek().kind == Token::Kind::Ident && lower(peek().text) == "not" && i_ + 1 < t_.size() &&
        t_[i_ + 1].kind == Token::Kind::Ident && (lower(t_[i_ + 1].text) == "like" || lower(t_[i_ + 1].text) == "in")) {
      ++i_;
      negated = true;
    }
    if (acceptWord("like") || acceptSymbol("=~")) {
      e->kind = Expr::Kind::Like;
      e->negated = negated;
      auto pattern = next();
      if (pattern.kind == Token::Kind::Regex) {
        try {
          e->regex = std::make_shared<const Poco::RegularExpression>(pattern.text);
        } catch (const Poco::Exception& x) {
          throw MalformedQuery("invalid regular expression /" + pattern.text + "/: " + x.message());
        }
      } else if (pattern.kind == Token::Kind::String) {
        e->rhs = {true, pattern.text};
      } else {
        throw MalformedQuery("like needs a /regex/ or a \"string\"");
      }
      return e;
    }
    if (acceptWord("in")) {
      e->kind = Expr::Kind::In;
      e->negated = negated;
      if (!acceptSymbol("[")) throw MalformedQuery("in needs a [list]");
      do e->list.push_back(operand().text);
      while (acceptSymbol(","));
      if (!acceptSymbol("]")) throw MalformedQuery("missing ] in list");
      return e;
    }
    if (negated) throw MalformedQuery("not must precede like or in");
    for (const char* op : {"=", "==", "!=", "<", "<=", ">", ">="})
      if (acceptSymbol(op)) {
        e->kind = Expr::Kind::Compare;
        e->op = op;
        e->rhs = operand();
        return e;
      }
    e->kind = Expr::Kind::Truthy;
    return e;
  }

  std::vector<Token> t_;
  std::size_t i_ = 0;
};

// ---------------------------------------------------------------- commands

struct Aggregate {
  std::string function;  // count, sum, avg, min, max
  std::string field;     // "*" for count(*)
  std::string name;
};

struct Command {
  enum class Kind { Fields, Display, Filter, Stats, Sort, Limit } kind = Kind::Fields;
  std::vector<std::pair<std::string, std::string>> fields;  // (source, shown name)
  std::unique_ptr<Expr> filter;
  std::vector<Aggregate> aggregates;
  std::vector<std::string> by;
  std::string sortField;
  bool descending = false;
  std::size_t limit = 0;
};

Command parseCommand(std::string_view text) {
  Parser p(lex(text));
  Command c;
  const auto word = lower(p.field());
  if (word == "fields" || word == "display") {
    c.kind = word == "fields" ? Command::Kind::Fields : Command::Kind::Display;
    do {
      const auto source = p.field();
      const auto shown = p.acceptWord("as") ? p.field() : source;
      c.fields.emplace_back(source, shown);
    } while (p.acceptSymbol(","));
  } else if (word == "filter") {
    c.kind = Command::Kind::Filter;
    c.filter = p.orExpr();
  } else if (word == "stats") {
    c.kind = Command::Kind::Stats;
    do {
      Aggregate a;
      a.function = lower(p.field());
      if (a.function != "count" && a.function != "sum" && a.function != "avg" && a.function != "min" &&
          a.function != "max" && a.function != "count_distinct")
        throw MalformedQuery("unsupported stats function " + a.function);
      if (!p.acceptSymbol("(")) throw MalformedQuery("expected ( after " + a.function);
      a.field = p.acceptSymbol("*") ? "*" : p.field();
      if (!p.acceptSymbol(")")) throw MalformedQuery("expected ) in stats");
      a.name = p.acceptWord("as") ? p.field() : a.function + "(" + a.field + ")";
      c.aggregates.push_back(std::move(a));
    } while (p.acceptSymbol(","));
    if (p.acceptWord("by")) {
      do c.by.push_back(p.field());
      while (p.acceptSymbol(","));
    }
  } else if (word == "sort") {
    c.kind = Command::Kind::Sort;
    c.sortField = p.field();
    if (p.acceptWord("desc")) c.descending = true;
    else p.acceptWord("asc");
  } else if (word == "limit") {
    c.kind = Command::Kind::Limit;
    auto n = p.next();
    if (n.kind != Token::Kind::Number || n.text.find_first_not_of("0123456789") != std::string::npos || n.text == "0")
      throw MalformedQuery("limit needs a positive integer");
    c.limit = std::stoull(n.text);
  } else {
    throw MalformedQuery("unexpected symbol found " + word + " at line 1");
  }
  p.expectEnd();
  return c;
}

void flatten(const std::string& prefix, const Poco::Dynamic::Var& v, std::map<std::string, std::string>& out) {
  if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
    for (const auto& [k, child] : *v.extract<Poco::JSON::Object::Ptr>())
      flatten(prefix.empty() ? k : prefix + "." + k, child, out);
  } else if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto a = v.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < a->size(); ++i) flatten(prefix + "." + std::to_string(i), a->get(static_cast<unsigned>(i)), out);
  } else if (!v.isEmpty() && !prefix.empty()) {
    out[prefix] = v.convert<std::string>();
  }
}

}  // namespace

struct InsightsQuery::Impl {
  std::vector<Command> commands;
};

InsightsQuery InsightsQuery::parse(std::string_view query) {
  auto impl = std::make_shared<Impl>();
  for (auto part : commands(query)) {
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.front())) != 0) part.remove_prefix(1);
    if (part.empty()) throw MalformedQuery("empty command in query");
    impl->commands.push_back(parseCommand(part));
  }
  return InsightsQuery(impl);
}

InsightsQuery::Result InsightsQuery::run(std::vector<InsightsRecord> records, std::size_t limit) const {
  struct Item {
    std::int64_t ts;
    Row row;
  };
  std::vector<Item> items;
  items.reserve(records.size());
  for (auto& r : records) items.push_back({r.timestampMs, std::move(r.fields)});
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.ts < b.ts; });

  std::vector<std::string> shown;
  bool chosen = false, aggregated = false;
  for (const auto& c : impl_->commands) {
    switch (c.kind) {
      case Command::Kind::Fields:
      case Command::Kind::Display:
        if (c.kind == Command::Kind::Display || !chosen) shown.clear();
        chosen = true;
        for (const auto& [source, name] : c.fields) {
          if (source != name)
            for (auto& it : items)
              if (auto v = it.row.find(source); v != it.row.end()) it.row[name] = v->second;
          if (std::find(shown.begin(), shown.end(), name) == shown.end()) shown.push_back(name);
        }
        break;
      case Command::Kind::Filter:
        std::erase_if(items, [&](const Item& it) { return !eval(*c.filter, it.row); });
        break;
      case Command::Kind::Stats: {
        std::vector<std::pair<std::vector<std::string>, std::vector<const Row*>>> groups;
        std::map<std::vector<std::string>, std::size_t> index;
        for (const auto& it : items) {
          std::vector<std::string> key;
          for (const auto& b : c.by) key.push_back(it.row.count(b) ? it.row.at(b) : "");
          auto [pos, fresh] = index.emplace(key, groups.size());
          if (fresh) groups.push_back({key, {}});
          groups[pos->second].second.push_back(&it.row);
        }
        std::vector<Item> out;
        for (const auto& [key, rows] : groups) {
          Item item{0, {}};
          for (std::size_t k = 0; k < c.by.size(); ++k)
            if (!key[k].empty()) item.row[c.by[k]] = key[k];
          for (const auto& a : c.aggregates) {
            std::size_t count = 0;
            double sum = 0;
            std::optional<double> lo, hi;
            std::set<std::string> distinct;
            for (const auto* r : rows) {
              if (a.field == "*") {
                ++count;
                continue;
              }
              auto v = r->find(a.field);
              if (v == r->end()) continue;
              ++count;
              distinct.insert(v->second);
              if (auto n = number(v->second)) {
                sum += *n;
                lo = lo ? std::min(*lo, *n) : *n;
                hi = hi ? std::max(*hi, *n) : *n;
              }
            }
            std::optional<std::string> value;
            if (a.function == "count") value = std::to_string(count);
            else if (a.function == "count_distinct") value = std::to_string(distinct.size());
            else if (a.function == "sum" && count) value = formatNumber(sum);
            else if (a.function == "avg" && count) value = formatNumber(sum / static_cast<double>(count));
            else if (a.function == "min" && lo) value = formatNumber(*lo);
            else if (a.function == "max" && hi) value = formatNumber(*hi);
            if (value) item.row[a.name] = *value;
          }
          out.push_back(std::move(item));
        }
        items = std::move(out);
        shown = c.by;
        for (const auto& a : c.aggregates) shown.push_back(a.name);
        chosen = aggregated = true;
        break;
      }
      case Command::Kind::Sort:
        std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
          bool less = false;
          if (c.sortField == "@timestamp" && !aggregated) {
            less = c.descending ? a.ts > b.ts : a.ts < b.ts;
          } else {
            const auto x = a.row.count(c.sortField) ? a.row.at(c.sortField) : std::string();
            const auto y = b.row.count(c.sortField) ? b.row.at(c.sortField) : std::string();
            less = c.descending ? compare(">", x, y) : compare("<", x, y);
          }
          return less;
        });
        break;
      case Command::Kind::Limit:
        limit = std::min(limit, c.limit);
        break;
    }
  }
  if (!chosen) shown = {"@timestamp", "@message"};
  if (!aggregated && std::find(shown.begin(), shown.end(), "@ptr") == shown.end()) shown.push_back("@ptr");

  Result result;
  result.matched = items.size();
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) {
    InsightsRow row;
    for (const auto& f : shown)
      if (auto v = items[i].row.find(f); v != items[i].row.end()) row.emplace_back(f, v->second);
    result.rows.push_back(std::move(row));
  }
  return result;
}

InsightsRecord InsightsQuery::record(std::int64_t timestampMs, std::int64_t ingestionMs, const std::string& message,
                                     const std::string& logStream, const std::string& log, const std::string& ptr) {
  InsightsRecord r;
  r.timestampMs = timestampMs;
  if (!message.empty() && message.front() == '{') {
    try {
      flatten("", Poco::JSON::Parser().parse(message), r.fields);
    } catch (const std::exception&) {
    }
  }
  r.fields["@timestamp"] = formatTimestamp(timestampMs);
  r.fields["@ingestionTime"] = formatTimestamp(ingestionMs);
  r.fields["@message"] = message;
  r.fields["@logStream"] = logStream;
  r.fields["@log"] = log;
  r.fields["@ptr"] = ptr;
  return r;
}

std::string InsightsQuery::formatTimestamp(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace localemu::logs
