// runtime_api/chunked_body.hpp — an HTTP/1.1 chunked request body read as it
// arrives, trailers included (RFC 9112 section 7.1).
//
// Poco 1.11's HTTPChunkedInputStream stops at the last chunk and discards the
// rest of that line only: trailer fields are lost and the ones after the first
// stay in the connection, where they would be parsed as the next request. The
// Runtime API needs them (a streaming runtime reports a mid-stream error in
// Lambda-Runtime-Function-Error-Type/-Body trailers), so it reads the framing
// itself from the raw session stream.
//
// Threading: none; one reader per request. The stream must hold nothing
// beyond the body (HTTP clients do not pipeline requests).
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace localemu::lambda {

struct ChunkedBodyError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ChunkedBodyReader {
 public:
  // Receives data as it arrives; false: the receiver wants no more (the rest
  // of the body is still read, and dropped, so the connection stays usable).
  using Sink = std::function<bool(std::string_view data)>;
  using Fields = std::vector<std::pair<std::string, std::string>>;

  explicit ChunkedBodyReader(std::istream& in, std::size_t maxLineBytes = 8192, std::size_t maxTrailerBytes = 65536)
      : in_(in), maxLineBytes_(maxLineBytes), maxTrailerBytes_(maxTrailerBytes) {}

  // Reads the whole body, then its trailer section. Throws ChunkedBodyError
  // on malformed framing or a body cut short.
  void read(const Sink& sink);
  // The trailer fields, in order, names as sent (after read()).
  const Fields& trailers() const noexcept { return trailers_; }
  // The value of a trailer field, matched case-insensitively; empty if absent.
  std::string trailer(std::string_view name) const;

 private:
  std::string line();
  void readData(std::size_t size, const Sink& sink, bool& forwarding);

  std::istream& in_;
  std::size_t maxLineBytes_;
  std::size_t maxTrailerBytes_;
  Fields trailers_;
};

}  // namespace localemu::lambda
