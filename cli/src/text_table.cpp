#include "text_table.hpp"

#include <algorithm>

namespace localemu::cli {
namespace {

std::string oneLine(const std::string& cell) {
  std::string out;
  for (char c : cell) {
    const bool blank = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!blank)
      out += c;
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

void TextTable::print(std::ostream& out) const {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> widths;
  for (const auto& row : rows_) {
    auto& flat = cells.emplace_back();
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) {
      flat.push_back(oneLine(row[i]));
      widths[i] = std::max(widths[i], std::min(flat.back().size(), kMaxWidth));
    }
  }
  for (const auto& row : cells) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] > row[i].size() ? widths[i] - row[i].size() + 2 : 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

}  // namespace localemu::cli
