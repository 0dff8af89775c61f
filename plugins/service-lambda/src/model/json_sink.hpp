// model/json_sink.hpp — a JSON object written member by member, either as a
// Poco tree (TreeSink: what the SDK encodes as an operation's output) or as
// text (TextSink: what the store keeps and listings answer). A shape's members
// are listed once, in a function template over the sink, and the two forms
// agree byte for byte: the text is what the SDK's writer makes of the tree
// (sdk::aws::appendJson), written without building it.
//
// Sink operations (both sinks): string, stringIfAny (absent when empty),
// number, raw (JSON text as it is; absent when empty), object and array (a
// nested value filled by a callback given a sink of the same kind).
// Value semantics; a sink writes into what it was given and is used by one thread.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "localemu/sdk/aws/json_text.hpp"

namespace localemu::lambda {

class TextSink {
 public:
  explicit TextSink(std::string& out) : out_(out) { out_ += '{'; }
  void close() { out_ += '}'; }

  void string(std::string_view key, std::string_view value) {
    name(key);
    sdk::aws::appendJsonString(out_, value);
  }
  void stringIfAny(std::string_view key, std::string_view value) {
    if (!value.empty()) string(key, value);
  }
  template <class Number>
  void number(std::string_view key, Number value) {
    static_assert(std::is_integral_v<Number>);
    name(key);
    out_ += std::to_string(value);
  }
  void raw(std::string_view key, const std::string& json) {
    if (json.empty()) return;
    name(key);
    out_ += json;
  }
  template <class Fill>
  void object(std::string_view key, const Fill& fill) {
    name(key);
    TextSink child(out_);
    fill(child);
    child.close();
  }
  template <class Fill>
  void array(std::string_view key, const Fill& fill) {
    name(key);
    Items items(out_);
    fill(items);
    out_ += ']';
  }

  class Items {
   public:
    explicit Items(std::string& out) : out_(out) { out_ += '['; }
    void string(std::string_view value) {
      next();
      sdk::aws::appendJsonString(out_, value);
    }
    template <class Fill>
    void object(const Fill& fill) {
      next();
      TextSink child(out_);
      fill(child);
      child.close();
    }

   private:
    void next() {
      if (!first_) out_ += ',';
      first_ = false;
    }
    std::string& out_;
    bool first_ = true;
  };

 private:
  void name(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    sdk::aws::appendJsonString(out_, key);
    out_ += ':';
  }
  std::string& out_;
  bool first_ = true;
};

class TreeSink {
 public:
  explicit TreeSink(Poco::JSON::Object& object) : object_(object) {}

  void string(std::string_view key, std::string_view value) { object_.set(std::string(key), std::string(value)); }
  void stringIfAny(std::string_view key, std::string_view value) {
    if (!value.empty()) string(key, value);
  }
  template <class Number>
  void number(std::string_view key, Number value) {
    object_.set(std::string(key), value);
  }
  void raw(std::string_view key, const std::string& json) {
    if (!json.empty()) object_.set(std::string(key), sdk::aws::RawJson{json});
  }
  template <class Fill>
  void object(std::string_view key, const Fill& fill) {
    Poco::JSON::Object::Ptr child = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    TreeSink sink(*child);
    fill(sink);
    object_.set(std::string(key), child);
  }
  template <class Fill>
  void array(std::string_view key, const Fill& fill) {
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    Items sink(*items);
    fill(sink);
    object_.set(std::string(key), items);
  }

  class Items {
   public:
    explicit Items(Poco::JSON::Array& array) : array_(array) {}
    void string(std::string_view value) { array_.add(std::string(value)); }
    template <class Fill>
    void object(const Fill& fill) {
      Poco::JSON::Object::Ptr child = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      TreeSink sink(*child);
      fill(sink);
      array_.add(child);
    }

   private:
    Poco::JSON::Array& array_;
  };

 private:
  Poco::JSON::Object& object_;
};

// `write(sink)` as text, and as a tree.
template <class Write>
std::string jsonText(const Write& write) {
  std::string out;
  TextSink sink(out);
  write(sink);
  sink.close();
  return out;
}

template <class Write>
Poco::JSON::Object::Ptr jsonTree(const Write& write) {
  Poco::JSON::Object::Ptr object = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  TreeSink sink(*object);
  write(sink);
  return object;
}

}  // namespace localemu::lambda
