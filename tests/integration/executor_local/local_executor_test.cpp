// The "local" executor through its C vtable: python, node and provided
// runtimes against a fake Runtime API; clean environment; layers; stop and
// timeout kill the whole process group; orphan cleanup across instances; exit
// reporting after the output; cold start of a python no-op.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <thread>

#include "fake_runtime_api.hpp"
#include "localemu/executor.h"
#include "localemu/sdk/core.hpp"
#include "plugins/loader.hpp"
#include "proc_info.hpp"
#include "test_host.hpp"

namespace localemu::test {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using sdk::toStr;

constexpr auto kWait = 15s;

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

host::Loader& loader() {
  static host::Loader instance;
  static const bool loaded = instance.loadLibrary(LOCAL_PLUGIN_PATH);
  EXPECT_TRUE(loaded) << LOCAL_PLUGIN_PATH;
  return instance;
}

// What the executor reported through localemu_env_output.
struct Output {
  struct Line {
    std::string env;
    int stream;
    std::string text;
  };
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<Line> lines;
  std::map<std::string, int> exits;
  std::map<std::string, std::size_t> linesBeforeExit;

  localemu_env_output table() {
    return localemu_env_output{sizeof(localemu_env_output), this,
                               [](void* ctx, localemu_str env, int32_t stream, localemu_str line) {
                                 auto* self = static_cast<Output*>(ctx);
                                 std::lock_guard lock(self->mutex);
                                 self->lines.push_back({std::string(sdk::view(env)), stream, std::string(sdk::view(line))});
                                 self->changed.notify_all();
                               },
                               [](void* ctx, localemu_str env, int32_t code) {
                                 auto* self = static_cast<Output*>(ctx);
                                 std::lock_guard lock(self->mutex);
                                 const std::string id(sdk::view(env));
                                 self->exits[id] = code;
                                 self->linesBeforeExit[id] = self->lines.size();
                                 self->changed.notify_all();
                               }};
  }
  std::optional<int> waitExit(const std::string& env, std::chrono::milliseconds timeout = kWait) {
    std::unique_lock lock(mutex);
    if (!changed.wait_for(lock, timeout, [&] { return exits.count(env) != 0; })) return std::nullopt;
    return exits[env];
  }
  // The first line of `env` that contains `needle`.
  std::optional<Line> waitLine(const std::string& env, const std::string& needle, std::chrono::milliseconds timeout = kWait) {
    std::unique_lock lock(mutex);
    std::optional<Line> found;
    changed.wait_for(lock, timeout, [&] {
      for (const auto& l : lines)
        if (l.env == env && l.text.find(needle) != std::string::npos) {
          found = l;
          return true;
        }
      return false;
    });
    return found;
  }
  std::string dump() {
    std::lock_guard lock(mutex);
    std::string out;
    for (const auto& l : lines) out += l.env + "[" + std::to_string(l.stream) + "] " + l.text + "\n";
    return out;
  }
};

// Owns the strings a localemu_env_spec points at.
struct Spec {
  std::string envId;
  std::string functionArn = "arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST";
  std::string runtime = "python3.12";
  std::string handler = "app.handler";
  std::string codePath;
  std::vector<std::string> layers;
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::pair<std::string, std::string>> labels;
  std::string runtimeApi;

  std::vector<localemu_str> layerStrs;
  std::vector<localemu_pair> envPairs, labelPairs;

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
    s.function_arn = toStr(functionArn);
    s.runtime = toStr(runtime);
    s.handler = toStr(handler);
    s.architecture = toStr("x86_64");
    s.code_path = toStr(codePath);
    s.layer_paths = layerStrs.data();
    s.layer_count = layerStrs.size();
    s.env = envPairs.data();
    s.env_count = envPairs.size();
    s.memory_mb = 128;
    s.timeout_s = 30;
    s.runtime_api = toStr(runtimeApi);
    s.labels = labelPairs.data();
    s.label_count = labelPairs.size();
    return s;
  }
};

