#include "docker_fixture.hpp"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <dlfcn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "localemu/sdk/core.hpp"

namespace localemu::docker::test {

using sdk::toStr;
using sdk::view;

std::pair<int, std::string> shell(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, out};
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

bool ensureEngineAndImage(std::string& reason) {
  if (shell("docker info >/dev/null 2>&1").first != 0) {
    const std::string script = std::string(LOCALEMU_TEST_SOURCE_DIR) + "/scripts/start-dockerd.sh";
    const auto started = std::filesystem::exists(script)
                             ? shell("bash " + script + " 2>&1")
                             : shell("(setsid dockerd --bridge=none --iptables=false --ip-masq=false "
                                     "</dev/null >/tmp/localemu-dockerd.log 2>&1 &); "
                                     "for i in $(seq 100); do docker info >/dev/null 2>&1 && exit 0; sleep 0.3; done; "
                                     "exit 1");
    if (started.first != 0) {
      reason = "no Docker engine: " + started.second;
      return false;
    }
  }
  if (shell(std::string("docker image inspect ") + kBusyboxImage + " >/dev/null 2>&1").first == 0) return true;
  const std::string busybox = std::filesystem::exists("/bin/busybox") ? "/bin/busybox" : "/usr/bin/busybox";
  if (!std::filesystem::exists(busybox)) {
    reason = "busybox is missing (apt-get install -y busybox-static)";
    return false;
  }
  const auto root = std::filesystem::temp_directory_path() / uniqueId("busybox-rootfs");
  const std::string script =
      "set -e; r='" + root.string() + "'; mkdir -p \"$r/bin\" \"$r/tmp\" \"$r/etc\" \"$r/var/task\" \"$r/opt\"; "
      "cp " + busybox + " \"$r/bin/busybox\"; "
      "for a in $(\"$r/bin/busybox\" --list); do [ \"$a\" = busybox ] || ln -sf busybox \"$r/bin/$a\"; done; "
      "echo 'root:x:0:0:root:/root:/bin/sh' > \"$r/etc/passwd\"; "
      "tar -C \"$r\" -c . | docker import --change 'ENV PATH=/bin' - " + kBusyboxImage + " >/dev/null; "
      "rm -rf \"$r\"";
  const auto built = shell("(" + script + ") 2>&1");
  if (built.first != 0) {
    reason = "cannot build " + std::string(kBusyboxImage) + ": " + built.second;
    return false;
  }
  return true;
}

// ---------------------------------------------------------------- output

OutputRecorder::OutputRecorder() {
  output_.struct_size = sizeof output_;
  output_.ctx = this;
  output_.line = &OutputRecorder::onLine;
  output_.exited = &OutputRecorder::onExit;
}

void OutputRecorder::onLine(void* ctx, localemu_str envId, int32_t stream, localemu_str line) {
  auto* self = static_cast<OutputRecorder*>(ctx);
  std::lock_guard lock(self->mutex_);
  self->lines_[std::string(view(envId))].push_back(Line{stream, std::string(view(line))});
  self->changed_.notify_all();
}

void OutputRecorder::onExit(void* ctx, localemu_str envId, int32_t code) {
  auto* self = static_cast<OutputRecorder*>(ctx);
  std::lock_guard lock(self->mutex_);
  self->exits_[std::string(view(envId))] = code;
  self->changed_.notify_all();
}

std::vector<Line> OutputRecorder::lines(const std::string& envId) {
  std::lock_guard lock(mutex_);
  return lines_[envId];
}

std::vector<std::string> OutputRecorder::stdoutLines(const std::string& envId) {
  std::vector<std::string> out;
  for (const auto& line : lines(envId))
    if (line.stream == LOCALEMU_STREAM_STDOUT) out.push_back(line.text);
  return out;
}

bool OutputRecorder::waitLine(const std::string& envId, const std::string& text, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] {
    for (const auto& line : lines_[envId])
      if (line.stream == LOCALEMU_STREAM_STDOUT && line.text == text) return true;
    return false;
  });
}

std::optional<int> OutputRecorder::waitExit(const std::string& envId, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!changed_.wait_for(lock, timeout, [&] { return exits_.contains(envId); })) return std::nullopt;
  return exits_[envId];
}

// ---------------------------------------------------------------- plugin

const localemu_plugin_entry_table& PluginLibrary::entry() {
  static const localemu_plugin_entry_table* table = [] {
    void* handle = ::dlopen(EXECUTOR_DOCKER_PLUGIN, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) throw std::runtime_error(std::string("dlopen: ") + ::dlerror());
    auto fn = reinterpret_cast<localemu_plugin_entry_fn>(::dlsym(handle, LOCALEMU_ENTRY_SYMBOL));
    if (fn == nullptr) throw std::runtime_error("no entry symbol");
    const auto* t = fn(LOCALEMU_ABI_VERSION_MAJOR, LOCALEMU_ABI_VERSION_MINOR);
    if (t == nullptr) throw std::runtime_error("the plugin declined the host");
    return t;
  }();
  return *table;
}

namespace {

localemu_status fail(localemu_status status, const localemu_error& err, std::string* message) {
  if (status < 0 && message != nullptr) *message = err.message;
  return status;
}

}  // namespace

Executor::Executor(std::map<std::string, std::string> config)
    : host_(std::make_unique<localemu::test::TestHost>(std::move(config))) {
  auto err = sdk::makeError();
  const void* vt = nullptr;
  const auto status = PluginLibrary::entry().create(host_->api("docker"), "docker", toStr("{}"), &vt, &err);
  if (status != LOCALEMU_OK) throw std::runtime_error(std::string("create: ") + err.message);
  vtable_ = static_cast<const localemu_executor_vtable*>(vt);
}

