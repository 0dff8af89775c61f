#include "code/code_digest.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "zip_builder.hpp"
#include "localemu/sdk/aws/encoding.hpp"

using namespace localemu::lambda;

namespace {

std::string run(const std::string& command) {
  std::array<char, 256> buffer{};
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) out += buffer.data();
  ::pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string pythonCodeSha256(const std::string& bytes) {
  const auto path = std::filesystem::temp_directory_path() / "lambda-code-digest-test.zip";
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  const std::string out = run(
      "python3 -c \"import base64,hashlib,sys; "
      "print(base64.b64encode(hashlib.sha256(open(sys.argv[1],'rb').read()).digest()).decode())\" " +
      path.string());
  std::filesystem::remove(path);
  return out;
}

}  // namespace

TEST(CodeDigest, CodeSha256MatchesPythonHashlibOnTheSameZip) {
  std::mt19937 random(42);
  std::string payload(300000, '\0');
  for (auto& c : payload) c = static_cast<char>(random() & 0xff);
  const auto zip = test::buildZip({{"index.py", "def handler(e, c):\n  return 1\n"}, {"blob.bin", payload}});
  const std::string expected = pythonCodeSha256(zip);
  ASSERT_EQ(expected.size(), 44u) << "python3 did not answer";
  EXPECT_EQ(codeSha256(zip), expected);
}

TEST(CodeDigest, KnownVectors) {
  EXPECT_EQ(codeSha256(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CodeDigest, Base64RoundTripAndRejection) {
  const std::string bytes("\x00\x01\xfe\xff zip", 8);
  const auto encoded = localemu::sdk::aws::base64Encode(bytes);
  EXPECT_EQ(encoded, "AAH+/yB6aXA=");
  EXPECT_EQ(decodeBase64(encoded), bytes);
  EXPECT_EQ(decodeBase64("AAH+\n/yB6aXA="), bytes);
  EXPECT_FALSE(decodeBase64("not base64!"));
  EXPECT_FALSE(decodeBase64("abc"));
}