// One plugin instance, created through the loader like the host does.
class Executor {
 public:
  explicit Executor(std::map<std::string, std::string> config) : host_(std::move(config)) {
    const auto* offer = loader().find("local");
    if (offer == nullptr) throw std::runtime_error("no local plugin offered");
    auto created = host::Loader::create(*offer, host_.api("local"), "{}");
    if (!created) throw std::runtime_error("create failed: " + created.message);
    vt_ = static_cast<const localemu_executor_vtable*>(created.vtable);
  }
  ~Executor() { vt_->object.destroy(vt_->object.self); }
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  struct Result {
    localemu_status status;
    std::string message;
  };
  Result create(Spec& spec, Output& output) {
    auto s = spec.build();
    const localemu_env_output* table = nullptr;
    {
      std::lock_guard lock(outputsMutex_);
      outputs_.push_back(std::make_unique<localemu_env_output>(output.table()));
      table = outputs_.back().get();
    }
    return call([&](localemu_error* e) { return vt_->create_env(vt_->object.self, &s, table, e); });
  }
  Result start(const std::string& id) {
    return call([&](localemu_error* e) { return vt_->start_env(vt_->object.self, toStr(id), e); });
  }
  Result stop(const std::string& id, uint32_t graceMs) {
    return call([&](localemu_error* e) { return vt_->stop_env(vt_->object.self, toStr(id), graceMs, e); });
  }
  Result destroy(const std::string& id) {
    return call([&](localemu_error* e) { return vt_->destroy_env(vt_->object.self, toStr(id), e); });
  }
  Result cleanup(const std::string& owner) {
    return call([&](localemu_error* e) { return vt_->cleanup_orphans(vt_->object.self, toStr(owner), e); });
  }
  localemu_env_status status(const std::string& id) {
    localemu_env_status out{};
    out.struct_size = sizeof out;
    auto err = sdk::makeError();
    EXPECT_EQ(vt_->status(vt_->object.self, toStr(id), &out, &err), LOCALEMU_OK) << err.message;
    return out;
  }

 private:
  template <typename F>
  Result call(F&& f) {
    auto err = sdk::makeError();
    const auto status = f(&err);
    return Result{status, status == LOCALEMU_OK ? std::string() : std::string(err.message)};
  }
  TestHost host_;
  const localemu_executor_vtable* vt_ = nullptr;
  std::mutex outputsMutex_;
  std::vector<std::unique_ptr<localemu_env_output>> outputs_;  // live until the instance is destroyed
};

bool processGone(pid_t pid) {
  const auto stat = local::readProcStat(pid);
  return !stat || stat->state == 'Z' || stat->state == 'X';
}

bool waitGone(pid_t pid, std::chrono::milliseconds timeout = 5s) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (processGone(pid)) return true;
    std::this_thread::sleep_for(10ms);
  }
  return processGone(pid);
}

class LocalExecutor : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("localemu-local-it-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "state");
    api_ = std::make_unique<FakeRuntimeApi>();
  }
  void TearDown() override {
    executors_.clear();
    api_.reset();
    fs::remove_all(root_);
  }

  Executor& executor() {
    if (executors_.empty()) executors_.push_back(newExecutor());
    return *executors_.front();
  }
  std::unique_ptr<Executor> newExecutor() {
    return std::make_unique<Executor>(std::map<std::string, std::string>{{"LAMBDA_LOCAL_STATE_DIR", (root_ / "state").string()}});
  }

  fs::path write(const fs::path& relative, const std::string& text, bool executable = false) {
    const auto path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    if (executable) fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
    return path;
  }

  // The variables the Lambda service gives a function, as in a container.
  Spec spec(const std::string& envId, const std::string& code = "code") {
    Spec s;
    s.envId = envId;
    s.codePath = (root_ / code).string();
    s.runtimeApi = api_->address();
    s.env = {{"AWS_LAMBDA_RUNTIME_API", api_->address()},
             {"LAMBDA_TASK_ROOT", "/var/task"},
             {"LAMBDA_RUNTIME_DIR", "/var/runtime"},
             {"PATH", "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin"},
             {"LD_LIBRARY_PATH", "/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib"},
             {"LANG", "en_US.UTF-8"},
             {"TZ", ":UTC"},
             {"_HANDLER", s.handler},
             {"AWS_REGION", "us-east-1"},
             {"AWS_DEFAULT_REGION", "us-east-1"},
             {"AWS_LAMBDA_FUNCTION_NAME", "f"},
             {"AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"},
             {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"},
             {"AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/f"},
             {"AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]0123"},
             {"AWS_EXECUTION_ENV", "AWS_Lambda_python3.12"}};
    s.labels = {{"localemu.owner", "owner-test"}, {"localemu.function", "f"}};
    return s;
  }
  static void setHandler(Spec& s, const std::string& handler) {
    s.handler = handler;
    for (auto& [k, v] : s.env)
      if (k == "_HANDLER") v = handler;
  }

  void run(Spec& s, Output& out) {
    auto created = executor().create(s, out);
    ASSERT_EQ(created.status, LOCALEMU_OK) << created.message;
    auto started = executor().start(s.envId);
    ASSERT_EQ(started.status, LOCALEMU_OK) << started.message;
  }

  fs::path root_;
  std::unique_ptr<FakeRuntimeApi> api_;
  std::vector<std::unique_ptr<Executor>> executors_;
};

