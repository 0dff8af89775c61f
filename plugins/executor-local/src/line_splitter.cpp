#include "line_splitter.hpp"

namespace localemu::local {

void LineSplitter::feed(std::string_view bytes, const Emit& emit) {
  while (!bytes.empty()) {
    const auto newline = bytes.find('\n');
    const auto take = newline == std::string_view::npos ? bytes.size() : newline;
    const auto room = maxLine_ - pending_.size();
    if (take >= room) {
      pending_.append(bytes.substr(0, room));
      emit(pending_);
      pending_.clear();
      bytes.remove_prefix(room);
      if (take == room && newline != std::string_view::npos) bytes.remove_prefix(1);
      continue;
    }
    pending_.append(bytes.substr(0, take));
    if (newline == std::string_view::npos) return;
    emit(pending_);
    pending_.clear();
    bytes.remove_prefix(take + 1);
  }
}

void LineSplitter::flush(const Emit& emit) {
  if (pending_.empty()) return;
  emit(pending_);
  pending_.clear();
}

}  // namespace localemu::local
