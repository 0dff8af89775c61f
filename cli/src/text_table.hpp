// text_table.hpp — left-aligned columns for terminal output. A column is as wide as
// its widest cell up to kMaxWidth; longer cells overflow their row instead of widening
// every row. Newlines and runs of blanks in a cell print as one space. The last
// column is not padded.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace localemu::cli {

class TextTable {
 public:
  static constexpr std::size_t kMaxWidth = 40;
  explicit TextTable(std::vector<std::string> headers) : rows_{std::move(headers)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::size_t rowCount() const { return rows_.size() - 1; }
  void print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;  // rows_[0]: headers
};

}  // namespace localemu::cli