TEST_F(LocalExecutor, PythonHandlerAnswersThroughTheRuntimeApi) {
  write("code/app.py",
        "def handler(event, context):\n"
        "    print('hello from handler')\n"
        "    return {'echo': event, 'requestId': context.aws_request_id, 'fn': context.function_name}\n");
  api_->push({"req-1", R"({"k":1})"});
  Output out;
  auto s = spec("py-ok");
  run(s, out);
  EXPECT_EQ(executor().status("py-ok").state, LOCALEMU_ENV_RUNNING);
  const auto post = api_->waitForPost("/2018-06-01/runtime/invocation/req-1/response", kWait);
  ASSERT_TRUE(post) << out.dump();
  const auto body = parse(post->body);
  EXPECT_EQ(body->getObject("echo")->getValue<int>("k"), 1);
  EXPECT_EQ(body->getValue<std::string>("requestId"), "req-1");
  EXPECT_EQ(body->getValue<std::string>("fn"), "f");
  const auto line = out.waitLine("py-ok", "hello from handler");
  ASSERT_TRUE(line) << out.dump();
  EXPECT_EQ(line->stream, LOCALEMU_STREAM_STDOUT);
  const auto status = executor().status("py-ok");
  EXPECT_EQ(status.state, LOCALEMU_ENV_RUNNING);
  EXPECT_GT(status.memory_used_bytes, 1024U * 1024U);
  EXPECT_EQ(executor().destroy("py-ok").status, LOCALEMU_OK);
  EXPECT_EQ(executor().status("py-ok").state, LOCALEMU_ENV_GONE);
  EXPECT_FALSE(out.waitExit("py-ok", 200ms)) << "exited() after destroy_env began";
}

TEST_F(LocalExecutor, PythonRaisedErrorIsPostedAsUnhandled) {
  write("code/app.py", "def handler(event, context):\n    raise ValueError('boom')\n");
  api_->push({"req-err", "{}"});
  Output out;
  auto s = spec("py-err");
  run(s, out);
  const auto post = api_->waitForPost("/invocation/req-err/error", kWait);
  ASSERT_TRUE(post) << out.dump();
  EXPECT_EQ(post->headers.at("Lambda-Runtime-Function-Error-Type"), "Unhandled");
  const auto body = parse(post->body);
  EXPECT_EQ(body->getValue<std::string>("errorType"), "ValueError");
  EXPECT_EQ(body->getValue<std::string>("errorMessage"), "boom");
  EXPECT_TRUE(out.waitLine("py-err", "ValueError")) << out.dump();
  EXPECT_EQ(executor().destroy("py-err").status, LOCALEMU_OK);
}

TEST_F(LocalExecutor, EnvironmentIsExactlyTheSpecWithHostPaths) {
  ASSERT_EQ(::setenv("LOCALEMU_HOST_CANARY", "leaked", 1), 0);
  const auto canaryFile = write("canary-fd", "x");
  const int canaryFd = ::open(canaryFile.c_str(), O_RDONLY);  // inheritable, as a careless host thread's would be
  ASSERT_GE(canaryFd, 0);
  write("code/app.py",
        "import os, resource\n"
        "def fds():\n"
        "    out = []\n"
        "    for fd in os.listdir('/proc/self/fd'):\n"
        "        try: out.append(os.readlink('/proc/self/fd/' + fd))\n"
        "        except OSError: pass\n"
        "    return out\n"
        "def handler(event, context):\n"
        "    return {'env': dict(os.environ), 'cwd': os.getcwd(), 'fds': fds(),\n"
        "            'nofile': list(resource.getrlimit(resource.RLIMIT_NOFILE)), 'pgid': os.getpgid(0), 'pid': os.getpid()}\n");
  api_->push({"req-env", "{}"});
  Output out;
  auto s = spec("py-env");
  run(s, out);
  const auto post = api_->waitForPost("/invocation/req-env/response", kWait);
  ASSERT_TRUE(post) << out.dump();
  ::unsetenv("LOCALEMU_HOST_CANARY");
  ::close(canaryFd);
  const auto body = parse(post->body);
  const auto fds = body->getArray("fds");
  for (std::size_t i = 0; i < fds->size(); ++i)
    EXPECT_EQ(fds->getElement<std::string>(static_cast<unsigned>(i)).find("canary-fd"), std::string::npos)
        << "a host descriptor leaked into the function";
  EXPECT_LE(fds->size(), 8U);
  const auto env = body->getObject("env");
  const auto code = fs::canonical(root_ / "code").string();
  std::set<std::string> allowed{"PYTHONPATH", "_X_AMZN_TRACE_ID", "LC_CTYPE"};
  for (const auto& [k, v] : s.env) allowed.insert(k);
  for (const auto& name : env->getNames()) EXPECT_TRUE(allowed.count(name)) << "unexpected variable " << name;
  EXPECT_FALSE(env->has("LOCALEMU_HOST_CANARY"));
  EXPECT_FALSE(env->has("HOME"));
  EXPECT_EQ(env->getValue<std::string>("LAMBDA_TASK_ROOT"), (root_ / "code").string());
  EXPECT_EQ(env->getValue<std::string>("PATH"),
            "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:" + (root_ / "state/py-env.d/opt/bin").string());
  EXPECT_EQ(env->getValue<std::string>("PYTHONPATH").rfind((root_ / "code").string() + ":", 0), 0U);
  EXPECT_EQ(env->getValue<std::string>("AWS_LAMBDA_FUNCTION_NAME"), "f");
  EXPECT_NE(env->getValue<std::string>("LAMBDA_RUNTIME_DIR").find("python"), std::string::npos);
  EXPECT_EQ(fs::canonical(body->getValue<std::string>("cwd")).string(), code);
  EXPECT_EQ(body->getArray("nofile")->getElement<int>(0), 1024);
  EXPECT_EQ(body->getArray("nofile")->getElement<int>(1), 1024);
  EXPECT_EQ(body->getValue<int>("pgid"), body->getValue<int>("pid"));
  EXPECT_EQ(executor().destroy("py-env").status, LOCALEMU_OK);
}

