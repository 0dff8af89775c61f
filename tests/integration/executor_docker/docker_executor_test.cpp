#include <fstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "docker_client.hpp"
#include "docker_fixture.hpp"

namespace localemu::docker::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class DockerExecutorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string reason;
    ready_ = ensureEngineAndImage(reason);
    reason_ = reason;
  }

  void SetUp() override {
    if (!ready_) GTEST_FAIL() << reason_;
    dir_ = fs::temp_directory_path() / uniqueId("docker-exec-test");
    fs::create_directories(dir_);
    fs::permissions(dir_, fs::perms::all);
    owner_ = uniqueId("owner");
  }

  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    shell("docker ps -aq --filter label=localemu.owner=" + owner_ + " | xargs -r docker rm -f >/dev/null 2>&1");
  }

  fs::path write(const std::string& relative, const std::string& text) {
    const auto path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }

  SpecBuilder spec(const std::string& prefix) {
    SpecBuilder s(uniqueId(prefix));
    s.label("localemu.owner", owner_);
    return s;
  }

  DockerClient& engine() {
    static DockerClient client(DockerEndpoint::parse(""));
    return client;
  }

  bool containerExists(const std::string& envId) {
    return engine().request("GET", "/containers/localemu-lambda-" + envId + "/json", {}, DockerClient::kDefaultTimeout,
                            {404}).status != 404;
  }

  static inline bool ready_ = false;
  static inline std::string reason_;
  fs::path dir_;
  std::string owner_;
};

TEST_F(DockerExecutorTest, RunsCodeLayersEnvironmentAndLambdaLimits) {
  write("code/hello.txt", "hello from task");
  write("layer1/lib1.txt", "from layer one");
  write("layer1/shared.txt", "first");
  write("layer2/shared.txt", "second");
  Executor executor;
  OutputRecorder output;
  auto s = spec("run");
  s.code((dir_ / "code").string())
      .layer((dir_ / "layer1").string())
      .layer((dir_ / "layer2").string())
      .env("GREETING", "hi there")
      .memory(128)
      .shell("echo GREETING=$GREETING; cat /var/task/hello.txt; echo; cat /opt/lib1.txt; echo; cat /opt/shared.txt; "
             "echo; echo nofile=$(ulimit -n) nproc=$(ulimit -u); "
             "echo mem=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes); "
             "touch /var/task/x 2>/dev/null || echo task-ro; touch /opt/x 2>/dev/null || echo opt-ro; "
             "echo to-stderr >&2; exit 3");
  std::string message;
  ASSERT_EQ(executor.prepare(kBusyboxImage, "x86_64", &message), LOCALEMU_OK) << message;
  ASSERT_EQ(executor.createEnv(s.build(), output.get(), &message), LOCALEMU_OK) << message;
  EXPECT_EQ(executor.status(s.envId()).state, LOCALEMU_ENV_CREATED);
  ASSERT_EQ(executor.startEnv(s.envId(), &message), LOCALEMU_OK) << message;
  const auto code = output.waitExit(s.envId(), 30s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 3);
  EXPECT_THAT(output.stdoutLines(s.envId()),
              ElementsAre("GREETING=hi there", "hello from task", "from layer one", "second",
                          "nofile=1024 nproc=1024", "mem=134217728", "task-ro", "opt-ro"));
  std::vector<std::string> errors;
  for (const auto& line : output.lines(s.envId()))
    if (line.stream == LOCALEMU_STREAM_STDERR) errors.push_back(line.text);
  EXPECT_THAT(errors, ElementsAre("to-stderr"));

  const auto status = executor.status(s.envId());
  EXPECT_EQ(status.state, LOCALEMU_ENV_EXITED);
  EXPECT_EQ(status.exit_code, 3);

  const auto inspect = engine().requestObject("GET", "/containers/localemu-lambda-" + s.envId() + "/json");
  const auto labels = inspect->getObject("Config")->getObject("Labels");
  EXPECT_EQ(labels->getValue<std::string>("localemu.owner"), owner_);
  EXPECT_EQ(inspect->getObject("HostConfig")->getValue<std::string>("NetworkMode"), "host");

  ASSERT_EQ(executor.destroyEnv(s.envId(), &message), LOCALEMU_OK) << message;
  EXPECT_FALSE(containerExists(s.envId()));
  EXPECT_EQ(executor.status(s.envId()).state, LOCALEMU_ENV_GONE);
  EXPECT_EQ(executor.destroyEnv(s.envId()), LOCALEMU_ERR_NOT_FOUND);
}

