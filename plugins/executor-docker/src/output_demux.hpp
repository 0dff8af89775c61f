// output_demux.hpp — turns docker's multiplexed attach stream (Tty=false:
// frames of an 8-byte header [stream, 0, 0, 0, size BE32] and a payload) into
// lines per stream, without the newline. A line longer than `maxLine` is
// delivered in pieces of `maxLine` bytes.
//
// Threading: one feeder; not thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace localemu::docker {

class OutputDemux {
 public:
  // `stream`: LOCALEMU_STREAM_STDOUT (1) or LOCALEMU_STREAM_STDERR (2).
  using LineFn = std::function<void(std::int32_t stream, std::string_view line)>;

  explicit OutputDemux(LineFn onLine, std::size_t maxLine = 256 * 1024);

  // Any split of the stream is accepted.
  void feed(std::string_view bytes);
  // The stream ended: delivers unterminated lines.
  void finish();

 private:
  void payload(std::string_view bytes);

  LineFn onLine_;
  std::size_t maxLine_;
  std::array<unsigned char, 8> header_{};
  std::size_t headerFill_ = 0;
  std::uint32_t remaining_ = 0;  // payload bytes left in the current frame
  std::int32_t stream_ = 1;
  std::array<std::string, 2> partial_;  // stdout, stderr
};

}  // namespace localemu::docker