TEST_F(LocalExecutor, LayersAreMergedInOrderOnThePythonPath) {
  write("l1/python/shared.py", "value = 'one'\n");
  write("l1/python/only_first.py", "value = 'first'\n");
  write("l2/python/shared.py", "value = 'two'\n");
  write("code/app.py",
        "import shared, only_first\n"
        "def handler(event, context):\n"
        "    return {'shared': shared.value, 'first': only_first.value}\n");
  api_->push({"req-layers", "{}"});
  Output out;
  auto s = spec("py-layers");
  s.layers = {(root_ / "l1").string(), (root_ / "l2").string()};
  run(s, out);
  const auto post = api_->waitForPost("/invocation/req-layers/response", kWait);
  ASSERT_TRUE(post) << out.dump();
  const auto body = parse(post->body);
  EXPECT_EQ(body->getValue<std::string>("shared"), "two");
  EXPECT_EQ(body->getValue<std::string>("first"), "first");
  EXPECT_EQ(executor().destroy("py-layers").status, LOCALEMU_OK);
  EXPECT_FALSE(fs::exists(root_ / "state/py-layers.d"));
  EXPECT_TRUE(fs::exists(root_ / "l2/python/shared.py"));
}

TEST_F(LocalExecutor, NodeHandlerFindsLayerModulesThroughNodePath) {
  write("layer/nodejs/node_modules/greeting/index.js", "module.exports = (n) => 'hello ' + n;\n");
  write("code/index.js",
        "const greeting = require('greeting');\n"
        "exports.handler = async (event) => ({ text: greeting(event.name), cwd: process.cwd() });\n");
  api_->push({"req-node", R"({"name":"node"})"});
  Output out;
  auto s = spec("node-ok");
  s.runtime = "nodejs20.x";
  setHandler(s, "index.handler");
  s.layers = {(root_ / "layer").string()};
  run(s, out);
  const auto post = api_->waitForPost("/invocation/req-node/response", kWait);
  ASSERT_TRUE(post) << out.dump();
  EXPECT_EQ(parse(post->body)->getValue<std::string>("text"), "hello node");
  EXPECT_EQ(executor().destroy("node-ok").status, LOCALEMU_OK);
  EXPECT_TRUE(fs::exists(root_ / "layer/nodejs/node_modules/greeting/index.js")) << "a single layer is used in place";
}

TEST_F(LocalExecutor, WarmEnvironmentServesSeveralInvokes) {
  write("code/app.py",
        "import os\n"
        "count = 0\n"
        "def handler(event, context):\n"
        "    global count\n"
        "    count += 1\n"
        "    return {'count': count, 'pid': os.getpid()}\n");
  api_->push({"warm-1", "{}"});
  api_->push({"warm-2", "{}"});
  Output out;
  auto s = spec("py-warm");
  run(s, out);
  const auto first = api_->waitForPost("/invocation/warm-1/response", kWait);
  const auto second = api_->waitForPost("/invocation/warm-2/response", kWait);
  ASSERT_TRUE(first && second) << out.dump();
  EXPECT_EQ(parse(first->body)->getValue<int>("count"), 1);
  EXPECT_EQ(parse(second->body)->getValue<int>("count"), 2);
  EXPECT_EQ(parse(first->body)->getValue<int>("pid"), parse(second->body)->getValue<int>("pid"));
  EXPECT_EQ(executor().destroy("py-warm").status, LOCALEMU_OK);
}