TEST_F(DockerExecutorTest, OneLayerIsBoundDirectlyAndFlagsApply) {
  write("only/mod.txt", "single layer");
  Executor executor(Config{{"LAMBDA_DOCKER_FLAGS", "-e FROM_FLAGS=yes -l flagged=1 --ulimit nofile=512:512"}});
  OutputRecorder output;
  auto s = spec("one");
  s.layer((dir_ / "only").string()).shell("cat /opt/mod.txt; echo; echo $FROM_FLAGS; ulimit -n");
  std::string message;
  ASSERT_EQ(executor.createEnv(s.build(), output.get(), &message), LOCALEMU_OK) << message;
  const auto inspect = engine().requestObject("GET", "/containers/localemu-lambda-" + s.envId() + "/json");
  EXPECT_EQ(inspect->getObject("Config")->getObject("Labels")->getValue<std::string>("flagged"), "1");
  ASSERT_EQ(executor.startEnv(s.envId(), &message), LOCALEMU_OK) << message;
  ASSERT_EQ(output.waitExit(s.envId(), 30s), 0);
  EXPECT_THAT(output.stdoutLines(s.envId()), ElementsAre("single layer", "yes", "512"));
  EXPECT_EQ(executor.destroyEnv(s.envId()), LOCALEMU_OK);
}

TEST_F(DockerExecutorTest, UnknownDockerFlagStopsStartUp) {
  std::string message;
  EXPECT_EQ(Executor::tryCreate(Config{{"LAMBDA_DOCKER_FLAGS", "-e A=1 --rm"}}, message), LOCALEMU_ERR_INVALID_ARG);
  EXPECT_THAT(message, HasSubstr("--rm"));
}

TEST_F(DockerExecutorTest, StopsASleepingContainer) {
  Executor executor;
  OutputRecorder output;
  auto slow = spec("sleep");
  slow.shell("echo sleeping; exec sleep 300");
  auto killed = spec("kill");
  killed.shell("exec sleep 300");
  std::string message;
  ASSERT_EQ(executor.createEnv(slow.build(), output.get(), &message), LOCALEMU_OK) << message;
  ASSERT_EQ(executor.createEnv(killed.build(), output.get(), &message), LOCALEMU_OK) << message;
  ASSERT_EQ(executor.startEnv(slow.envId(), &message), LOCALEMU_OK) << message;
  ASSERT_EQ(executor.startEnv(killed.envId(), &message), LOCALEMU_OK) << message;
  // Output arrives while the container runs, not at its end.
  ASSERT_TRUE(output.waitLine(slow.envId(), "sleeping", 10s));
  EXPECT_EQ(executor.status(slow.envId()).state, LOCALEMU_ENV_RUNNING);
  EXPECT_GT(executor.status(slow.envId()).memory_used_bytes, 0u);

  // sleep as PID 1 ignores SIGTERM: the stop ends with SIGKILL after the grace period.
  const auto before = std::chrono::steady_clock::now();
  ASSERT_EQ(executor.stopEnv(slow.envId(), 1000, &message), LOCALEMU_OK) << message;
  const auto took = std::chrono::steady_clock::now() - before;
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 15s);
  EXPECT_EQ(output.waitExit(slow.envId(), 30s), 137);
  EXPECT_THAT(output.stdoutLines(slow.envId()), ElementsAre("sleeping"));
  EXPECT_EQ(executor.status(slow.envId()).state, LOCALEMU_ENV_EXITED);

  ASSERT_EQ(executor.stopEnv(killed.envId(), 0, &message), LOCALEMU_OK) << message;
  EXPECT_EQ(output.waitExit(killed.envId(), 30s), 137);
  EXPECT_EQ(executor.stopEnv(killed.envId(), 0), LOCALEMU_OK);  // already stopped: nothing to do

  EXPECT_EQ(executor.destroyEnv(slow.envId()), LOCALEMU_OK);
  EXPECT_EQ(executor.destroyEnv(killed.envId()), LOCALEMU_OK);
}

