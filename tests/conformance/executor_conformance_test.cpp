// The executor conformance suite: the same scenarios against every executor
// plugin (.so), driven through its C vtable like the host drives it, each
// against its own fake Runtime API. Every scenario asserts one expected
// observation (payloads posted, error shapes, output lines, exit reports) that
// is the same constant for every executor: an executor conforms when it gives
// exactly what the others give.
//
// Executors: LOCALEMU_CONFORMANCE_EXECUTORS=<a.so>:<b.so> (every executor plugin
// each library offers), else the built docker, podman and local plugins. Run the
// binary directly for your own .so. Prints cold start and warm round trip
// ("[bench] ...") for each executor.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fake_runtime_api.hpp"
#include "localemu/executor.h"
#include "localemu/sdk/core.hpp"
#include "plugins/loader.hpp"
#include "test_host.hpp"

namespace localemu::test {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using sdk::toStr;
using Clock = std::chrono::steady_clock;

constexpr auto kWait = 60s;
const std::string kOwner = "conformance-" + std::to_string(::getpid());

// ------------------------------------------------------------ executors under test

struct Candidate {
  std::string library;
  std::string id;  // the plugin id it offers
};

void PrintTo(const Candidate& candidate, std::ostream* out) { *out << candidate.id; }

std::vector<std::string> splitPaths(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ':');)
    if (!item.empty()) out.push_back(item);
  return out;
}

host::Loader& loaderFor(const std::string& library) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<host::Loader>> loaders;
  std::lock_guard lock(mutex);
  auto& slot = loaders[library];
  if (!slot) {
    slot = std::make_unique<host::Loader>();
    slot->loadLibrary(library);
  }
  return *slot;
}

std::vector<Candidate> candidates() {
  const char* configured = std::getenv("LOCALEMU_CONFORMANCE_EXECUTORS");
  std::vector<Candidate> out;
  for (const auto& library : splitPaths(configured != nullptr && *configured != '\0' ? configured
                                                                                     : CONFORMANCE_DEFAULT_EXECUTORS)) {
    auto& loader = loaderFor(library);
    for (const auto& offer : loader.offers())
      if (offer.descriptor->kind == LOCALEMU_KIND_EXECUTOR) out.push_back({library, offer.descriptor->id});
    if (!loader.rejections().empty())
      std::cerr << "conformance: " << library << " refused: " << loader.rejections().front().reason << "\n";
  }
  return out;
}

std::string paramName(const ::testing::TestParamInfo<Candidate>& info) {
  std::string name = info.param.id;
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name + "_" + std::to_string(info.index);
}

bool socketAnswers(const std::string& path) {
  try {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress(Poco::Net::SocketAddress::UNIX_LOCAL, path), Poco::Timespan(2, 0));
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool onPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  for (const auto& dir : splitPaths(path != nullptr ? path : ""))
    if (::access((fs::path(dir) / program).c_str(), X_OK) == 0) return true;
  return false;
}

// Why this machine cannot run `id`'s environments, or empty.
std::string missingEngine(const std::string& id) {
  if (id == "docker") {
    const char* dockerHost = std::getenv("DOCKER_HOST");
    if (dockerHost != nullptr && std::string_view(dockerHost).substr(0, 7) != "unix://") return {};
    const std::string socket = dockerHost != nullptr ? std::string(dockerHost).substr(7) : "/var/run/docker.sock";
    return socketAnswers(socket) ? std::string() : "no Docker engine at " + socket;
  }
  if (id == "podman") return onPath("podman") ? std::string() : "podman is not installed";
  return {};
}

std::map<std::string, std::string> runtimeImages() {
  std::map<std::string, std::string> out;
  std::ifstream in(CONFORMANCE_IMAGES_JSON);
  if (!in) return out;
  std::stringstream text;
  text << in.rdbuf();
  const auto object = Poco::JSON::Parser().parse(text.str()).extract<Poco::JSON::Object::Ptr>();
  for (const auto& [key, value] : *object) out[key] = value.convert<std::string>();
  return out;
}

// ------------------------------------------------------------ what an executor reports

struct Output {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::pair<int, std::string>> lines;
  std::optional<int> exitCode;

