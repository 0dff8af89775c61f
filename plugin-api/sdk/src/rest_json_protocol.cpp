#include <algorithm>
#include <map>
#include <set>

#include "codec_util.hpp"
#include "codecs.hpp"
#include "localemu/sdk/aws/encoding.hpp"
#include "localemu/sdk/aws/json_members.hpp"
#include "localemu/sdk/core.hpp"

namespace localemu::sdk::aws::detail {
namespace {

struct Segment {
  std::string literal;
  std::string label;  // empty for a literal segment
  bool greedy = false;
};

struct Route {
  const Operation* op = nullptr;
  std::vector<Segment> segments;
  std::vector<std::pair<std::string, std::string>> queryLiterals;  // value empty: key must be present
  int score = 0;
};

std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty()) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

using QueryParams = std::vector<std::pair<std::string, std::string>>;

QueryParams parseQuery(std::string_view query) {
  QueryParams out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      out.emplace_back(percentDecode(pair.substr(0, eq)),
                       eq == std::string_view::npos ? std::string() : percentDecode(pair.substr(eq + 1)));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

Route compile(const Operation& op) {
  Route r;
  r.op = &op;
  std::string_view uri = op.requestUri;
  const auto q = uri.find('?');
  if (q != std::string_view::npos) {
    for (auto& [k, v] : parseQuery(uri.substr(q + 1))) r.queryLiterals.emplace_back(std::move(k), std::move(v));
    uri = uri.substr(0, q);
  }
  for (const auto seg : splitPath(uri)) {
    Segment s;
    if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
      s.label = std::string(seg.substr(1, seg.size() - 2));
      if (s.label.back() == '+') s.label.pop_back(), s.greedy = true;
    } else {
      s.literal = std::string(seg);
    }
    r.segments.push_back(std::move(s));
  }
  for (const auto& s : r.segments) r.score += s.label.empty() ? 100 : (s.greedy ? 1 : 10);
  r.score += static_cast<int>(r.queryLiterals.size()) * 1000;
  return r;
}

std::optional<std::map<std::string, std::string>> match(const Route& r, const std::vector<std::string_view>& path,
                                                        const QueryParams& query) {
  std::map<std::string, std::string> labels;
  std::size_t i = 0;
  for (const auto& seg : r.segments) {
    if (seg.greedy) {
      if (i >= path.size()) return std::nullopt;
      std::string rest;
      for (; i < path.size(); ++i) rest += (rest.empty() ? "" : "/") + percentDecode(path[i]);
      labels[seg.label] = std::move(rest);
      continue;
    }
    if (i >= path.size()) return std::nullopt;
    if (seg.label.empty()) {
      if (path[i] != seg.literal) return std::nullopt;
    } else {
      if (path[i].empty()) return std::nullopt;
      labels[seg.label] = percentDecode(path[i]);
    }
    ++i;
  }
  if (i != path.size()) return std::nullopt;
  for (const auto& [k, v] : r.queryLiterals) {
    const auto it = std::find_if(query.begin(), query.end(), [&](const auto& p) { return p.first == k; });
    if (it == query.end() || (!v.empty() && it->second != v)) return std::nullopt;
  }
  return labels;
}

std::vector<std::string> splitHeaderList(std::string_view v) {
  std::vector<std::string> out;
  while (true) {
    const auto comma = v.find(',');
    auto item = v.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    v.remove_prefix(comma + 1);
  }
  return out;
}

// Whether a value of `shapeName` can contain a timestamp, the one thing normalizeJsonOutput rewrites.
bool mayHoldTimestamp(const ServiceModel& model, const std::string& shapeName, std::set<std::string>& seen) {
  if (!seen.insert(shapeName).second) return false;
  const Shape* s = model.shape(shapeName);
  if (s == nullptr) return false;
  switch (s->type) {
    case ShapeType::Timestamp:
      return true;
    case ShapeType::Structure:
      for (const auto& m : s->members)
        if (mayHoldTimestamp(model, m.shape, seen)) return true;
      return false;
    case ShapeType::List:
      return mayHoldTimestamp(model, s->member.shape, seen);
    case ShapeType::Map:
      return mayHoldTimestamp(model, s->value.shape, seen);
    default:
      return false;
  }
}

bool istartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

class RestJsonProtocol final : public Protocol {
 public:
  explicit RestJsonProtocol(std::shared_ptr<const ServiceModel> model) : model_(std::move(model)) {
    for (const auto& op : model_->operations()) {
      routes_.push_back(compile(op));
      if (const Shape* out = model_->outputOf(op))
        for (const auto& m : out->members)
          if (!plainShapes_.contains(m.shape)) {
            std::set<std::string> seen;
            plainShapes_[m.shape] = !mayHoldTimestamp(*model_, m.shape, seen);
          }
    }
    badInput_ = model_->errorShape("InvalidRequestContentException") ? "InvalidRequestContentException"
                                                                     : "SerializationException";
  }