TEST_F(LocalExecutor, ConcurrentEnvironmentsAreSeparateProcesses) {
  // The handler lingers so no environment can come back for a second event
  // before every other one has taken its first.
  write("code/app.py", "import os, time\ndef handler(event, context):\n    time.sleep(0.3)\n    return {'pid': os.getpid()}\n");
  Output out;
  constexpr int kCount = 4;
  std::vector<Spec> specs;
  for (int i = 0; i < kCount; ++i) specs.push_back(spec("conc-" + std::to_string(i)));
  auto& ex = executor();
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (auto& s : specs)
    threads.emplace_back([&] {
      if (ex.create(s, out).status != LOCALEMU_OK || ex.start(s.envId).status != LOCALEMU_OK) ++failures;
    });
  for (auto& t : threads) t.join();
  ASSERT_EQ(failures.load(), 0);
  ASSERT_TRUE(api_->waitForNext(kCount, kWait)) << out.dump();
  for (int i = 0; i < kCount; ++i) api_->push({"conc-req-" + std::to_string(i), "{}"});
  std::set<int> pids;
  for (int i = 0; i < kCount; ++i) {
    const auto post = api_->waitForPost("/invocation/conc-req-" + std::to_string(i) + "/response", kWait);
    ASSERT_TRUE(post) << out.dump();
    pids.insert(parse(post->body)->getValue<int>("pid"));
  }
  EXPECT_EQ(pids.size(), static_cast<std::size_t>(kCount));
  for (auto& s : specs) EXPECT_EQ(ex.destroy(s.envId).status, LOCALEMU_OK);
}

TEST_F(LocalExecutor, InitErrorIsPostedAndTheExitReported) {
  write("code/app.py", "def handler(event, context):\n    return 1\n");
  Output out;
  auto s = spec("py-init");
  setHandler(s, "missing_module.handler");
  run(s, out);
  const auto post = api_->waitForPost("/2018-06-01/runtime/init/error", kWait);
  ASSERT_TRUE(post) << out.dump();
  EXPECT_EQ(parse(post->body)->getValue<std::string>("errorType"), "Runtime.ImportModuleError");
  const auto code = out.waitExit("py-init");
  ASSERT_TRUE(code) << out.dump();
  EXPECT_EQ(*code, 1);
  EXPECT_EQ(executor().status("py-init").state, LOCALEMU_ENV_EXITED);
  EXPECT_EQ(executor().destroy("py-init").status, LOCALEMU_OK);
}

// A provided bootstrap in bash over /dev/tcp: one invoke, echoing the event.
const char* kProvidedBootstrap = R"(#!/bin/bash
set -u
hostport=${AWS_LAMBDA_RUNTIME_API}
host=${hostport%:*}; port=${hostport##*:}
echo "provided bootstrap args=$# handler=${_HANDLER}"
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
sleep 300
)";

TEST_F(LocalExecutor, ProvidedBootstrapIsExecutedDirectly) {
  write("code/bootstrap", kProvidedBootstrap, true);
  api_->push({"req-prov", R"({"x":42})"});
  Output out;
  auto s = spec("prov-ok");
  s.runtime = "provided.al2023";
  setHandler(s, "function.handler");
  run(s, out);
  const auto post = api_->waitForPost("/invocation/req-prov/response", kWait);
  ASSERT_TRUE(post) << out.dump();
  EXPECT_EQ(parse(post->body)->getObject("provided")->getValue<int>("x"), 42);
  EXPECT_TRUE(out.waitLine("prov-ok", "provided bootstrap args=0 handler=function.handler")) << out.dump();
  EXPECT_EQ(executor().destroy("prov-ok").status, LOCALEMU_OK);
}

TEST_F(LocalExecutor, ProvidedBootstrapFromALayer) {
  write("layer/bootstrap", kProvidedBootstrap, true);
  fs::create_directories(root_ / "code");
  api_->push({"req-prov2", R"({"y":1})"});
  Output out;
  auto s = spec("prov-layer");
  s.runtime = "provided.al2";
  s.layers = {(root_ / "layer").string()};
  run(s, out);
  ASSERT_TRUE(api_->waitForPost("/invocation/req-prov2/response", kWait)) << out.dump();
  EXPECT_EQ(executor().destroy("prov-layer").status, LOCALEMU_OK);
}