  localemu_env_output table() {
    return localemu_env_output{sizeof(localemu_env_output), this,
                               [](void* ctx, localemu_str, int32_t stream, localemu_str line) {
                                 auto* self = static_cast<Output*>(ctx);
                                 std::lock_guard lock(self->mutex);
                                 self->lines.emplace_back(stream, std::string(sdk::view(line)));
                                 self->changed.notify_all();
                               },
                               [](void* ctx, localemu_str, int32_t code) {
                                 auto* self = static_cast<Output*>(ctx);
                                 std::lock_guard lock(self->mutex);
                                 self->exitCode = code;
                                 self->changed.notify_all();
                               }};
  }
  // The first line containing `needle`, as "<stream>:<text from needle on>".
  std::optional<std::string> waitLine(const std::string& needle, std::chrono::milliseconds timeout = kWait) {
    std::unique_lock lock(mutex);
    std::optional<std::string> found;
    changed.wait_for(lock, timeout, [&] {
      for (const auto& [stream, text] : lines)
        if (const auto at = text.find(needle); at != std::string::npos) {
          found = std::to_string(stream) + ":" + text.substr(at);
          return true;
        }
      return false;
    });
    return found;
  }
  std::optional<int> waitExit(std::chrono::milliseconds timeout = kWait) {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, timeout, [&] { return exitCode.has_value(); });
    return exitCode;
  }
  std::string dump() {
    std::lock_guard lock(mutex);
    std::string out;
    for (const auto& [stream, text] : lines) out += "[" + std::to_string(stream) + "] " + text + "\n";
    return out;
  }
};

// Owns the strings a localemu_env_spec points at.
struct Spec {
  std::string envId, runtime, handler, image, codePath, runtimeApi;
  std::vector<std::string> layers;
  std::vector<std::pair<std::string, std::string>> env, labels;
  std::vector<localemu_str> layerStrs;
  std::vector<localemu_pair> envPairs, labelPairs;
  std::string arn = "arn:aws:lambda:us-east-1:000000000000:function:conf:$LATEST";

  localemu_env_spec build() {
    layerStrs.clear();
    envPairs.clear();
    labelPairs.clear();
    for (const auto& l : layers) layerStrs.push_back(toStr(l));
    for (const auto& [k, v] : env) envPairs.push_back({toStr(k), toStr(v)});
    for (const auto& [k, v] : labels) labelPairs.push_back({toStr(k), toStr(v)});
    localemu_env_spec s{};
    s.struct_size = sizeof(localemu_env_spec);
    s.env_id = toStr(envId);
    s.function_arn = toStr(arn);
    s.runtime = toStr(runtime);
    s.handler = toStr(handler);
    s.image = toStr(image);
    s.architecture = toStr("x86_64");
    s.code_path = toStr(codePath);
    s.layer_paths = layerStrs.data();
    s.layer_count = layerStrs.size();
    s.env = envPairs.data();
    s.env_count = envPairs.size();
    s.memory_mb = 256;
    s.timeout_s = 30;
    s.runtime_api = toStr(runtimeApi);
    s.labels = labelPairs.data();
    s.label_count = labelPairs.size();
    return s;
  }
};

// One plugin instance, created through the host's loader with a TestHost table.
class Instance {
 public:
  Instance(const Candidate& candidate, std::map<std::string, std::string> config) : host_(std::move(config)) {
    const auto* offer = loaderFor(candidate.library).find(candidate.id);
    if (offer == nullptr) throw std::runtime_error("no executor " + candidate.id + " in " + candidate.library);
    auto created = host::Loader::create(*offer, host_.api(candidate.id), "{}");
    if (!created) throw std::runtime_error("creating " + candidate.id + " failed: " + created.message);
    vt_ = static_cast<const localemu_executor_vtable*>(created.vtable);
  }
  ~Instance() { vt_->object.destroy(vt_->object.self); }
  Instance(const Instance&) = delete;
  Instance& operator=(const Instance&) = delete;