  localemu_protocol id() const noexcept override { return LOCALEMU_PROTOCOL_REST_JSON; }

  DecodedRequest decode(const WireRequest& request) const override {
    ParsedRequest parsed = decodeParsed(request);
    return DecodedRequest{std::move(parsed.operation), toJson(parsed.input)};
  }

  ParsedRequest decodeParsed(const WireRequest& request) const override {
    const auto path = splitPath(request.path);
    const auto query = parseQuery(request.query);
    const Route* best = nullptr;
    std::map<std::string, std::string> labels;
    for (const auto& r : routes_) {
      if (r.op->method != request.method || (best != nullptr && r.score <= best->score)) continue;
      if (auto m = match(r, path, query)) best = &r, labels = std::move(*m);
    }
    if (best == nullptr)
      throw AwsError(404, "UnknownOperationException",
                     "Unknown operation: " + std::string(request.method) + " " + std::string(request.path));
    const Operation& op = *best->op;
    auto input = newObject();
    if (const Shape* shape = model_->inputOf(op)) decodeInput(*shape, request, labels, query, *best, *input);
    return ParsedRequest{op.name, std::move(input)};
  }

  WireResponse encode(std::string_view operation, std::string_view outputJson,
                      std::string_view requestId) const override {
    const Operation& op = operationNamed(operation);
    if (model_->outputOf(op) == nullptr) return encodeObject(op, nullptr, requestId);
    return encodeObject(op, parseObject(outputJson.empty() ? "{}" : outputJson, "InternalFailure"), requestId);
  }

  WireResponse encodeParsed(std::string_view operation, const Object::Ptr& output,
                            std::string_view requestId) const override {
    const Operation& op = operationNamed(operation);
    if (const std::string* text = bodyTextOf(output)) {
      const Shape* shape = model_->outputOf(op);
      if (shape == nullptr || !bodyOnly(*shape)) return encode(operation, *text, requestId);
      WireResponse r;
      r.status = op.responseCode;
      r.headers.emplace_back("x-amzn-RequestId", std::string(requestId));
      r.headers.emplace_back("Content-Type", "application/json");
      r.body = *text;
      return r;
    }
    return encodeObject(op, output.isNull() ? newObject() : output, requestId);
  }

  WireResponse encodeError(int status, std::string_view code, std::string_view message, std::string_view extraJson,
                           std::string_view requestId) const override {
    return jsonErrorResponse(model_.get(), LOCALEMU_PROTOCOL_REST_JSON, status, code, message, extraJson, requestId);
  }

 private:
  const Operation& operationNamed(std::string_view operation) const {
    const Operation* op = model_->operation(operation);
    if (op == nullptr) throw AwsError(500, "InternalFailure", "unknown operation " + std::string(operation));
    return *op;
  }

  // Whether every member of an output goes in its JSON body (no headers, status or payload).
  static bool bodyOnly(const Shape& shape) {
    if (!shape.payload.empty()) return false;
    for (const auto& m : shape.members)
      if (!m.location.empty()) return false;
    return true;
  }

