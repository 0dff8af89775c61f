#include "line_splitter.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace localemu::local {
namespace {

struct Collect {
  std::vector<std::string> lines;
  LineSplitter::Emit emit() {
    return [this](std::string_view l) { lines.emplace_back(l); };
  }
};

TEST(LocalLineSplitter, SplitsAcrossChunks) {
  LineSplitter s;
  Collect c;
  const auto emit = c.emit();
  s.feed("one\ntw", emit);
  s.feed("o\n\nthree\r\nfour", emit);
  EXPECT_EQ(c.lines, (std::vector<std::string>{"one", "two", "", "three\r"}));
  s.flush(emit);
  EXPECT_EQ(c.lines.back(), "four");
  s.flush(emit);
  EXPECT_EQ(c.lines.size(), 5U);
}

TEST(LocalLineSplitter, CutsOverlongLines) {
  LineSplitter s(4);
  Collect c;
  const auto emit = c.emit();
  s.feed("abcdefghij\nxy", emit);
  s.feed("zw\n", emit);
  EXPECT_EQ(c.lines, (std::vector<std::string>{"abcd", "efgh", "ij", "xyzw"}));
}

}  // namespace
}  // namespace localemu::local