  std::string prepare(const std::string& image) {
    return call([&](localemu_error* e) { return vt_->prepare(vt_->object.self, toStr(image), toStr("x86_64"), e); });
  }
  std::string create(Spec& spec, Output& output) {
    auto s = spec.build();
    const localemu_env_output* table = nullptr;
    {
      std::lock_guard lock(mutex_);
      outputs_.push_back(std::make_unique<localemu_env_output>(output.table()));
      table = outputs_.back().get();
    }
    return call([&](localemu_error* e) { return vt_->create_env(vt_->object.self, &s, table, e); });
  }
  std::string start(const std::string& id) {
    return call([&](localemu_error* e) { return vt_->start_env(vt_->object.self, toStr(id), e); });
  }
  std::string stop(const std::string& id, uint32_t graceMs) {
    return call([&](localemu_error* e) { return vt_->stop_env(vt_->object.self, toStr(id), graceMs, e); });
  }
  std::string destroy(const std::string& id) {
    return call([&](localemu_error* e) { return vt_->destroy_env(vt_->object.self, toStr(id), e); });
  }
  std::string cleanup(const std::string& owner) {
    return call([&](localemu_error* e) { return vt_->cleanup_orphans(vt_->object.self, toStr(owner), e); });
  }
  int state(const std::string& id) {
    localemu_env_status out{};
    out.struct_size = sizeof out;
    auto err = sdk::makeError();
    if (vt_->status(vt_->object.self, toStr(id), &out, &err) != LOCALEMU_OK) return -1;
    return out.state;
  }

 private:
  // "" on success, else "<status>: <message>".
  template <typename F>
  std::string call(F&& f) {
    auto err = sdk::makeError();
    const auto status = f(&err);
    return status == LOCALEMU_OK ? std::string() : std::to_string(status) + ": " + std::string(err.message);
  }
  TestHost host_;
  const localemu_executor_vtable* vt_ = nullptr;
  std::mutex mutex_;
  std::vector<std::unique_ptr<localemu_env_output>> outputs_;
};

std::string sorted(const std::string& json) {
  // Canonical JSON (keys sorted) so that runtimes serialising differently compare equal.
  const auto value = Poco::JSON::Parser().parse(json);
  std::function<std::string(const Poco::Dynamic::Var&)> render = [&](const Poco::Dynamic::Var& v) -> std::string {
    if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
      const auto object = v.extract<Poco::JSON::Object::Ptr>();
      std::vector<std::string> names;
      object->getNames(names);
      std::sort(names.begin(), names.end());
      std::string out = "{";
      for (const auto& name : names) out += (out.size() > 1 ? "," : "") + ("\"" + name + "\":") + render(object->get(name));
      return out + "}";
    }
    if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
      const auto array = v.extract<Poco::JSON::Array::Ptr>();
      std::string out = "[";
      for (std::size_t i = 0; i < array->size(); ++i) out += (i > 0 ? "," : "") + render(array->get(static_cast<unsigned>(i)));
      return out + "]";
    }
    if (v.isEmpty()) return "null";
    if (v.isString()) return "\"" + v.convert<std::string>() + "\"";
    return v.convert<std::string>();
  };
  return render(value);
}

// ------------------------------------------------------------ the functions

const char* kPythonApp = R"(import os, time
import sys
count = 0
def ok(event, context):
    global count
    count += 1
    print('python says', event.get('k'), flush=True)
    return {'echo': event, 'fn': context.function_name, 'var': os.environ.get('CONF_VAR'),
            'region': os.environ.get('AWS_REGION'), 'requestId': context.aws_request_id, 'count': count}
def boom(event, context):
    raise ValueError('boom ' + str(event.get('k')))
def slow(event, context):
    print('sleeping', flush=True)
    time.sleep(120)
def layers(event, context):
    import layermod
    base = os.path.dirname(os.path.dirname(os.path.abspath(layermod.__file__)))
    return {'layer': layermod.VALUE, 'a': open(os.path.join(base, 'a.txt')).read(),
            'b': open(os.path.join(base, 'b.txt')).read(), 'opt': base}
)";

const char* kNodeApp = R"(exports.ok = async (event, context) => {
  console.log('node says', event.k);
  return { echo: event, fn: context.functionName, var: process.env.CONF_VAR, requestId: context.awsRequestId };
};
exports.boom = async (event) => { throw new TypeError('kaboom ' + event.k); };
)";

// A provided bootstrap in bash over /dev/tcp: answers every event with {"provided": <event>}.
const char* kProvidedBootstrap = R"(#!/bin/bash
set -u
hostport=${AWS_LAMBDA_RUNTIME_API}
host=${hostport%:*}; port=${hostport##*:}
echo "provided bootstrap handler=${_HANDLER} var=${CONF_VAR}"
while true; do
  exec 3<>/dev/tcp/$host/$port
  printf 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$hostport" >&3
  id=; length=0
  IFS= read -r line <&3
  while IFS= read -r line <&3; do
    line=${line%$'\r'}
    [[ -z $line ]] && break
    case ${line,,} in
      lambda-runtime-aws-request-id:*) id=${line#*: } ;;
      content-length:*) length=${line#*: } ;;
    esac
  done
  IFS= read -r -d '' -N "$length" event <&3
  exec 3<&-
  payload="{\"provided\":$event}"
  exec 3<>/dev/tcp/$host/$port
  printf 'POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: %s\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s' "$id" "$hostport" "${#payload}" "$payload" >&3
  cat <&3 >/dev/null
  exec 3<&-
done
)";