  // A member's value as the body writes it: rewritten only when its shape can hold a timestamp.
  Var outputValue(const Member& m, const Var& v) const {
    const auto it = plainShapes_.find(m.shape);
    if (it != plainShapes_.end() && it->second) return v;
    return normalizeJsonOutput(*model_, m, v);
  }

  WireResponse encodeObject(const Operation& op, const Object::Ptr& output, std::string_view requestId) const {
    WireResponse r;
    r.status = op.responseCode;
    r.headers.emplace_back("x-amzn-RequestId", std::string(requestId));
    const Shape* shape = model_->outputOf(op);
    if (shape == nullptr) return r;
    auto body = newObject();
    std::string contentType = "application/json";
    bool rawPayload = false;
    for (const auto& m : shape->members) {
      if (!output->has(m.name) || output->isNull(m.name)) continue;
      const Var& v = output->get(m.name);
      if (m.location == "header") {
        r.headers.emplace_back(m.wireName(), headerText(m, v));
        if (istartsWith(m.wireName(), "Content-Type")) contentType.clear();
      } else if (m.location == "headers") {
        if (const auto map = asObject(v))
          for (const auto& k : map->getNames())
            r.headers.emplace_back(m.wireName() + k, map->get(k).convert<std::string>());
      } else if (m.location == "statusCode") {
        r.status = static_cast<int>(v.convert<Poco::Int64>());
      } else if (m.name == shape->payload) {
        const Shape* target = model_->shape(m.shape);
        if (target != nullptr && target->type == ShapeType::Blob) {
          r.body = base64Decode(v.convert<std::string>()).value_or(v.convert<std::string>());
          rawPayload = true;
          if (!contentType.empty()) contentType = "application/octet-stream";
        } else if (target != nullptr && target->type == ShapeType::String) {
          r.body = v.convert<std::string>();
          rawPayload = true;
          if (!contentType.empty()) contentType = "text/plain";
        } else {
          r.body = toJson(outputValue(m, v));
          rawPayload = true;
        }
      } else if (m.location.empty()) {
        body->set(m.name, outputValue(m, v));
      }
    }
    if (!rawPayload && shape->payload.empty()) r.body = toJson(body);
    if (r.status == 204 || r.status == 304)
      r.body.clear();
    else if (!contentType.empty() && (!r.body.empty() || !rawPayload))
      r.headers.emplace_back("Content-Type", contentType);
    return r;
  }

  std::string headerText(const Member& m, const Var& v) const {
    if (m.jsonValue) return base64Encode(isObject(v) || isArray(v) ? toJson(v) : v.convert<std::string>());
    const Shape* s = model_->shape(m.shape);
    if (s != nullptr && s->type == ShapeType::List) {
      std::string out;
      if (const auto arr = asArray(v))
        for (const auto& item : *arr)
          out += (out.empty() ? "" : ",") + scalarToText(*model_, s->member, item, "rfc822");
      return out;
    }
    return scalarToText(*model_, m, v, "rfc822");
  }

  void checkBody(const Member& m, const Var& v) const {
    try {
      checkTypes(*model_, m, v, badInput_);
    } catch (const AwsError& e) {
      throw AwsError(400, badInput_, std::string("Could not parse request body into json: ") + e.what());
    }
  }

  Var fromText(const Member& m, std::string_view text, std::string_view tsFormat) const {
    return scalarFromText(*model_, m, text, tsFormat, badInput_);
  }

