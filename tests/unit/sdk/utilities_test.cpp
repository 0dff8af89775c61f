#include <gtest/gtest.h>

#include <cctype>
#include <iterator>
#include <random>
#include <set>
#include <sstream>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "localemu/sdk/aws/arn.hpp"
#include "localemu/sdk/aws/encoding.hpp"
#include "localemu/sdk/aws/json_text.hpp"
#include "localemu/sdk/aws/sigv4.hpp"
#include "localemu/sdk/aws/timestamp.hpp"

namespace localemu::sdk::aws {
namespace {

TEST(SdkArn, ParsesAndFormats) {
  const auto a = Arn::parse("arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->partition, "aws");
  EXPECT_EQ(a->service, "lambda");
  EXPECT_EQ(a->region, "us-east-1");
  EXPECT_EQ(a->account, "123456789012");
  EXPECT_EQ(a->resource, "function:my-fn:prod");
  EXPECT_EQ(a->str(), "arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod");
  const auto role = Arn::parse("arn:aws:iam::123456789012:role/path/r");
  ASSERT_TRUE(role);
  EXPECT_EQ(role->region, "");
  EXPECT_EQ(role->resource, "role/path/r");
  EXPECT_EQ((Arn{"aws", "sqs", "us-east-1", "000000000000", "q"}).str(), "arn:aws:sqs:us-east-1:000000000000:q");
  EXPECT_FALSE(Arn::parse("my-function"));
  EXPECT_FALSE(Arn::parse("arn:aws:lambda:us-east-1"));
  EXPECT_FALSE(Arn::parse("arn:aws:lambda:us-east-1:1:"));
}

TEST(SdkSigV4, ParsesTheAuthorizationHeader) {
  const auto s = parseAuthorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/lambda/aws4_request, "
      "SignedHeaders=host;x-amz-date, Signature=abc");
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (CredentialScope{"AKIDEXAMPLE", "20240101", "us-east-1", "lambda"}));
  const auto compact = parseAuthorization(
      "AWS4-HMAC-SHA256 Credential=123456789012/20240101/eu-west-1/sqs/aws4_request,SignedHeaders=host,Signature=x");
  ASSERT_TRUE(compact);
  EXPECT_EQ(compact->service, "sqs");
  EXPECT_EQ(compact->region, "eu-west-1");
  EXPECT_FALSE(parseAuthorization("AWS AKID:sig"));
  EXPECT_FALSE(parseAuthorization("AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/lambda"));
  EXPECT_FALSE(parseAuthorization("AWS4-HMAC-SHA256 SignedHeaders=host"));
}

TEST(SdkSigV4, ParsesPresignedQuery) {
  const auto s = parsePresignedQuery(
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240101%2Fap-south-1%2Fs3%2Faws4_request&X-Amz-Date="
      "20240101T000000Z");
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, (CredentialScope{"AKID", "20240101", "ap-south-1", "s3"}));
  EXPECT_FALSE(parsePresignedQuery("Action=ListQueues"));
}

TEST(SdkSigV4, AccountFromAccessKey) {
  EXPECT_EQ(accountFromAccessKey("123456789012"), "123456789012");
  EXPECT_EQ(accountFromAccessKey("AKIDEXAMPLE"), "000000000000");
  EXPECT_EQ(accountFromAccessKey("test"), "000000000000");
  EXPECT_EQ(accountFromAccessKey("12345678901a"), "000000000000");
  EXPECT_EQ(accountFromAccessKey(""), "000000000000");
}

TEST(SdkTimestamp, FormatsEveryWireForm) {
  const std::int64_t t = 1704067200123;  // 2024-01-01T00:00:00.123Z
  EXPECT_EQ(formatIso8601(t), "2024-01-01T00:00:00.123Z");
  EXPECT_EQ(formatIso8601Offset(t), "2024-01-01T00:00:00.123+0000");
  EXPECT_EQ(formatIso8601Offset(1704067200000), "2024-01-01T00:00:00.000+0000");
  EXPECT_EQ(formatHttpDate(t), "Mon, 01 Jan 2024 00:00:00 GMT");
  EXPECT_EQ(formatEpochSeconds(t), "1704067200.123");
  EXPECT_EQ(formatEpochSeconds(1704067200500), "1704067200.5");
  EXPECT_EQ(formatEpochSeconds(1704067200000), "1704067200");
  EXPECT_EQ(formatTimestamp(t, "rfc822"), "Mon, 01 Jan 2024 00:00:00 GMT");
  EXPECT_EQ(formatTimestamp(t, "unixTimestamp"), "1704067200.123");
  EXPECT_EQ(formatTimestamp(t, "iso8601"), "2024-01-01T00:00:00.123Z");
}