std::string invocationPath(const std::string& requestId, const std::string& what) {
  return "/2018-06-01/runtime/invocation/" + requestId + "/" + what;
}

// ------------------------------------------------------------ the suite

class ExecutorConformance : public ::testing::TestWithParam<Candidate> {
 protected:
  void SetUp() override {
    const auto& candidate = GetParam();
    if (const auto missing = missingEngine(candidate.id); !missing.empty()) GTEST_SKIP() << missing;
    images_ = runtimeImages();
    const bool containers = candidate.id != "local";
    if (containers && images_.empty()) GTEST_SKIP() << "no " << CONFORMANCE_IMAGES_JSON << " (fixture runtime_images)";
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    root_ = fs::temp_directory_path() / ("lec-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(root_);
    fs::create_directories(root_ / "state");
    fs::create_directories("/tmp/lec-pm");
    write("code/app.py", kPythonApp);
    write("code/index.js", kNodeApp);
    write("code/bootstrap", kProvidedBootstrap, true);
    write("layer1/python/layermod.py", "VALUE = 'from layer 1'\n");
    write("layer1/a.txt", "a1");
    write("layer1/b.txt", "b1");
    write("layer2/python/layermod.py", "VALUE = 'from layer 2'\n");
    write("layer2/b.txt", "b2");
  }
  void TearDown() override {
    instances_.clear();
    apis_.clear();
    if (!root_.empty()) fs::remove_all(root_);
  }

  std::map<std::string, std::string> config() const {
    return {{"LAMBDA_DOCKER_NETWORK", "host"},
            {"LAMBDA_LOCAL_STATE_DIR", (root_ / "state").string()},
            {"LAMBDA_LOCAL_RUNTIMES_DIR", CONFORMANCE_RUNTIMES_DIR},
            {"LAMBDA_PODMAN_STATE_DIR", "/tmp/lec-pm"}};
  }
  Instance& executor() {
    if (instances_.empty()) instances_.push_back(std::make_unique<Instance>(GetParam(), config()));
    return *instances_.front();
  }
  FakeRuntimeApi& api(std::size_t i = 0) {
    while (apis_.size() <= i) apis_.push_back(std::make_unique<FakeRuntimeApi>());
    return *apis_[i];
  }

  fs::path write(const fs::path& relative, const std::string& text, bool executable = false) {
    const auto path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    fs::permissions(path, executable ? fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                           fs::perms::others_read | fs::perms::others_exec
                                     : fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                           fs::perms::others_read);
    return path;
  }

  // The variables Lambda gives a function, as the host puts them into the spec.
  Spec spec(const std::string& envId, const std::string& runtime, const std::string& handler, std::size_t apiIndex = 0) {
    Spec s;
    s.envId = envId + "-" + std::to_string(::getpid());
    s.runtime = runtime;
    s.handler = handler;
    const auto family = runtime.substr(0, runtime.find_first_of("0123456789."));
    if (auto it = images_.find(runtime); it != images_.end()) s.image = it->second;
    else if (auto f = images_.find(family); f != images_.end()) s.image = f->second;
    s.codePath = (root_ / "code").string();
    s.runtimeApi = api(apiIndex).address();
    s.env = {{"AWS_LAMBDA_RUNTIME_API", s.runtimeApi},
             {"LAMBDA_TASK_ROOT", "/var/task"},
             {"LAMBDA_RUNTIME_DIR", "/var/runtime"},
             {"PATH", "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin"},
             {"LD_LIBRARY_PATH", "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib"},
             {"LANG", "en_US.UTF-8"},
             {"TZ", ":UTC"},
             {"_HANDLER", handler},
             {"AWS_REGION", "us-east-1"},
             {"AWS_DEFAULT_REGION", "us-east-1"},
             {"AWS_LAMBDA_FUNCTION_NAME", "conf"},
             {"AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"},
             {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256"},
             {"AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/conf"},
             {"AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]0123"},
             {"AWS_EXECUTION_ENV", "AWS_Lambda_" + runtime},
             {"CONF_VAR", "value of " + envId}};
    s.labels = {{"localemu.owner", kOwner}, {"localemu.function", "conf"}};
    return s;
  }

  // create + start; returns when start_env returned.
  void run(Instance& instance, Spec& s, Output& out) {
    if (!s.image.empty()) {
      ASSERT_EQ(instance.prepare(s.image), "");
    }
    ASSERT_EQ(instance.create(s, out), "");
    ASSERT_EQ(instance.start(s.envId), "");
  }

  // Invokes `event` and returns the canonical body of what the runtime posted, prefixed by the post kind.
  std::string invoke(FakeRuntimeApi& runtimeApi, const std::string& requestId, const std::string& event, Output& out) {
    runtimeApi.push({requestId, event});
    const auto until = Clock::now() + kWait;
    while (Clock::now() < until) {
      if (auto ok = runtimeApi.waitForPost(invocationPath(requestId, "response"), 20ms))
        return "response " + sorted(ok->body);
      if (auto error = runtimeApi.waitForPost(invocationPath(requestId, "error"), 20ms)) {
        const auto body = Poco::JSON::Parser().parse(error->body).extract<Poco::JSON::Object::Ptr>();
        std::string header;
        for (const auto& [name, value] : error->headers)
          if (Poco::icompare(name, "Lambda-Runtime-Function-Error-Type") == 0) header = value;
        std::vector<std::string> keys;
        body->getNames(keys);
        std::sort(keys.begin(), keys.end());
        std::string fields;
        for (const auto& key : keys) fields += (fields.empty() ? "" : ",") + key;
        return "error " + body->optValue<std::string>("errorType", "") + ": " +
               body->optValue<std::string>("errorMessage", "") + " (header " + header + ", fields " + fields + ")";
      }
      if (auto init = runtimeApi.waitForPost("/runtime/init/error", 0ms)) return "init error " + init->body;
    }
    ADD_FAILURE() << "no answer to " << requestId << "\n" << out.dump();
    return {};
  }

  void expectGone(Instance& instance, const std::string& envId) {
    EXPECT_EQ(instance.destroy(envId), "");
    EXPECT_EQ(instance.state(envId), LOCALEMU_ENV_GONE);
  }

  fs::path root_;
  std::map<std::string, std::string> images_;
  std::vector<std::unique_ptr<FakeRuntimeApi>> apis_;
  std::vector<std::unique_ptr<Instance>> instances_;
};

TEST_P(ExecutorConformance, PythonSuccessEnvAndOutput) {
  Output out;
  auto s = spec("py-ok", "python3.12", "app.ok");
  auto& instance = executor();
  if (!s.image.empty()) {
    ASSERT_EQ(instance.prepare(s.image), "");
  }
  const auto t0 = Clock::now();
  ASSERT_EQ(instance.create(s, out), "");
  ASSERT_EQ(instance.start(s.envId), "");
  const auto firstNext = api().waitForNext(1, kWait);
  ASSERT_TRUE(firstNext) << out.dump();
  std::cout << "[bench] " << GetParam().id << " cold start (create+start until the first /next, python): "
            << std::chrono::duration_cast<std::chrono::milliseconds>(*firstNext - t0).count() << " ms" << std::endl;
  EXPECT_EQ(executor().state(s.envId), LOCALEMU_ENV_RUNNING);
  EXPECT_EQ(invoke(api(), "req-py-1", R"({"k":1})", out),
            R"(response {"count":1,"echo":{"k":1},"fn":"conf","region":"us-east-1","requestId":"req-py-1","var":"value of py-ok"})");
  EXPECT_EQ(out.waitLine("python says 1").value_or("none"), "1:python says 1") << out.dump();
  expectGone(executor(), s.envId);
  EXPECT_FALSE(out.waitExit(300ms)) << "exited() after destroy_env began";
}

TEST_P(ExecutorConformance, NodeSuccess) {
  Output out;
  auto s = spec("node-ok", "nodejs20.x", "index.ok");
  run(executor(), s, out);
  EXPECT_EQ(invoke(api(), "req-node-1", R"({"k":"n"})", out),
            R"(response {"echo":{"k":"n"},"fn":"conf","requestId":"req-node-1","var":"value of node-ok"})");
  EXPECT_EQ(out.waitLine("node says n").value_or("none"), "1:node says n") << out.dump();
  expectGone(executor(), s.envId);
}

TEST_P(ExecutorConformance, ProvidedBootstrap) {
  Output out;
  auto s = spec("prov-ok", "provided.al2023", "function.handler");
  run(executor(), s, out);
  EXPECT_EQ(invoke(api(), "req-prov-1", R"({"x":42})", out), R"(response {"provided":{"x":42}})");
  EXPECT_EQ(out.waitLine("provided bootstrap").value_or("none"),
            "1:provided bootstrap handler=function.handler var=value of prov-ok")
      << out.dump();
  expectGone(executor(), s.envId);
}

TEST_P(ExecutorConformance, RaisedErrorsHaveLambdasShape) {
  Output pyOut, nodeOut;
  auto py = spec("py-err", "python3.12", "app.boom", 0);
  auto node = spec("node-err", "nodejs20.x", "index.boom", 1);
  run(executor(), py, pyOut);
  run(executor(), node, nodeOut);
  EXPECT_EQ(invoke(api(0), "req-py-err", R"({"k":7})", pyOut),
            "error ValueError: boom 7 (header Unhandled, fields errorMessage,errorType,requestId,stackTrace)");
  EXPECT_EQ(invoke(api(1), "req-node-err", R"({"k":8})", nodeOut),
            "error TypeError: kaboom 8 (header Unhandled, fields errorMessage,errorType,trace)");
  EXPECT_TRUE(pyOut.waitLine("ValueError")) << pyOut.dump();
  expectGone(executor(), py.envId);
  expectGone(executor(), node.envId);
}

TEST_P(ExecutorConformance, InitErrorIsPosted) {
  Output out;
  auto s = spec("py-init", "python3.12", "missing_module.handler");
  run(executor(), s, out);
  api().push({"req-init", "{}"});
  const auto post = api().waitForPost("/runtime/init/error", kWait);
  ASSERT_TRUE(post) << out.dump();
  const auto body = Poco::JSON::Parser().parse(post->body).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(body->optValue<std::string>("errorType", "") + ": " + body->optValue<std::string>("errorMessage", ""),
            "Runtime.ImportModuleError: Unable to import module 'missing_module': No module named 'missing_module'");
  (void)executor().destroy(s.envId);
}

TEST_P(ExecutorConformance, LayersAreMergedAtOpt) {
  Output out;
  auto s = spec("py-layers", "python3.12", "app.layers");
  s.layers = {(root_ / "layer1").string(), (root_ / "layer2").string()};
  run(executor(), s, out);
  auto answer = invoke(api(), "req-layers", "{}", out);
  // Where /opt is on the host is the executor's business; the merge is what must be identical.
  const auto opt = answer.find(",\"opt\":");
  ASSERT_NE(opt, std::string::npos) << answer;
  EXPECT_EQ(answer.substr(0, opt), R"(response {"a":"a1","b":"b2","layer":"from layer 2")");
  if (GetParam().id != "local") {
    EXPECT_NE(answer.find(R"("opt":"/opt")"), std::string::npos) << answer;
  }
  expectGone(executor(), s.envId);
}

TEST_P(ExecutorConformance, WarmReuseServesEventsInOneProcess) {
  Output out;
  auto s = spec("py-warm", "python3.12", "app.ok");
  run(executor(), s, out);
  EXPECT_EQ(invoke(api(), "req-warm-1", R"({"k":1})", out).find(R"("count":1,)") != std::string::npos, true);
  std::vector<long> micros;
  for (int i = 2; i <= 6; ++i) {
    const auto t0 = Clock::now();
    const auto answer = invoke(api(), "req-warm-" + std::to_string(i), R"({"k":2})", out);
    micros.push_back(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count());
    EXPECT_NE(answer.find("\"count\":" + std::to_string(i) + ","), std::string::npos) << answer;
  }
  std::sort(micros.begin(), micros.end());
  std::cout << "[bench] " << GetParam().id << " warm round trip (event queued until response posted, median of 5): "
            << micros[micros.size() / 2] / 1000.0 << " ms" << std::endl;
  EXPECT_EQ(executor().state(s.envId), LOCALEMU_ENV_RUNNING);
  expectGone(executor(), s.envId);
}

TEST_P(ExecutorConformance, ConcurrentEnvironmentsAreSeparate) {
  constexpr std::size_t kCount = 3;
  std::vector<Spec> specs;
  std::vector<std::unique_ptr<Output>> outs;
  for (std::size_t i = 0; i < kCount; ++i) {
    specs.push_back(spec("py-conc" + std::to_string(i), "python3.12", "app.ok", i));
    outs.push_back(std::make_unique<Output>());
  }
  auto& instance = executor();
  if (!specs[0].image.empty()) {
    ASSERT_EQ(instance.prepare(specs[0].image), "");
  }
  std::vector<std::string> answers(kCount);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kCount; ++i)
    threads.emplace_back([&, i] {
      const auto created = instance.create(specs[i], *outs[i]);
      const auto started = created.empty() ? instance.start(specs[i].envId) : created;
      answers[i] = started.empty() ? invoke(api(i), "req-conc-" + std::to_string(i), "{}", *outs[i]) : started;
    });
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < kCount; ++i) {
    EXPECT_EQ(answers[i], "response {\"count\":1,\"echo\":{},\"fn\":\"conf\",\"region\":\"us-east-1\",\"requestId\":\"req-conc-" +
                              std::to_string(i) + "\",\"var\":\"value of py-conc" + std::to_string(i) + "\"}");
    expectGone(instance, specs[i].envId);
  }
}