TEST_F(LocalExecutor, ExitIsReportedAfterTheOutputDrained) {
  write("code/bootstrap", "#!/bin/bash\necho out-1\necho err-1 >&2\nprintf partial\nexit 7\n", true);
  Output out;
  auto s = spec("exit-7");
  s.runtime = "provided.al2023";
  run(s, out);
  const auto code = out.waitExit("exit-7");
  ASSERT_TRUE(code) << out.dump();
  EXPECT_EQ(*code, 7);
  {
    std::lock_guard lock(out.mutex);
    ASSERT_EQ(out.linesBeforeExit["exit-7"], 3U) << "lines after exited()";
    std::vector<std::string> stdoutLines, stderrLines;
    for (const auto& l : out.lines) (l.stream == LOCALEMU_STREAM_STDOUT ? stdoutLines : stderrLines).push_back(l.text);
    EXPECT_EQ(stdoutLines, (std::vector<std::string>{"out-1", "partial"}));
    EXPECT_EQ(stderrLines, (std::vector<std::string>{"err-1"}));
  }
  const auto status = executor().status("exit-7");
  EXPECT_EQ(status.state, LOCALEMU_ENV_EXITED);
  EXPECT_EQ(status.exit_code, 7);
  EXPECT_FALSE(fs::exists(root_ / "state/exit-7.json"));
  EXPECT_EQ(executor().destroy("exit-7").status, LOCALEMU_OK);
}

TEST_F(LocalExecutor, ExitIsReportedEvenWhenAnEscapedProcessKeepsWriting) {
  // A process that left the group (setsid) keeps the pipes open and busy.
  write("code/bootstrap",
        "#!/bin/bash\n"
        "setsid /bin/sh -c 'echo $$ > escaped.pid; exec yes spam' &\n"
        "while [ ! -s escaped.pid ]; do sleep 0.01; done\n"
        "exit 3\n",
        true);
  Output out;
  auto s = spec("escaped");
  s.runtime = "provided.al2023";
  run(s, out);
  const auto code = out.waitExit("escaped", 5s);
  ASSERT_TRUE(code) << "no exit report while an escaped process writes";
  EXPECT_EQ(*code, 3);
  EXPECT_EQ(executor().destroy("escaped").status, LOCALEMU_OK);
  std::ifstream pidFile(root_ / "code/escaped.pid");
  pid_t escaped = 0;
  pidFile >> escaped;
  ASSERT_GT(escaped, 0);
  // Its pipe is closed now: `yes` ends on SIGPIPE; kill it regardless.
  ::kill(escaped, SIGKILL);
  EXPECT_TRUE(waitGone(escaped));
}

// The handler starts a child that ignores SIGTERM and sleeps, then sleeps itself.
const char* kSpawningHandler =
    "import subprocess, time\n"
    "def handler(event, context):\n"
    "    child = subprocess.Popen(['/bin/sh', '-c', \"trap '' TERM; exec sleep 300\"])\n"
    "    print('child=%d' % child.pid, flush=True)\n"
    "    time.sleep(300)\n";

pid_t childPid(Output& out, const std::string& env) {
  const auto line = out.waitLine(env, "child=");
  if (!line) return -1;
  return static_cast<pid_t>(std::stol(line->text.substr(line->text.find('=') + 1)));
}

TEST_F(LocalExecutor, StopWhileRunningKillsTheWholeGroup) {
  write("code/app.py", kSpawningHandler);
  api_->push({"req-stop", "{}"});
  Output out;
  auto s = spec("py-stop");
  run(s, out);
  const pid_t child = childPid(out, "py-stop");
  ASSERT_GT(child, 0) << out.dump();
  std::this_thread::sleep_for(100ms);  // let the shell install its trap
  ASSERT_FALSE(processGone(child));
  const auto began = std::chrono::steady_clock::now();
  const auto stopped = executor().stop("py-stop", 300);
  const auto took = std::chrono::steady_clock::now() - began;
  ASSERT_EQ(stopped.status, LOCALEMU_OK) << stopped.message;
  EXPECT_LT(took, 3s);
  EXPECT_TRUE(waitGone(child)) << "the child that ignores SIGTERM survived";
  const auto status = executor().status("py-stop");
  EXPECT_EQ(status.state == LOCALEMU_ENV_EXITED || status.state == LOCALEMU_ENV_RUNNING, true);
  const auto code = out.waitExit("py-stop");
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 128 + SIGTERM);
  EXPECT_EQ(executor().status("py-stop").exit_code, 128 + SIGTERM);
  EXPECT_EQ(executor().destroy("py-stop").status, LOCALEMU_OK);
}