TEST(SdkTimestamp, ParsesEveryWireForm) {
  EXPECT_EQ(parseTimestamp("2024-01-01T00:00:00.123Z"), 1704067200123);
  EXPECT_EQ(parseTimestamp("2024-01-01T00:00:00.123+0000"), 1704067200123);
  EXPECT_EQ(parseTimestamp("2024-01-01T02:00:00.000+02:00"), 1704067200000);
  EXPECT_EQ(parseTimestamp("2024-01-01T00:00:00Z"), 1704067200000);
  EXPECT_EQ(parseTimestamp("Mon, 01 Jan 2024 00:00:00 GMT"), 1704067200000);
  EXPECT_EQ(parseTimestamp("1704067200"), 1704067200000);
  EXPECT_EQ(parseTimestamp("1704067200.5"), 1704067200500);
  EXPECT_FALSE(parseTimestamp("yesterday"));
  EXPECT_FALSE(parseTimestamp(""));
  const auto now = nowMillis();
  EXPECT_EQ(parseTimestamp(formatIso8601Offset(now)), now);
}

TEST(SdkEncoding, Base64RoundTrip) {
  EXPECT_EQ(base64Encode(""), "");
  EXPECT_EQ(base64Encode("hello"), "aGVsbG8=");
  std::string binary(100, '\0');
  for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 7);
  EXPECT_EQ(base64Encode(binary).find('\n'), std::string::npos);
  EXPECT_EQ(base64Decode(base64Encode(binary)), binary);
  EXPECT_EQ(base64Decode("aGVsbG8="), "hello");
  EXPECT_FALSE(base64Decode("not base64!"));
  EXPECT_FALSE(base64Decode("abc"));
}

// The table codec answers exactly as Poco's stream codec over the same text.
TEST(SdkEncoding, Base64MatchesPocoCodec) {
  const auto pocoEncode = [](const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
  };
  const auto pocoDecode = [](const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  };
  std::string bytes;
  for (int n = 0; n < 70; ++n) {
    EXPECT_EQ(base64Encode(bytes), pocoEncode(bytes)) << n;
    EXPECT_TRUE(isBase64(base64Encode(bytes)));
    EXPECT_EQ(base64Decode(base64Encode(bytes)), bytes) << n;
    bytes.push_back(static_cast<char>(n * 37 + 11));
  }
  for (const std::string text : {"QQ==", "QUI=", "QUJD", "QQ=B", "AAAA", "////", "++++QQ=="})
    EXPECT_EQ(base64Decode(text), pocoDecode(text)) << text;
  for (const std::string text : {"Q===", "====", "QQ==QQ==", "QUJ", "QU J", "QUJ\n", "QUJ-", "QUJ_", "QUJD\xff\xff=="}) {
    EXPECT_FALSE(isBase64(text)) << text;
    EXPECT_FALSE(base64Decode(text)) << text;
  }
  EXPECT_TRUE(isBase64(""));
  EXPECT_EQ(base64Decode(""), "");
}

// Long texts go through the 32-character blocks (AVX2 where the CPU has it):
// the same answers as the table loop, at every length and for every bad byte
// at every place.
TEST(SdkEncoding, Base64BlocksAnswerAsTheTableLoop) {
  const auto pocoDecode = [](const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
  };
  std::mt19937 random(7);
  std::string bytes;
  for (std::size_t n = 0; n < 400; ++n) {
    const std::string text = base64Encode(bytes);
    ASSERT_TRUE(isBase64(text)) << n;
    ASSERT_EQ(base64Decode(text), bytes) << n;
    bytes.push_back(static_cast<char>(random()));
  }
  bytes.resize(1 << 20);
  for (auto& b : bytes) b = static_cast<char>(random());
  const std::string text = base64Encode(bytes);
  EXPECT_TRUE(isBase64(text));
  EXPECT_EQ(base64Decode(text), bytes);
  EXPECT_EQ(base64Decode(text), pocoDecode(text));

  const std::string clean = base64Encode(std::string(300, '\x5a'));  // 400 characters
  for (int bad = 0; bad < 256; ++bad) {
    const auto c = static_cast<char>(bad);
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/') continue;
    for (const std::size_t at : {0u, 5u, 31u, 32u, 63u, 200u, 390u, 395u}) {
      std::string broken = clean;
      broken[at] = c;
      EXPECT_FALSE(isBase64(broken)) << bad << " at " << at;
      EXPECT_FALSE(base64Decode(broken)) << bad << " at " << at;
    }
  }
}

