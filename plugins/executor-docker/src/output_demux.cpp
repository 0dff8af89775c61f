#include "output_demux.hpp"

#include <algorithm>

namespace localemu::docker {

OutputDemux::OutputDemux(LineFn onLine, std::size_t maxLine) : onLine_(std::move(onLine)), maxLine_(maxLine) {}

void OutputDemux::feed(std::string_view bytes) {
  while (!bytes.empty()) {
    if (remaining_ == 0) {
      const std::size_t take = std::min(bytes.size(), header_.size() - headerFill_);
      std::copy_n(bytes.begin(), take, header_.begin() + static_cast<std::ptrdiff_t>(headerFill_));
      headerFill_ += take;
      bytes.remove_prefix(take);
      if (headerFill_ < header_.size()) return;
      headerFill_ = 0;
      stream_ = header_[0] == 2 ? 2 : 1;
      remaining_ = (std::uint32_t{header_[4]} << 24) | (std::uint32_t{header_[5]} << 16) |
                   (std::uint32_t{header_[6]} << 8) | std::uint32_t{header_[7]};
      continue;
    }
    const std::size_t take = std::min<std::size_t>(bytes.size(), remaining_);
    payload(bytes.substr(0, take));
    remaining_ -= static_cast<std::uint32_t>(take);
    bytes.remove_prefix(take);
  }
}

void OutputDemux::payload(std::string_view bytes) {
  auto& partial = partial_[static_cast<std::size_t>(stream_ - 1)];
  while (!bytes.empty()) {
    const auto newline = bytes.find('\n');
    const auto chunk = bytes.substr(0, newline);
    std::size_t used = 0;
    while (partial.size() + (chunk.size() - used) > maxLine_) {
      const std::size_t take = maxLine_ - partial.size();
      partial.append(chunk.substr(used, take));
      used += take;
      onLine_(stream_, partial);
      partial.clear();
    }
    partial.append(chunk.substr(used));
    if (newline == std::string_view::npos) return;
    onLine_(stream_, partial);
    partial.clear();
    bytes.remove_prefix(newline + 1);
  }
}

void OutputDemux::finish() {
  for (std::size_t i = 0; i < partial_.size(); ++i) {
    if (partial_[i].empty()) continue;
    onLine_(static_cast<std::int32_t>(i + 1), partial_[i]);
    partial_[i].clear();
  }
}

}  // namespace localemu::docker
