// line_splitter.hpp — turns a byte stream into lines (without the '\n').
// A line longer than `maxLine` bytes is emitted in pieces of that size.
// Not thread-safe: one per stream.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace localemu::local {

class LineSplitter {
 public:
  using Emit = std::function<void(std::string_view line)>;
  explicit LineSplitter(std::size_t maxLine = 256 * 1024) : maxLine_(maxLine) {}
  void feed(std::string_view bytes, const Emit& emit);
  // Emits what is left without a final newline.
  void flush(const Emit& emit);

 private:
  std::size_t maxLine_;
  std::string pending_;
};

}  // namespace localemu::local
