// localemu/sdk/core.hpp — C++ vocabulary over the C ABI: string views, sinks,
// errors and the exception barrier. Header-only; depends on the ABI and std only.
#pragma once

#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "localemu/abi.h"

namespace localemu::sdk {

inline localemu_str toStr(std::string_view s) noexcept { return localemu_str{s.data(), s.size()}; }
inline std::string_view view(localemu_str s) noexcept {
  return s.data == nullptr ? std::string_view{} : std::string_view{s.data, s.size};
}

// A localemu_sink that appends into a std::string it owns.
class StringSink {
 public:
  StringSink() noexcept : sink_{sizeof(localemu_sink), this, &StringSink::append} {}
  StringSink(const StringSink&) = delete;
  StringSink& operator=(const StringSink&) = delete;
  const localemu_sink* get() const noexcept { return &sink_; }
  std::string& str() noexcept { return text_; }
  std::string take() noexcept { return std::move(text_); }

 private:
  static void append(void* ctx, localemu_str chunk) {
    try {
      static_cast<StringSink*>(ctx)->text_.append(chunk.data, chunk.size);
    } catch (...) {  // allocation failure: the output is truncated, never thrown across C
    }
  }
  localemu_sink sink_;
  std::string text_;
};

inline void writeTo(const localemu_sink* sink, std::string_view text) noexcept {
  if (sink != nullptr && sink->write != nullptr) sink->write(sink->ctx, toStr(text));
}

// A plugin-level failure carrying a localemu_status. Thrown inside plugins only;
// the barrier turns it into a status + localemu_error at the boundary.
class PluginError : public std::runtime_error {
 public:
  PluginError(localemu_status code, const std::string& message) : std::runtime_error(message), code_(code) {}
  localemu_status code() const noexcept { return code_; }

 private:
  localemu_status code_;
};

// An AWS-level error: an answer, not a failure (see call.h).
class AwsError : public std::runtime_error {
 public:
  AwsError(int status, std::string code, const std::string& message, std::string extraJson = {})
      : std::runtime_error(message), status_(status), code_(std::move(code)), extraJson_(std::move(extraJson)) {}
  int status() const noexcept { return status_; }
  const std::string& code() const noexcept { return code_; }
  const std::string& extraJson() const noexcept { return extraJson_; }

 private:
  int status_;
  std::string code_;
  std::string extraJson_;
};

inline void fillError(localemu_error* err, localemu_status code, std::string_view message) noexcept {
  if (err == nullptr) return;
  err->code = code;
  const std::size_t n = message.size() < LOCALEMU_ERROR_MESSAGE_MAX - 1 ? message.size() : LOCALEMU_ERROR_MESSAGE_MAX - 1;
  std::memcpy(err->message, message.data(), n);
  err->message[n] = '\0';
}

// Runs `fn` and converts every exception into a status and `err`. `fn` returns
// void (meaning LOCALEMU_OK) or a localemu_status.
template <typename Fn>
localemu_status barrier(localemu_error* err, Fn&& fn) noexcept {
  try {
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      return LOCALEMU_OK;
    } else {
      return fn();
    }
  } catch (const PluginError& e) {
    fillError(err, e.code(), e.what());
    return e.code();
  } catch (const std::bad_alloc&) {
    fillError(err, LOCALEMU_ERR_INTERNAL, "out of memory");
    return LOCALEMU_ERR_INTERNAL;
  } catch (const std::exception& e) {
    fillError(err, LOCALEMU_ERR_INTERNAL, e.what());
    return LOCALEMU_ERR_INTERNAL;
  } catch (...) {
    fillError(err, LOCALEMU_ERR_INTERNAL, "unknown C++ exception");
    return LOCALEMU_ERR_INTERNAL;
  }
}

// Throws PluginError when a C call failed.
inline void check(localemu_status status, const localemu_error& err) {
  if (status < 0) throw PluginError(status, err.message);
}

inline localemu_error makeError() noexcept {
  localemu_error err{};
  err.struct_size = sizeof(localemu_error);
  return err;
}

}  // namespace localemu::sdk