TEST_F(DockerExecutorTest, DestroyWhileRunningAndAfterSelfExit) {
  Executor executor;
  OutputRecorder output;
  auto quick = spec("quick");
  quick.shell("echo done");
  auto running = spec("running");
  running.shell("exec sleep 300");
  std::string message;
  ASSERT_EQ(executor.createEnv(quick.build(), output.get(), &message), LOCALEMU_OK) << message;
  ASSERT_EQ(executor.createEnv(running.build(), output.get(), &message), LOCALEMU_OK) << message;
  ASSERT_EQ(executor.startEnv(quick.envId(), &message), LOCALEMU_OK) << message;
  ASSERT_EQ(executor.startEnv(running.envId(), &message), LOCALEMU_OK) << message;
  ASSERT_EQ(output.waitExit(quick.envId(), 30s), 0);
  EXPECT_EQ(executor.destroyEnv(quick.envId(), &message), LOCALEMU_OK) << message;
  EXPECT_FALSE(containerExists(quick.envId()));

  const auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(executor.destroyEnv(running.envId(), &message), LOCALEMU_OK) << message;
  EXPECT_LT(std::chrono::steady_clock::now() - before, 10s);
  EXPECT_FALSE(containerExists(running.envId()));
  EXPECT_FALSE(output.waitExit(running.envId(), 200ms).has_value());
}

TEST_F(DockerExecutorTest, KeepsContainersWhenToldTo) {
  Executor executor(Config{{"LAMBDA_REMOVE_CONTAINERS", "0"}});
  OutputRecorder output;
  auto s = spec("keep");
  s.shell("exec sleep 300");
  std::string message;
  ASSERT_EQ(executor.createEnv(s.build(), output.get(), &message), LOCALEMU_OK) << message;
  ASSERT_EQ(executor.startEnv(s.envId(), &message), LOCALEMU_OK) << message;
  ASSERT_EQ(executor.destroyEnv(s.envId(), &message), LOCALEMU_OK) << message;
  const auto inspect = engine().requestObject("GET", "/containers/localemu-lambda-" + s.envId() + "/json");
  EXPECT_EQ(inspect->getObject("State")->getValue<std::string>("Status"), "exited");
}

TEST_F(DockerExecutorTest, CleanupOrphansRemovesOnlyTheOwnersContainers) {
  auto create = [&](const std::string& owner) {
    const std::string body = R"({"Image":")" + std::string(kBusyboxImage) +
                             R"(","Cmd":["sleep","300"],"Labels":{"localemu.owner":")" + owner +
                             R"("},"HostConfig":{"NetworkMode":"host"}})";
    const auto id = engine().requestObject("POST", "/containers/create", body)->getValue<std::string>("Id");
    engine().request("POST", "/containers/" + id + "/start");
    return id;
  };
  const auto orphanA = create(owner_);
  const auto orphanB = create(owner_);
  const std::string otherOwner = uniqueId("other");
  const auto other = create(otherOwner);

  Executor executor;
  OutputRecorder output;
  auto live = spec("live");
  live.shell("exec sleep 300");
  std::string message;
  ASSERT_EQ(executor.createEnv(live.build(), output.get(), &message), LOCALEMU_OK) << message;

  ASSERT_EQ(executor.cleanupOrphans(owner_, &message), LOCALEMU_OK) << message;
  auto exists = [&](const std::string& id) {
    return engine().request("GET", "/containers/" + id + "/json", {}, DockerClient::kDefaultTimeout, {404}).status != 404;
  };
  EXPECT_FALSE(exists(orphanA));
  EXPECT_FALSE(exists(orphanB));
  EXPECT_TRUE(exists(other));
  EXPECT_TRUE(containerExists(live.envId()));  // this instance's own environment stays
  EXPECT_EQ(executor.destroyEnv(live.envId()), LOCALEMU_OK);
  engine().request("DELETE", "/containers/" + other + "?force=1", {}, DockerClient::kDefaultTimeout, {404});
}

