#include "runtime_api/chunked_body.hpp"

#include <algorithm>
#include <cctype>

namespace localemu::lambda {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::size_t chunkSize(std::string_view line) {
  const auto end = line.find_first_of("; \t");
  const auto digits = line.substr(0, end);
  if (digits.empty() || digits.size() > 15) throw ChunkedBodyError("malformed chunk size line");
  std::size_t size = 0;
  for (char c : digits) {
    const int d = std::isdigit(static_cast<unsigned char>(c))     ? c - '0'
                  : std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                                                                  : -1;
    if (d < 0) throw ChunkedBodyError("malformed chunk size line");
    size = size * 16 + static_cast<std::size_t>(d);
  }
  return size;
}

}  // namespace

std::string ChunkedBodyReader::line() {
  std::string out;
  for (;;) {
    const int c = in_.get();
    if (c == std::char_traits<char>::eof()) throw ChunkedBodyError("chunked body cut short");
    if (c == '\n') break;
    if (out.size() >= maxLineBytes_) throw ChunkedBodyError("chunked body line too long");
    out.push_back(static_cast<char>(c));
  }
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

void ChunkedBodyReader::readData(std::size_t size, const Sink& sink, bool& forwarding) {
  // get() waits for the next bytes; readsome() takes what already arrived with them.
  char buffer[16384];
  while (size > 0) {
    const int first = in_.get();
    if (first == std::char_traits<char>::eof()) throw ChunkedBodyError("chunked body cut short");
    buffer[0] = static_cast<char>(first);
    const auto want = static_cast<std::streamsize>(std::min(size - 1, sizeof buffer - 1));
    const auto more = want > 0 ? in_.readsome(buffer + 1, want) : 0;
    const auto got = static_cast<std::size_t>(more) + 1;
    size -= got;
    if (forwarding) forwarding = sink(std::string_view(buffer, got));
  }
}

void ChunkedBodyReader::read(const Sink& sink) {
  bool forwarding = true;
  for (;;) {
    const std::size_t size = chunkSize(line());
    if (size == 0) break;
    readData(size, sink, forwarding);
    if (!line().empty()) throw ChunkedBodyError("chunk data not followed by CRLF");
  }
  std::size_t trailerBytes = 0;
  for (std::string field = line(); !field.empty(); field = line()) {
    trailerBytes += field.size();
    if (trailerBytes > maxTrailerBytes_) throw ChunkedBodyError("trailer section too large");
    const auto colon = field.find(':');
    if (colon == std::string::npos || colon == 0) throw ChunkedBodyError("malformed trailer field");
    const std::string_view view(field);
    trailers_.emplace_back(std::string(trim(view.substr(0, colon))), std::string(trim(view.substr(colon + 1))));
  }
}

std::string ChunkedBodyReader::trailer(std::string_view name) const {
  for (const auto& [key, value] : trailers_)
    if (equalsIgnoreCase(key, name)) return value;
  return {};
}

}  // namespace localemu::lambda
