#include "launch_plan.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "localemu/sdk/core.hpp"

namespace localemu::local {
namespace {
namespace fs = std::filesystem;

const EnvVars kLambdaEnv{
    {"AWS_LAMBDA_RUNTIME_API", "127.0.0.1:4566/rt/abc"},
    {"LAMBDA_TASK_ROOT", "/var/task"},
    {"LAMBDA_RUNTIME_DIR", "/var/runtime"},
    {"PATH", "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin"},
    {"LD_LIBRARY_PATH", "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib"},
    {"_HANDLER", "app.handler"},
    {"MY_URL", "http://example.com/opt/var/task"},
    {"OPTIONAL", "/optional:/var/tasks:/opt"},
};

std::map<std::string, std::string> asMap(const EnvVars& env) { return {env.begin(), env.end()}; }

LaunchInput pythonInput() {
  LaunchInput in;
  in.runtime = "python3.12";
  in.handler = "app.handler";
  in.codePath = "/code";
  in.optPath = "/layers/opt";
  in.runtimesDir = "/rt";
  in.python = "/usr/bin/python3";
  in.node = "/usr/bin/node";
  in.env = kLambdaEnv;
  return in;
}

TEST(LocalLaunchPlan, TranslatesContainerPathsElementByElement) {
  const PathMap paths{"/code", "/layers/opt", "/rt/python"};
  EXPECT_EQ(translatePaths("/var/task", paths), "/code");
  EXPECT_EQ(translatePaths("/var/task/lib:/opt/bin:/var/runtime", paths), "/code/lib:/layers/opt/bin:/rt/python");
  EXPECT_EQ(translatePaths("/optional:/var/tasks:/opt", paths), "/optional:/var/tasks:/layers/opt");
  EXPECT_EQ(translatePaths("http://example.com/opt", paths), "http://example.com/opt");
  EXPECT_EQ(translatePaths("127.0.0.1:4566/opt", paths), "127.0.0.1:4566/opt");
  EXPECT_EQ(translatePaths("", paths), "");
  EXPECT_EQ(translatePaths("a::b", paths), "a::b");
}

TEST(LocalLaunchPlan, PythonRunsTheProjectClientWithTheHandler) {
  const auto plan = buildLaunchPlan(pythonInput());
  ASSERT_EQ(plan.argv.size(), 4U);
  EXPECT_EQ(plan.argv[0], "/usr/bin/python3");
  EXPECT_EQ(plan.argv[1], "-S");
  EXPECT_EQ(plan.argv[2], "/rt/python/bootstrap");
  EXPECT_EQ(plan.argv[3], "app.handler");
  EXPECT_EQ(plan.workingDir, fs::path("/code"));
}

TEST(LocalLaunchPlan, EnvironmentIsExactlyTheSpecTranslatedPlusPythonPath) {
  const auto plan = buildLaunchPlan(pythonInput());
  const auto env = asMap(plan.env);
  EXPECT_EQ(env.size(), kLambdaEnv.size() + 1);
  EXPECT_EQ(env.at("LAMBDA_TASK_ROOT"), "/code");
  EXPECT_EQ(env.at("LAMBDA_RUNTIME_DIR"), "/rt/python");
  EXPECT_EQ(env.at("PATH"), "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/layers/opt/bin");
  EXPECT_EQ(env.at("LD_LIBRARY_PATH"),
            "/var/lang/lib:/lib64:/usr/lib64:/rt/python:/rt/python/lib:/code:/code/lib:/layers/opt/lib");
  EXPECT_EQ(env.at("AWS_LAMBDA_RUNTIME_API"), "127.0.0.1:4566/rt/abc");
  EXPECT_EQ(env.at("MY_URL"), "http://example.com/opt/var/task");
  EXPECT_EQ(env.at("PYTHONPATH"), "/code:/layers/opt/python/lib/python3.12/site-packages:/layers/opt/python");
  EXPECT_EQ(env.count("NODE_PATH"), 0U);
  EXPECT_EQ(env.count("HOME"), 0U);
}

TEST(LocalLaunchPlan, FunctionPythonPathFollowsOurs) {
  auto in = pythonInput();
  in.env.emplace_back("PYTHONPATH", "/opt/extra:/var/task");
  const auto env = asMap(buildLaunchPlan(in).env);
  EXPECT_EQ(env.at("PYTHONPATH"),
            "/code:/layers/opt/python/lib/python3.12/site-packages:/layers/opt/python:/layers/opt/extra");
}

TEST(LocalLaunchPlan, NodeGetsNodePathAsTheImagesSetIt) {
  auto in = pythonInput();
  in.runtime = "nodejs20.x";
  in.handler = "index.handler";
  const auto plan = buildLaunchPlan(in);
  EXPECT_EQ(plan.argv, (std::vector<std::string>{"/usr/bin/node", "/rt/node/bootstrap", "index.handler"}));
  const auto env = asMap(plan.env);
  EXPECT_EQ(env.at("NODE_PATH"),
            "/layers/opt/nodejs/node20/node_modules:/layers/opt/nodejs/node_modules:/rt/node/node_modules:/rt/node:/code");
  EXPECT_EQ(env.at("LAMBDA_RUNTIME_DIR"), "/rt/node");
  EXPECT_EQ(env.count("PYTHONPATH"), 0U);
}

TEST(LocalLaunchPlan, VersionParsing) {
  EXPECT_EQ(nodeMajorOf("nodejs18.x"), "18");
  EXPECT_EQ(nodeMajorOf("nodejs"), "");
  EXPECT_EQ(nodeMajorOf("python3.12"), "");
  EXPECT_EQ(pythonVersionOf("python3.9"), "python3.9");
  EXPECT_EQ(familyOf("provided.al2023"), RuntimeFamily::Provided);
  EXPECT_EQ(familyOf("java21"), RuntimeFamily::Other);
  EXPECT_EQ(familyOf(""), RuntimeFamily::Image);
}

TEST(LocalLaunchPlan, ImagesAreRefusedWithTheAdvice) {
  auto in = pythonInput();
  in.runtime.clear();
  try {
    buildLaunchPlan(in);
    FAIL() << "no error";
  } catch (const sdk::PluginError& e) {
    EXPECT_EQ(e.code(), LOCALEMU_ERR_UNSUPPORTED);
    EXPECT_STREQ(e.what(), "the local executor cannot run container images; use LAMBDA_RUNTIME_EXECUTOR=docker");
  }
  in.runtime = "java21";
  try {
    buildLaunchPlan(in);
    FAIL() << "no error";
  } catch (const sdk::PluginError& e) {
    EXPECT_EQ(e.code(), LOCALEMU_ERR_UNSUPPORTED);
  }
}

TEST(LocalLaunchPlan, MissingInterpreterIsNotFound) {
  auto in = pythonInput();
  in.python.clear();
  try {
    buildLaunchPlan(in);
    FAIL() << "no error";
  } catch (const sdk::PluginError& e) {
    EXPECT_EQ(e.code(), LOCALEMU_ERR_NOT_FOUND);
  }
}

class ProvidedPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("localemu-plan-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "code");
    fs::create_directories(root_ / "opt");
  }
  void TearDown() override { fs::remove_all(root_); }
  static void touch(const fs::path& p) { std::ofstream(p) << "#!/bin/sh\n"; }
  LaunchInput input() const {
    auto in = pythonInput();
    in.runtime = "provided.al2023";
    in.codePath = root_ / "code";
    in.optPath = root_ / "opt";
    return in;
  }
  fs::path root_;
};

TEST_F(ProvidedPlan, PrefersTheCodeBootstrapThenTheLayers) {
  EXPECT_THROW(buildLaunchPlan(input()), sdk::PluginError);
  touch(root_ / "opt/bootstrap");
  EXPECT_EQ(buildLaunchPlan(input()).argv, std::vector<std::string>{(root_ / "opt/bootstrap").string()});
  touch(root_ / "code/bootstrap");
  const auto plan = buildLaunchPlan(input());
  EXPECT_EQ(plan.argv, std::vector<std::string>{(root_ / "code/bootstrap").string()});
  const auto env = asMap(plan.env);
  EXPECT_EQ(env.count("PYTHONPATH") + env.count("NODE_PATH"), 0U);
  EXPECT_EQ(env.at("LAMBDA_RUNTIME_DIR"), "/rt/provided");
}

}  // namespace
}  // namespace localemu::local