TEST_F(DockerExecutorTest, ArchitectureMismatchIsRefusedUnlessIgnored) {
  std::string message;
  {
    Executor executor;
    EXPECT_EQ(executor.prepare(kBusyboxImage, "x86_64", &message), LOCALEMU_OK) << message;
    EXPECT_EQ(executor.prepare(kBusyboxImage, "arm64", &message), LOCALEMU_ERR_INVALID_ARG);
    EXPECT_THAT(message, HasSubstr(std::string(kBusyboxImage) + " is built for amd64"));
    EXPECT_THAT(message, HasSubstr("arm64"));
    EXPECT_THAT(message, HasSubstr("LAMBDA_IGNORE_ARCHITECTURE=1"));
  }
  Executor ignoring(Config{{"LAMBDA_IGNORE_ARCHITECTURE", "1"}});
  EXPECT_EQ(ignoring.prepare(kBusyboxImage, "arm64", &message), LOCALEMU_OK) << message;
}

TEST_F(DockerExecutorTest, MissingImagePullFailsWithAdvice) {
  Executor executor;
  const std::string image = "localemu-test/does-not-exist:" + uniqueId("v");
  std::vector<std::string> messages(3);
  std::vector<localemu_status> results(3);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < 3; ++i)
    threads.emplace_back([&, i] { results[i] = executor.prepare(image, "x86_64", &messages[i]); });
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(results[i], LOCALEMU_ERR_UNAVAILABLE);
    EXPECT_THAT(messages[i], HasSubstr("cannot pull image " + image));
    EXPECT_THAT(messages[i], HasSubstr("LAMBDA_RUNTIME_IMAGE_MAPPING"));
  }
}

TEST_F(DockerExecutorTest, DockerHostSelectsTheEngine) {
  std::string message;
  Executor explicitHost(Config{{"DOCKER_HOST", "unix:///var/run/docker.sock"}});
  EXPECT_EQ(explicitHost.prepare(kBusyboxImage, "x86_64", &message), LOCALEMU_OK) << message;
  Executor nowhere(Config{{"DOCKER_HOST", "unix:///nonexistent/localemu-docker.sock"}});
  EXPECT_EQ(nowhere.prepare(kBusyboxImage, "x86_64", &message), LOCALEMU_ERR_UNAVAILABLE);
  EXPECT_THAT(message, HasSubstr("unix:///nonexistent/localemu-docker.sock"));
  EXPECT_EQ(Executor::tryCreate(Config{{"DOCKER_HOST", "ssh://somewhere"}}, message), LOCALEMU_ERR_INVALID_ARG);
  EXPECT_THAT(message, HasSubstr("DOCKER_HOST"));
}

TEST_F(DockerExecutorTest, EngineErrorsCarryDockersMessage) {
  Executor executor;
  OutputRecorder output;
  auto s = spec("noimage");
  s.image("localemu-test/never-pulled:1").shell("true");
  std::string message;
  EXPECT_EQ(executor.createEnv(s.build(), output.get(), &message), LOCALEMU_ERR_NOT_FOUND);
  EXPECT_THAT(message, HasSubstr("No such image"));
  EXPECT_EQ(executor.startEnv("never-created", &message), LOCALEMU_ERR_NOT_FOUND);
}

}  // namespace
}  // namespace localemu::docker::test
