#include <gtest/gtest.h>

#include <sstream>

#include "runtime_api/chunked_body.hpp"

namespace localemu::lambda {
namespace {

std::string readAll(ChunkedBodyReader& reader) {
  std::string body;
  reader.read([&](std::string_view data) {
    body.append(data);
    return true;
  });
  return body;
}

TEST(ChunkedBody, ReadsChunksWithoutTrailers) {
  std::istringstream in("5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\nNEXT");
  ChunkedBodyReader reader(in);
  EXPECT_EQ(readAll(reader), "hello, world");
  EXPECT_TRUE(reader.trailers().empty());
  std::string rest;
  std::getline(in, rest);
  EXPECT_EQ(rest, "NEXT");  // nothing past the body was consumed
}

TEST(ChunkedBody, KeepsEveryTrailerField) {
  std::istringstream in(
      "3\r\nabc\r\n0\r\nLambda-Runtime-Function-Error-Type: Error\r\n"
      "Lambda-Runtime-Function-Error-Body:  eyJhIjoxfQ== \r\n\r\nNEXT");
  ChunkedBodyReader reader(in);
  EXPECT_EQ(readAll(reader), "abc");
  ASSERT_EQ(reader.trailers().size(), 2u);
  EXPECT_EQ(reader.trailer("lambda-runtime-function-error-type"), "Error");
  EXPECT_EQ(reader.trailer("Lambda-Runtime-Function-Error-Body"), "eyJhIjoxfQ==");
  EXPECT_EQ(reader.trailer("Missing"), "");
  std::string rest;
  std::getline(in, rest);
  EXPECT_EQ(rest, "NEXT");
}

TEST(ChunkedBody, AcceptsExtensionsUppercaseHexAndBareLf) {
  std::istringstream in("A;name=value\nabcdefghij\n0\nX: y\n\n");
  ChunkedBodyReader reader(in);
  EXPECT_EQ(readAll(reader), "abcdefghij");
  EXPECT_EQ(reader.trailer("x"), "y");
}

TEST(ChunkedBody, StillReadsToTheEndWhenTheSinkStops) {
  std::istringstream in("2\r\nab\r\n2\r\ncd\r\n0\r\nT: 1\r\n\r\n");
  ChunkedBodyReader reader(in);
  int calls = 0;
  reader.read([&](std::string_view) { return ++calls < 1; });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(reader.trailer("T"), "1");
}

TEST(ChunkedBody, RefusesMalformedFraming) {
  for (const char* text : {"zz\r\nab\r\n0\r\n\r\n", "2\r\nabXX0\r\n\r\n", "5\r\nab", "0\r\nno colon\r\n\r\n", "0\r\n",
                           "\r\n"}) {
    std::istringstream in(text);
    ChunkedBodyReader reader(in);
    EXPECT_THROW(readAll(reader), ChunkedBodyError) << text;
  }
}

TEST(ChunkedBody, LimitsLineAndTrailerSizes) {
  std::istringstream longLine(std::string(100, '1') + "\r\n");
  ChunkedBodyReader a(longLine, 16);
  EXPECT_THROW(readAll(a), ChunkedBodyError);
  std::istringstream bigTrailers("0\r\nA: " + std::string(200, 'x') + "\r\n\r\n");
  ChunkedBodyReader b(bigTrailers, 8192, 64);
  EXPECT_THROW(readAll(b), ChunkedBodyError);
}

}  // namespace
}  // namespace localemu::lambda
