#include "invoke/log_echo.hpp"

namespace localemu::lambda {

std::string truncateForEcho(std::string_view line, std::size_t maxChars) {
  std::size_t at = 0;
  for (std::size_t chars = 0; at < line.size() && chars < maxChars; ++chars) {
    const auto lead = static_cast<unsigned char>(line[at]);
    const std::size_t width = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
    std::size_t next = at + 1;
    while (next < line.size() && next < at + width && (static_cast<unsigned char>(line[next]) & 0xC0) == 0x80) ++next;
    at = next;
  }
  if (at >= line.size()) return std::string(line);
  std::string out(line.substr(0, at));
  out += "...";
  return out;
}

std::string echoLine(std::string_view logGroup, std::string_view line, std::size_t maxChars) {
  std::string out = "[";
  out += logGroup;
  out += "] ";
  out += truncateForEcho(line, maxChars);
  return out;
}

}  // namespace localemu::lambda