TEST_P(ExecutorConformance, StopWithoutGraceWhileInvokingKills) {
  Output out;
  auto s = spec("py-timeout", "python3.12", "app.slow");
  run(executor(), s, out);
  api().push({"req-slow", "{}"});
  ASSERT_TRUE(out.waitLine("sleeping")) << out.dump();
  const auto t0 = Clock::now();
  EXPECT_EQ(executor().stop(s.envId, 0), "");
  EXPECT_EQ(out.waitExit(20s), 137) << out.dump();
  EXPECT_LT(Clock::now() - t0, 10s);
  EXPECT_EQ(executor().state(s.envId), LOCALEMU_ENV_EXITED);
  EXPECT_FALSE(api().waitForPost(invocationPath("req-slow", "response"), 100ms));
  expectGone(executor(), s.envId);
}

TEST_P(ExecutorConformance, StopWithGraceWhileInvokingEnds) {
  Output out;
  auto s = spec("py-stop", "python3.12", "app.slow");
  run(executor(), s, out);
  api().push({"req-stop", "{}"});
  ASSERT_TRUE(out.waitLine("sleeping")) << out.dump();
  EXPECT_EQ(executor().stop(s.envId, 1000), "");
  ASSERT_TRUE(out.waitExit(20s)) << out.dump();
  EXPECT_EQ(executor().state(s.envId), LOCALEMU_ENV_EXITED);
  EXPECT_FALSE(api().waitForPost(invocationPath("req-stop", "response"), 100ms));
  expectGone(executor(), s.envId);
}