  void decodeInput(const Shape& shape, const WireRequest& request, const std::map<std::string, std::string>& labels,
                   const QueryParams& query, const Route& route, Object& input) const {
    std::vector<std::string> claimed;
    for (const auto& [k, v] : route.queryLiterals) claimed.push_back(k);
    for (const auto& m : shape.members)
      if (m.location == "querystring" && !m.locationName.empty()) claimed.push_back(m.locationName);

    for (const auto& m : shape.members) {
      const Shape* target = model_->shape(m.shape);
      const ShapeType type = target ? target->type : ShapeType::String;
      if (m.location == "uri") {
        if (const auto it = labels.find(m.wireName()); it != labels.end())
          input.set(m.name, fromText(m, it->second, "iso8601"));
      } else if (m.location == "querystring") {
        if (type == ShapeType::Map) {
          auto map = newObject();
          const Shape* valueShape = model_->shape(target->value.shape);
          const bool listValues = valueShape && valueShape->type == ShapeType::List;
          for (const auto& [k, v] : query) {
            if (std::find(claimed.begin(), claimed.end(), k) != claimed.end()) continue;
            if (listValues) {
              if (!map->has(k)) map->set(k, Array::Ptr(new Array()));
              map->getArray(k)->add(fromText(valueShape->member, v, "iso8601"));
            } else if (!map->has(k)) {
              map->set(k, fromText(target->value, v, "iso8601"));
            }
          }
          if (map->size() > 0) input.set(m.name, map);
        } else if (type == ShapeType::List) {
          Array::Ptr arr = new Array();
          for (const auto& [k, v] : query)
            if (k == m.wireName()) arr->add(fromText(target->member, v, "iso8601"));
          if (arr->size() > 0) input.set(m.name, arr);
        } else {
          for (const auto& [k, v] : query)
            if (k == m.wireName()) {
              input.set(m.name, fromText(m, v, model_->timestampFormat(m, "iso8601")));
              break;
            }
        }
      } else if (m.location == "header") {
        const auto h = request.header(m.wireName());
        if (!h) continue;
        if (m.jsonValue) {
          const auto decoded = base64Decode(*h);
          if (!decoded) throw AwsError(400, badInput_, "Header " + m.wireName() + " is not valid base64");
          input.set(m.name, *decoded);
        } else if (type == ShapeType::List) {
          Array::Ptr arr = new Array();
          for (const auto& item : splitHeaderList(*h)) arr->add(fromText(target->member, item, "rfc822"));
          input.set(m.name, arr);
        } else {
          input.set(m.name, fromText(m, *h, model_->timestampFormat(m, "rfc822")));
        }
      } else if (m.location == "headers") {
        auto map = newObject();
        for (const auto& [n, v] : request.headers)
          if (istartsWith(n, m.wireName())) map->set(std::string(n.substr(m.wireName().size())), std::string(v));
        if (map->size() > 0) input.set(m.name, map);
      }
    }

    if (!shape.payload.empty()) {
      const Member* m = shape.findMember(shape.payload);
      const Shape* target = m ? model_->shape(m->shape) : nullptr;
      if (m == nullptr || target == nullptr || request.body.empty()) return;
      if (target->type == ShapeType::Blob)
        input.set(m->name, base64Encode(request.body));
      else if (target->type == ShapeType::String)
        input.set(m->name, std::string(request.body));
      else {
        const auto obj = parseObject(request.body, badInput_);
        checkBody(*m, obj);
        input.set(m->name, obj);
      }
      return;
    }
    if (request.body.empty()) return;
    auto body = parseObject(request.body, badInput_);
    for (const auto& m : shape.members) {
      if (!m.location.empty()) continue;
      Var* v = findMember(*body, m.name);
      if (v == nullptr) continue;
      checkBody(m, *v);
      moveMember(input, m.name, *v);
    }
  }

  std::shared_ptr<const ServiceModel> model_;
  std::vector<Route> routes_;
  std::string badInput_;
  std::map<std::string, bool> plainShapes_;  // output member shape -> no timestamp reachable (written as given)
};

}  // namespace

std::unique_ptr<Protocol> makeRestJsonProtocol(std::shared_ptr<const ServiceModel> model) {
  return std::make_unique<RestJsonProtocol>(std::move(model));
}

}  // namespace localemu::sdk::aws::detail
