#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "output_demux.hpp"

namespace localemu::docker {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

std::string frame(char stream, std::string_view payload) {
  std::string out{stream, 0, 0, 0};
  const auto n = static_cast<std::uint32_t>(payload.size());
  out.push_back(static_cast<char>(n >> 24));
  out.push_back(static_cast<char>(n >> 16));
  out.push_back(static_cast<char>(n >> 8));
  out.push_back(static_cast<char>(n));
  return out.append(payload);
}

struct Collector {
  std::vector<std::pair<int, std::string>> lines;
  OutputDemux demux{[this](std::int32_t s, std::string_view l) { lines.emplace_back(s, std::string(l)); }, 8};
};

TEST(OutputDemux, SplitsFramesIntoLinesPerStream) {
  Collector c;
  c.demux.feed(frame(1, "one\ntw") + frame(2, "err") + frame(1, "o\n") + frame(2, "!\nlast"));
  c.demux.finish();
  EXPECT_THAT(c.lines, ElementsAre(Pair(1, "one"), Pair(1, "two"), Pair(2, "err!"), Pair(2, "last")));
}

TEST(OutputDemux, AcceptsAnySplitOfTheBytes) {
  const std::string bytes = frame(1, "alpha\n") + frame(2, "beta\n") + frame(1, "\n");
  Collector c;
  for (char ch : bytes) c.demux.feed(std::string_view(&ch, 1));
  c.demux.finish();
  EXPECT_THAT(c.lines, ElementsAre(Pair(1, "alpha"), Pair(2, "beta"), Pair(1, "")));
}

TEST(OutputDemux, LongLinesArriveInPieces) {
  Collector c;
  c.demux.feed(frame(1, "0123456789abcdefXY\nshort\n"));
  EXPECT_THAT(c.lines, ElementsAre(Pair(1, "01234567"), Pair(1, "89abcdef"), Pair(1, "XY"), Pair(1, "short")));
}

}  // namespace
}  // namespace localemu::docker
