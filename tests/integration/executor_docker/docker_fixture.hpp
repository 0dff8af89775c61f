// docker_fixture.hpp — what the docker executor integration tests share: a
// running engine (scripts/start-dockerd.sh), a tiny busybox image made with
// `docker import`, the plugin loaded from its .so and driven through its C
// vtable, and an output sink that records lines and exits per environment.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "localemu/executor.h"
#include "localemu/plugin.h"
#include "test_host.hpp"

namespace localemu::docker::test {

using Config = std::map<std::string, std::string>;

// The image every test runs: busybox applets on an otherwise empty rootfs.
inline constexpr const char* kBusyboxImage = "localemu-test/busybox:1";

// Runs a shell command; returns its exit status and stdout.
std::pair<int, std::string> shell(const std::string& command);
// Makes sure an engine answers and kBusyboxImage exists; false (with a reason) if impossible.
bool ensureEngineAndImage(std::string& reason);

struct Line {
  int stream;
  std::string text;
};

// Records output; [thread-safe].
class OutputRecorder {
 public:
  OutputRecorder();
  const localemu_env_output* get() const noexcept { return &output_; }
  std::vector<Line> lines(const std::string& envId);
  std::vector<std::string> stdoutLines(const std::string& envId);
  // True once `envId` printed `text` on stdout, waiting up to `timeout`.
  bool waitLine(const std::string& envId, const std::string& text, std::chrono::milliseconds timeout);
  // The exit code once output.exited() was called, waiting up to `timeout`.
  std::optional<int> waitExit(const std::string& envId, std::chrono::milliseconds timeout);

 private:
  static void onLine(void* ctx, localemu_str envId, int32_t stream, localemu_str line);
  static void onExit(void* ctx, localemu_str envId, int32_t code);

  localemu_env_output output_{};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, std::vector<Line>> lines_;
  std::map<std::string, int> exits_;
};

// The plugin library, loaded once per process.
class PluginLibrary {
 public:
  static const localemu_plugin_entry_table& entry();
};

// One executor instance over a TestHost configured with `config`.
class Executor {
 public:
  explicit Executor(std::map<std::string, std::string> config = {});
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Each returns the status and fills `message` on failure.
  localemu_status prepare(const std::string& image, const std::string& arch, std::string* message = nullptr);
  localemu_status createEnv(const localemu_env_spec& spec, const localemu_env_output* output,
                            std::string* message = nullptr);
  localemu_status startEnv(const std::string& envId, std::string* message = nullptr);
  localemu_status stopEnv(const std::string& envId, uint32_t graceMs, std::string* message = nullptr);
  localemu_status destroyEnv(const std::string& envId, std::string* message = nullptr);
  localemu_env_status status(const std::string& envId);
  localemu_status cleanupOrphans(const std::string& owner, std::string* message = nullptr);

  // Creation failures of the instance itself (e.g. a bad LAMBDA_DOCKER_FLAGS).
  static localemu_status tryCreate(std::map<std::string, std::string> config, std::string& message);

 private:
  std::unique_ptr<localemu::test::TestHost> host_;
  const localemu_executor_vtable* vtable_ = nullptr;
};

// An environment spec with owned storage behind its views.
class SpecBuilder {
 public:
  explicit SpecBuilder(std::string envId);
  SpecBuilder& image(std::string v);
  SpecBuilder& architecture(std::string v);
  SpecBuilder& code(std::string path);
  SpecBuilder& layer(std::string path);
  SpecBuilder& env(std::string name, std::string value);
  SpecBuilder& label(std::string name, std::string value);
  SpecBuilder& memory(uint32_t mb);
  SpecBuilder& shell(std::string script);  // Entrypoint ["/bin/sh", "-c"], Cmd [script]
  const localemu_env_spec& build();
  const std::string& envId() const noexcept { return envId_; }

 private:
  std::string envId_, image_, arch_, code_;
  std::vector<std::string> layers_, entrypoint_, command_;
  std::vector<std::pair<std::string, std::string>> env_, labels_;
  uint32_t memory_ = 128;
  std::vector<localemu_str> layerStrs_, entryStrs_, commandStrs_;
  std::vector<localemu_pair> envPairs_, labelPairs_;
  localemu_env_spec spec_{};
};

// A unique id for this test process ("p<pid>-<n>").
std::string uniqueId(const std::string& prefix);

}  // namespace localemu::docker::test