TEST_P(ExecutorConformance, OrphansOfAnotherInstanceAreRemoved) {
  auto earlier = std::make_unique<Instance>(GetParam(), config());
  Output orphanOut, liveOut;
  auto orphan = spec("orphan", "python3.12", "app.ok", 0);
  auto live = spec("live", "python3.12", "app.ok", 1);
  run(*earlier, orphan, orphanOut);
  ASSERT_TRUE(api(0).waitForNext(1, kWait)) << orphanOut.dump();
  auto& later = executor();
  run(later, live, liveOut);
  ASSERT_TRUE(api(1).waitForNext(1, kWait)) << liveOut.dump();
  EXPECT_EQ(later.cleanup(kOwner), "");
  const auto until = Clock::now() + 20s;
  while (Clock::now() < until && earlier->state(orphan.envId) == LOCALEMU_ENV_RUNNING) std::this_thread::sleep_for(50ms);
  EXPECT_NE(earlier->state(orphan.envId), LOCALEMU_ENV_RUNNING);
  EXPECT_EQ(later.state(live.envId), LOCALEMU_ENV_RUNNING) << "cleanup_orphans removed a live environment of its own";
  EXPECT_EQ(invoke(api(1), "req-live", "{}", liveOut).substr(0, 9), "response ");
  expectGone(later, live.envId);
  (void)earlier->destroy(orphan.envId);
  earlier.reset();
}

INSTANTIATE_TEST_SUITE_P(Executors, ExecutorConformance, ::testing::ValuesIn(candidates()), paramName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ExecutorConformance);

}  // namespace
}  // namespace localemu::test
