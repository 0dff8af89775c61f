// model/json_sink.hpp — a JSON object written member by member straight as
// text, for documents written often (stored function records, the
// configurations answers and listings carry): the bytes the SDK's writer
// (sdk::aws::appendJson) makes of the same members as a Poco tree, without
// building the tree.
//
// Operations: string, stringIfAny (absent when empty), number, raw (JSON text
// as it is; absent when empty), object and array (a nested value filled by a
// callback given a sink for it). A sink appends to the string it was given and
// is used by one thread.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

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
    void raw(const std::string& json) {
      next();
      out_ += json;
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

// The object `write(sink)` makes, as text.
template <class Write>
std::string jsonText(const Write& write) {
  std::string out;
  TextSink sink(out);
  write(sink);
  sink.close();
  return out;
}

}  // namespace localemu::lambda