Executor::~Executor() {
  if (vtable_ != nullptr) vtable_->object.destroy(vtable_->object.self);
}

localemu_status Executor::tryCreate(std::map<std::string, std::string> config, std::string& message) {
  localemu::test::TestHost host(std::move(config));
  auto err = sdk::makeError();
  const void* vt = nullptr;
  const auto status = PluginLibrary::entry().create(host.api("docker"), "docker", toStr("{}"), &vt, &err);
  if (status == LOCALEMU_OK) {
    const auto* v = static_cast<const localemu_executor_vtable*>(vt);
    v->object.destroy(v->object.self);
  } else {
    message = err.message;
  }
  return status;
}

localemu_status Executor::prepare(const std::string& image, const std::string& arch, std::string* message) {
  auto err = sdk::makeError();
  return fail(vtable_->prepare(vtable_->object.self, toStr(image), toStr(arch), &err), err, message);
}

localemu_status Executor::createEnv(const localemu_env_spec& spec, const localemu_env_output* output,
                                    std::string* message) {
  auto err = sdk::makeError();
  return fail(vtable_->create_env(vtable_->object.self, &spec, output, &err), err, message);
}

localemu_status Executor::startEnv(const std::string& envId, std::string* message) {
  auto err = sdk::makeError();
  return fail(vtable_->start_env(vtable_->object.self, toStr(envId), &err), err, message);
}

localemu_status Executor::stopEnv(const std::string& envId, uint32_t graceMs, std::string* message) {
  auto err = sdk::makeError();
  return fail(vtable_->stop_env(vtable_->object.self, toStr(envId), graceMs, &err), err, message);
}

localemu_status Executor::destroyEnv(const std::string& envId, std::string* message) {
  auto err = sdk::makeError();
  return fail(vtable_->destroy_env(vtable_->object.self, toStr(envId), &err), err, message);
}

localemu_env_status Executor::status(const std::string& envId) {
  auto err = sdk::makeError();
  localemu_env_status out{};
  out.struct_size = sizeof out;
  if (vtable_->status(vtable_->object.self, toStr(envId), &out, &err) != LOCALEMU_OK)
    throw std::runtime_error(std::string("status: ") + err.message);
  return out;
}

localemu_status Executor::cleanupOrphans(const std::string& owner, std::string* message) {
  auto err = sdk::makeError();
  return fail(vtable_->cleanup_orphans(vtable_->object.self, toStr(owner), &err), err, message);
}

// ---------------------------------------------------------------- spec

SpecBuilder::SpecBuilder(std::string envId) : envId_(std::move(envId)), image_(kBusyboxImage), arch_("x86_64") {}
SpecBuilder& SpecBuilder::image(std::string v) { image_ = std::move(v); return *this; }
SpecBuilder& SpecBuilder::architecture(std::string v) { arch_ = std::move(v); return *this; }
SpecBuilder& SpecBuilder::code(std::string path) { code_ = std::move(path); return *this; }
SpecBuilder& SpecBuilder::layer(std::string path) { layers_.push_back(std::move(path)); return *this; }
SpecBuilder& SpecBuilder::env(std::string n, std::string v) { env_.emplace_back(std::move(n), std::move(v)); return *this; }
SpecBuilder& SpecBuilder::label(std::string n, std::string v) { labels_.emplace_back(std::move(n), std::move(v)); return *this; }
SpecBuilder& SpecBuilder::memory(uint32_t mb) { memory_ = mb; return *this; }
SpecBuilder& SpecBuilder::shell(std::string script) {
  entrypoint_ = {"/bin/sh", "-c"};
  command_ = {std::move(script)};
  return *this;
}

const localemu_env_spec& SpecBuilder::build() {
  auto strs = [](const std::vector<std::string>& in, std::vector<localemu_str>& out) {
    out.clear();
    for (const auto& s : in) out.push_back(toStr(s));
  };
  auto pairs = [](const std::vector<std::pair<std::string, std::string>>& in, std::vector<localemu_pair>& out) {
    out.clear();
    for (const auto& [n, v] : in) out.push_back(localemu_pair{toStr(n), toStr(v)});
  };
  strs(layers_, layerStrs_);
  strs(entrypoint_, entryStrs_);
  strs(command_, commandStrs_);
  pairs(env_, envPairs_);
  pairs(labels_, labelPairs_);
  spec_ = localemu_env_spec{};
  spec_.struct_size = sizeof spec_;
  spec_.env_id = toStr(envId_);
  spec_.function_arn = toStr("arn:aws:lambda:us-east-1:000000000000:function:docker-test:$LATEST");
  spec_.image = toStr(image_);
  spec_.architecture = toStr(arch_);
  spec_.code_path = toStr(code_);
  spec_.layer_paths = layerStrs_.data();
  spec_.layer_count = layerStrs_.size();
  spec_.env = envPairs_.data();
  spec_.env_count = envPairs_.size();
  spec_.memory_mb = memory_;
  spec_.timeout_s = 3;
  spec_.entrypoint = entryStrs_.data();
  spec_.entrypoint_count = entryStrs_.size();
  spec_.command = commandStrs_.data();
  spec_.command_count = commandStrs_.size();
  spec_.labels = labelPairs_.data();
  spec_.label_count = labelPairs_.size();
  return spec_;
}

std::string uniqueId(const std::string& prefix) {
  static std::atomic<unsigned> counter{0};
  return prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

}  // namespace localemu::docker::test