TEST_F(LocalExecutor, TimeoutStopWithoutGraceKillsAtOnce) {
  write("code/app.py", kSpawningHandler);
  api_->push({"req-timeout", "{}"});
  Output out;
  auto s = spec("py-timeout");
  run(s, out);
  const pid_t child = childPid(out, "py-timeout");
  ASSERT_GT(child, 0) << out.dump();
  const auto stopped = executor().stop("py-timeout", 0);
  ASSERT_EQ(stopped.status, LOCALEMU_OK) << stopped.message;
  EXPECT_TRUE(waitGone(child));
  const auto code = out.waitExit("py-timeout");
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 128 + SIGKILL);
  EXPECT_EQ(executor().destroy("py-timeout").status, LOCALEMU_OK);
}

TEST_F(LocalExecutor, DestroyWhileRunningKillsTheGroupSilently) {
  write("code/app.py", kSpawningHandler);
  api_->push({"req-destroy", "{}"});
  Output out;
  auto s = spec("py-destroy");
  run(s, out);
  const pid_t child = childPid(out, "py-destroy");
  ASSERT_GT(child, 0) << out.dump();
  EXPECT_EQ(executor().destroy("py-destroy").status, LOCALEMU_OK);
  EXPECT_TRUE(waitGone(child));
  EXPECT_FALSE(out.waitExit("py-destroy", 200ms));
  EXPECT_FALSE(fs::exists(root_ / "state/py-destroy.json"));
}

TEST_F(LocalExecutor, OrphansOfAnotherInstanceAreKilledByOwner) {
  write("code/app.py", "def handler(event, context):\n    return {}\n");
  Output out;
  auto earlier = newExecutor();
  auto s = spec("orphan-1");
  s.labels = {{"localemu.owner", "owner-a"}};
  ASSERT_EQ(earlier->create(s, out).status, LOCALEMU_OK);
  ASSERT_EQ(earlier->start("orphan-1").status, LOCALEMU_OK);
  ASSERT_TRUE(api_->waitForNext(1, kWait)) << out.dump();
  ASSERT_TRUE(fs::exists(root_ / "state/orphan-1.json"));

  auto& current = executor();
  auto mine = spec("mine-1");
  mine.labels = {{"localemu.owner", "owner-a"}};
  ASSERT_EQ(current.create(mine, out).status, LOCALEMU_OK);
  ASSERT_EQ(current.start("mine-1").status, LOCALEMU_OK);
  ASSERT_TRUE(api_->waitForNext(2, kWait)) << out.dump();

  ASSERT_EQ(current.cleanup("owner-b").status, LOCALEMU_OK);
  EXPECT_FALSE(out.waitExit("orphan-1", 300ms));
  EXPECT_EQ(earlier->status("orphan-1").state, LOCALEMU_ENV_RUNNING);

  ASSERT_EQ(current.cleanup("owner-a").status, LOCALEMU_OK);
  const auto code = out.waitExit("orphan-1");
  ASSERT_TRUE(code) << "the orphan survived cleanup";
  EXPECT_EQ(*code, 128 + SIGKILL);
  EXPECT_FALSE(fs::exists(root_ / "state/orphan-1.json"));
  EXPECT_EQ(current.status("mine-1").state, LOCALEMU_ENV_RUNNING) << "cleanup killed its own environment";
  EXPECT_TRUE(fs::exists(root_ / "state/mine-1.json"));
  EXPECT_EQ(current.cleanup("").status, LOCALEMU_ERR_INVALID_ARG);

  EXPECT_EQ(earlier->destroy("orphan-1").status, LOCALEMU_OK);
  EXPECT_EQ(current.destroy("mine-1").status, LOCALEMU_OK);
}

TEST_F(LocalExecutor, OrphanRecordOfADeadHostIsCleanedUp) {
  // A record written by a run that crashed: a live process group, no executor.
  Output out;
  write("code/app.py", "def handler(event, context):\n    return {}\n");
  {
    auto crashed = newExecutor();
    auto s = spec("crashed-1");
    s.labels = {{"localemu.owner", "owner-c"}};
    ASSERT_EQ(crashed->create(s, out).status, LOCALEMU_OK);
    ASSERT_EQ(crashed->start("crashed-1").status, LOCALEMU_OK);
    ASSERT_TRUE(api_->waitForNext(1, kWait));
    ASSERT_TRUE(fs::exists(root_ / "state/crashed-1.json"));
    ASSERT_EQ(crashed->destroy("crashed-1").status, LOCALEMU_OK);
    EXPECT_FALSE(fs::exists(root_ / "state/crashed-1.json"));
  }
  // What a crash leaves: the record of a live session whose host is gone.
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::setsid();
    ::execl("/bin/sleep", "sleep", "300", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const pid_t leader = pid;
  std::this_thread::sleep_for(50ms);
  const auto stat = local::readProcStat(leader);
  ASSERT_TRUE(stat);
  std::ofstream(root_ / "state/crashed-1.json")
      << R"({"envId":"crashed-1","owner":"owner-c","functionArn":"","pid":)" << leader << R"(,"pgid":)" << leader
      << R"(,"startTime":)" << stat->startTime << R"(,"hostPid":1})";
  ASSERT_EQ(executor().cleanup("owner-c").status, LOCALEMU_OK);
  int wstatus = 0;
  ASSERT_EQ(::waitpid(leader, &wstatus, 0), leader);
  EXPECT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL);
  EXPECT_FALSE(fs::exists(root_ / "state/crashed-1.json"));
}