// The string writer answers byte for byte as Poco's stringify.
TEST(SdkJsonText, MatchesPocoStringify) {
  const auto poco = [](const Poco::Dynamic::Var& v) {
    std::ostringstream out;
    if (v.type() == typeid(Poco::JSON::Object::Ptr))
      v.extract<Poco::JSON::Object::Ptr>()->stringify(out);
    else
      Poco::JSON::Stringifier::stringify(v, out);
    return out.str();
  };
  std::string every;
  for (int c = 1; c < 256; ++c) every.push_back(static_cast<char>(c));
  Poco::JSON::Object::Ptr ordered = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  Poco::JSON::Object::Ptr sorted = new Poco::JSON::Object;
  for (auto* o : {ordered.get(), sorted.get()}) {
    o->set("z", std::string("plain"));
    o->set("every", every);
    o->set("a/b \"q\"", std::string("http://x/y"));
    o->set("utf8", std::string("caf\xC3\xA9 \xE2\x82\xAC"));
    o->set("empty", std::string());
    o->set("int", 42);
    o->set("neg", Poco::Int64(-9000000000));
    o->set("size", std::size_t(7));
    o->set("dbl", 0.1);
    o->set("whole", 128.0);
    o->set("big", 1e300);
    o->set("t", true);
    o->set("f", false);
    o->set("null", Poco::Dynamic::Var());
    o->set("char", 'c');
    o->set("cstr", "text");
  }
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  list->add(std::string("x"));
  list->add(1);
  list->add(sorted);
  list->add(Poco::Dynamic::Var());
  Poco::JSON::Array byValue;
  byValue.add(std::string("v"));
  Poco::JSON::Object inner;
  inner.set("k", std::string("v/w"));
  ordered->set("list", list);
  ordered->set("emptyList", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
  ordered->set("emptyObject", Poco::JSON::Object::Ptr(new Poco::JSON::Object));
  ordered->set("byValueArray", byValue);
  ordered->set("byValueObject", inner);
  ordered->set("sorted", sorted);
  EXPECT_EQ(toJsonText(ordered), poco(ordered));
  EXPECT_EQ(toJsonText(sorted), poco(sorted));
  EXPECT_EQ(toJsonText(list), poco(list));
  EXPECT_EQ(toJsonText(Poco::Dynamic::Var()), "null");
  ordered->setEscapeUnicode(true);
  EXPECT_EQ(toJsonText(ordered), poco(ordered));
}

// Raw JSON text in a tree is written verbatim, by the SDK's writer and by Poco's.
TEST(SdkJsonText, RawJsonIsWrittenAsItIs) {
  Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  o->set("Name", std::string("f"));
  o->set("LoggingConfig", RawJson{R"({"LogFormat":"Text","LogGroup":"/aws/lambda/f"})"});
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  list->add(RawJson{"[1,2]"});
  o->set("List", list);
  const std::string expected = R"({"Name":"f","LoggingConfig":{"LogFormat":"Text","LogGroup":"/aws/lambda/f"},"List":[[1,2]]})";
  EXPECT_EQ(toJsonText(o), expected);
  std::ostringstream poco;
  o->stringify(poco);
  EXPECT_EQ(poco.str(), expected);
  const Poco::Dynamic::Var copy = o->get("LoggingConfig");
  EXPECT_EQ(copy.extract<RawJson>().text, R"({"LogFormat":"Text","LogGroup":"/aws/lambda/f"})");
}

TEST(SdkEncoding, PercentDecodeAndRequestIds) {
  EXPECT_EQ(percentDecode("a%20b+c%3A"), "a b+c:");
  EXPECT_EQ(percentDecode("a%20b+c", true), "a b c");
  EXPECT_EQ(percentDecode("100%"), "100%");
  EXPECT_EQ(percentDecode("a%2Bb+c", true), "a+b c");
  EXPECT_EQ(percentDecode("%E2%82%AC"), "\xE2\x82\xAC");
  const auto id = newUuid();
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
  for (std::size_t i = 0; i < id.size(); ++i)
    if (i == 8 || i == 13 || i == 18 || i == 23)
      EXPECT_EQ(id[i], '-');
    else
      EXPECT_NE(std::string("0123456789abcdef").find(id[i]), std::string::npos) << id;
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(newUuid());
  EXPECT_EQ(seen.size(), 10000u);
  EXPECT_NE(id, newUuid());
}

}  // namespace
}  // namespace localemu::sdk::aws
