#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>

#include "container_spec.hpp"
#include "image_cache.hpp"
#include "localemu/sdk/core.hpp"

namespace localemu::docker {
namespace {

using sdk::toStr;
using ::testing::ElementsAre;

std::vector<std::string> strings(const Poco::JSON::Array::Ptr& array) {
  std::vector<std::string> out;
  if (!array) return out;
  for (std::size_t i = 0; i < array->size(); ++i) out.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
  return out;
}

EnvironmentSpec zipSpec() {
  EnvironmentSpec spec;
  spec.envId = "env-1";
  spec.image = "public.ecr.aws/lambda/python:3.12";
  spec.handler = "app.handler";
  spec.codePath = "/data/code/abc";
  spec.env = {{"AWS_LAMBDA_FUNCTION_NAME", "f"}, {"AWS_LAMBDA_RUNTIME_API", "127.0.0.1:4566/rt/env-1"}};
  spec.labels = {{"localemu.owner", "host-7"}, {"localemu.function", "arn:aws:lambda:us-east-1:000000000000:function:f"}};
  spec.memoryMb = 128;
  return spec;
}

TEST(ContainerSpec, FromAbiCopiesEveryField) {
  const localemu_str layers[] = {toStr("/l1"), toStr("/l2")};
  const localemu_pair env[] = {{toStr("A"), toStr("1")}};
  const localemu_str entry[] = {toStr("/lambda-entrypoint.sh")};
  const localemu_str cmd[] = {toStr("app.handler")};
  const localemu_pair labels[] = {{toStr("localemu.owner"), toStr("o")}};
  localemu_env_spec raw{};
  raw.struct_size = sizeof raw;
  raw.env_id = toStr("e1");
  raw.function_arn = toStr("arn");
  raw.runtime = toStr("python3.12");
  raw.handler = toStr("app.handler");
  raw.image = toStr("img");
  raw.architecture = toStr("x86_64");
  raw.code_path = toStr("/code");
  raw.layer_paths = layers;
  raw.layer_count = 2;
  raw.env = env;
  raw.env_count = 1;
  raw.memory_mb = 256;
  raw.timeout_s = 3;
  raw.runtime_api = toStr("127.0.0.1:4566");
  raw.entrypoint = entry;
  raw.entrypoint_count = 1;
  raw.command = cmd;
  raw.command_count = 1;
  raw.working_dir = toStr("/w");
  raw.labels = labels;
  raw.label_count = 1;
  const auto spec = EnvironmentSpec::fromAbi(raw);
  EXPECT_EQ(spec.envId, "e1");
  EXPECT_EQ(spec.architecture, "x86_64");
  EXPECT_THAT(spec.layerPaths, ElementsAre("/l1", "/l2"));
  EXPECT_EQ(spec.env.at(0), std::make_pair(std::string("A"), std::string("1")));
  EXPECT_EQ(spec.memoryMb, 256u);
  EXPECT_THAT(spec.entrypoint, ElementsAre("/lambda-entrypoint.sh"));
  EXPECT_THAT(spec.command, ElementsAre("app.handler"));
  EXPECT_EQ(spec.workingDir, "/w");
  EXPECT_EQ(spec.labels.at(0).first, "localemu.owner");
}

TEST(ContainerSpec, ZipFunctionBody) {
  const auto body = buildCreateBody(zipSpec(), ContainerOptions{}, "/layers/one");
  EXPECT_EQ(body->getValue<std::string>("Image"), "public.ecr.aws/lambda/python:3.12");
  EXPECT_THAT(strings(body->getArray("Cmd")), ElementsAre("app.handler"));
  EXPECT_FALSE(body->has("Entrypoint"));
  EXPECT_FALSE(body->has("WorkingDir"));
  EXPECT_THAT(strings(body->getArray("Env")),
              ElementsAre("AWS_LAMBDA_FUNCTION_NAME=f", "AWS_LAMBDA_RUNTIME_API=127.0.0.1:4566/rt/env-1"));
  const auto labels = body->getObject("Labels");
  EXPECT_EQ(labels->getValue<std::string>("localemu.owner"), "host-7");
  EXPECT_EQ(labels->getValue<std::string>("localemu.env-id"), "env-1");
  EXPECT_FALSE(body->getValue<bool>("Tty"));
  EXPECT_TRUE(body->getValue<bool>("AttachStdout"));

  const auto hc = body->getObject("HostConfig");
  EXPECT_EQ(hc->getValue<std::string>("NetworkMode"), "host");
  EXPECT_EQ(hc->getValue<std::int64_t>("Memory"), 128LL * 1024 * 1024);
  EXPECT_EQ(hc->getValue<std::int64_t>("MemorySwap"), 128LL * 1024 * 1024);
  EXPECT_THAT(strings(hc->getArray("Binds")), ElementsAre("/data/code/abc:/var/task:ro", "/layers/one:/opt:ro"));
  EXPECT_FALSE(hc->getValue<bool>("ReadonlyRootfs"));
  EXPECT_FALSE(hc->getValue<bool>("Init"));
  EXPECT_FALSE(hc->getValue<bool>("Privileged"));
  const auto ulimits = hc->getArray("Ulimits");
  ASSERT_EQ(ulimits->size(), 2u);
  for (unsigned i = 0; i < 2; ++i) {
    const auto limit = ulimits->getObject(i);
    EXPECT_EQ(limit->getValue<std::string>("Name"), i == 0 ? "nofile" : "nproc");
    EXPECT_EQ(limit->getValue<std::int64_t>("Soft"), 1024);
    EXPECT_EQ(limit->getValue<std::int64_t>("Hard"), 1024);
  }
  EXPECT_FALSE(hc->has("Dns"));
  EXPECT_FALSE(hc->has("ShmSize"));
}

TEST(ContainerSpec, ImageFunctionUsesImageConfig) {
  auto spec = zipSpec();
  spec.codePath.clear();
  spec.handler.clear();
  spec.entrypoint = {"/bin/sh", "-c"};
  spec.command = {"echo hi"};
  spec.workingDir = "/app";
  const auto body = buildCreateBody(spec, ContainerOptions{}, "");
  EXPECT_THAT(strings(body->getArray("Entrypoint")), ElementsAre("/bin/sh", "-c"));
  EXPECT_THAT(strings(body->getArray("Cmd")), ElementsAre("echo hi"));
  EXPECT_EQ(body->getValue<std::string>("WorkingDir"), "/app");
  EXPECT_TRUE(strings(body->getObject("HostConfig")->getArray("Binds")).empty());
}

TEST(ContainerSpec, NoHandlerNoCommandLeavesTheImageCmd) {
  auto spec = zipSpec();
  spec.handler.clear();
  spec.memoryMb = 0;
  const auto body = buildCreateBody(spec, ContainerOptions{}, "");
  EXPECT_FALSE(body->has("Cmd"));
  EXPECT_FALSE(body->getObject("HostConfig")->has("Memory"));
}

TEST(ContainerSpec, OptionsAndFlagsReachTheBody) {
  ContainerOptions options;
  options.network = "custom";
  options.dns = {"10.0.0.2"};
  options.flags = parseDockerFlags(
      "-e EXTRA=1 -v /h:/c:ro -l team=x --add-host db:127.0.0.1 --dns 127.0.0.53 --ulimit nofile=4096:8192 "
      "--privileged --cap-add NET_ADMIN --shm-size 1g -u 1000");
  const auto body = buildCreateBody(zipSpec(), options, "");
  EXPECT_EQ(body->getValue<std::string>("User"), "1000");
  EXPECT_EQ(strings(body->getArray("Env")).back(), "EXTRA=1");
  EXPECT_EQ(body->getObject("Labels")->getValue<std::string>("team"), "x");
  const auto hc = body->getObject("HostConfig");
  EXPECT_EQ(hc->getValue<std::string>("NetworkMode"), "custom");
  EXPECT_THAT(strings(hc->getArray("Binds")), ElementsAre("/data/code/abc:/var/task:ro", "/h:/c:ro"));
  EXPECT_THAT(strings(hc->getArray("Dns")), ElementsAre("10.0.0.2", "127.0.0.53"));
  EXPECT_THAT(strings(hc->getArray("ExtraHosts")), ElementsAre("db:127.0.0.1"));
  EXPECT_THAT(strings(hc->getArray("CapAdd")), ElementsAre("NET_ADMIN"));
  EXPECT_EQ(hc->getValue<std::int64_t>("ShmSize"), 1024LL * 1024 * 1024);
  EXPECT_TRUE(hc->getValue<bool>("Privileged"));
  const auto ulimits = hc->getArray("Ulimits");
  ASSERT_EQ(ulimits->size(), 2u);
  EXPECT_EQ(ulimits->getObject(0)->getValue<std::string>("Name"), "nproc");
  EXPECT_EQ(ulimits->getObject(1)->getValue<std::string>("Name"), "nofile");
  EXPECT_EQ(ulimits->getObject(1)->getValue<std::int64_t>("Hard"), 8192);
}

TEST(ContainerSpec, NamesAndArchitectures) {
  EXPECT_EQ(containerName("abc-1"), "localemu-lambda-abc-1");
  EXPECT_EQ(dockerArchitecture("x86_64"), "amd64");
  EXPECT_EQ(dockerArchitecture("arm64"), "arm64");
}

TEST(ImageReference, Parse) {
  auto r = ImageReference::parse("public.ecr.aws/lambda/python:3.12");
  EXPECT_EQ(r.repository, "public.ecr.aws/lambda/python");
  EXPECT_EQ(r.tag, "3.12");
  r = ImageReference::parse("localhost:5000/img");
  EXPECT_EQ(r.repository, "localhost:5000/img");
  EXPECT_EQ(r.tag, "latest");
  r = ImageReference::parse("busybox@sha256:abc");
  EXPECT_EQ(r.repository, "busybox");
  EXPECT_EQ(r.tag, "");
  EXPECT_EQ(r.digest, "sha256:abc");
}

}  // namespace
}  // namespace localemu::docker