TEST_F(LocalExecutor, RefusesImagesAndUnknownEnvironments) {
  Output out;
  auto s = spec("image-1");
  s.runtime.clear();
  s.handler.clear();
  const auto created = executor().create(s, out);
  EXPECT_EQ(created.status, LOCALEMU_ERR_UNSUPPORTED);
  EXPECT_EQ(created.message, "the local executor cannot run container images; use LAMBDA_RUNTIME_EXECUTOR=docker");
  EXPECT_EQ(executor().status("image-1").state, LOCALEMU_ENV_GONE);
  EXPECT_EQ(executor().start("nope").status, LOCALEMU_ERR_NOT_FOUND);
  EXPECT_EQ(executor().destroy("nope").status, LOCALEMU_ERR_NOT_FOUND);

  auto provided = spec("no-bootstrap");
  provided.runtime = "provided.al2023";
  fs::create_directories(root_ / "code");
  EXPECT_EQ(executor().create(provided, out).status, LOCALEMU_ERR_NOT_FOUND);
  EXPECT_FALSE(fs::exists(root_ / "state/no-bootstrap.d"));

  write("code/app.py", "def handler(e, c):\n    return 1\n");
  auto twice = spec("twice");
  ASSERT_EQ(executor().create(twice, out).status, LOCALEMU_OK);
  EXPECT_EQ(executor().create(twice, out).status, LOCALEMU_ERR_CONFLICT);
  EXPECT_EQ(executor().status("twice").state, LOCALEMU_ENV_CREATED);
  EXPECT_EQ(executor().stop("twice", 100).status, LOCALEMU_OK);
  EXPECT_EQ(executor().destroy("twice").status, LOCALEMU_OK);
}

// Cold start: create_env + start_env until the runtime's first GET /next, python
// no-op, with the host's python3 and (when present) Debian's /usr/bin/python3.
void measureColdStart(Executor& executor, FakeRuntimeApi& api, const std::function<Spec(const std::string&)>& spec,
                      const std::string& label) {
  Output out;
  std::vector<double> total, calls;
  const auto before = api.nextCount();
  for (int i = 0; i < 7; ++i) {
    const std::string id = "cold-" + std::to_string(i);
    auto s = spec(id);
    const auto began = std::chrono::steady_clock::now();
    ASSERT_EQ(executor.create(s, out).status, LOCALEMU_OK);
    ASSERT_EQ(executor.start(id).status, LOCALEMU_OK);
    const auto returned = std::chrono::steady_clock::now();
    const auto first = api.waitForNext(before + static_cast<std::size_t>(i + 1), kWait);
    ASSERT_TRUE(first) << out.dump();
    total.push_back(std::chrono::duration<double, std::milli>(*first - began).count());
    calls.push_back(std::chrono::duration<double, std::milli>(returned - began).count());
    ASSERT_EQ(executor.destroy(id).status, LOCALEMU_OK);
  }
  std::sort(total.begin(), total.end());
  std::sort(calls.begin(), calls.end());
  std::cout << "[ cold start ] " << label << ": create+start until first /next: min " << total.front() << " ms, median "
            << total[total.size() / 2] << " ms, max " << total.back() << " ms (create_env+start_env calls: median "
            << calls[calls.size() / 2] << " ms)" << std::endl;
  ::testing::Test::RecordProperty("cold_start_median_ms_" + label, std::to_string(total[total.size() / 2]));
  EXPECT_LT(total[total.size() / 2], 3000.0);
}

TEST_F(LocalExecutor, ColdStartOfAPythonNoOp) {
  write("code/app.py", "def handler(event, context):\n    return None\n");
  measureColdStart(executor(), *api_, [this](const std::string& id) { return spec(id); }, "host-python3");
  if (fs::exists("/usr/bin/python3")) {
    Executor debian({{"LAMBDA_LOCAL_STATE_DIR", (root_ / "state").string()}, {"LAMBDA_LOCAL_PYTHON", "/usr/bin/python3"}});
    measureColdStart(debian, *api_, [this](const std::string& id) { return spec(id); }, "usr-bin-python3");
  }
}

}  // namespace
}  // namespace localemu::test