namespace localemu::local {
namespace {

TEST_F(ProvidedPlan, NodeRunsTheClientBesideALauncherBootstrap) {
  auto in = input();
  in.runtime = "nodejs20.x";
  in.runtimesDir = root_ / "rt";
  fs::create_directories(root_ / "rt/node");
  touch(root_ / "rt/node/bootstrap");
  EXPECT_EQ(buildLaunchPlan(in).argv[1], (root_ / "rt/node/bootstrap").string());
  touch(root_ / "rt/node/client.cjs");
  EXPECT_EQ(buildLaunchPlan(in).argv[1], (root_ / "rt/node/client.cjs").string());
}

TEST_F(ProvidedPlan, PythonRunsClientPyWithoutSiteBesideALauncherBootstrap) {
  auto in = input();
  in.runtime = "python3.12";
  in.python = "/usr/bin/python3";
  in.runtimesDir = root_ / "rt";
  fs::create_directories(root_ / "rt/python");
  touch(root_ / "rt/python/bootstrap");
  touch(root_ / "rt/python/client.py");
  EXPECT_EQ(buildLaunchPlan(in).argv,
            (std::vector<std::string>{"/usr/bin/python3", "-S", (root_ / "rt/python/client.py").string(), in.handler}));
}

TEST_F(ProvidedPlan, ExecWrapperRunsFirstWithTheRuntimeCommand) {
  auto in = pythonInput();
  in.optPath = "/layers/opt";
  in.env.emplace_back("AWS_LAMBDA_EXEC_WRAPPER", "/opt/wrapper");
  EXPECT_EQ(buildLaunchPlan(in).argv,
            (std::vector<std::string>{"/layers/opt/wrapper", "/usr/bin/python3", "-S", "/rt/python/bootstrap", "app.handler"}));
  touch(root_ / "code/bootstrap");
  auto provided = input();
  provided.env.emplace_back("AWS_LAMBDA_EXEC_WRAPPER", "/opt/wrapper");
  EXPECT_EQ(buildLaunchPlan(provided).argv.size(), 1U) << "provided runtimes ignore the wrapper, as on AWS";
}

}  // namespace
}  // namespace localemu::local
