#include "launch_plan.hpp"

#include <initializer_list>
#include <set>

#include "localemu/sdk/core.hpp"

namespace localemu::local {
namespace fs = std::filesystem;
using sdk::PluginError;

namespace {

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string translateElement(std::string_view element, const PathMap& paths) {
  const std::pair<std::string_view, const fs::path*> mapping[] = {
      {"/var/task", &paths.task}, {"/var/runtime", &paths.runtime}, {"/opt", &paths.opt}};
  for (const auto& [from, to] : mapping) {
    if (to->empty()) continue;
    if (element == from) return to->string();
    if (startsWith(element, from) && element[from.size()] == '/')
      return to->string() + std::string(element.substr(from.size()));
  }
  return std::string(element);
}

std::string joinUnique(const std::vector<std::string>& parts) {
  std::string out;
  std::set<std::string, std::less<>> seen;
  for (const auto& p : parts) {
    if (p.empty() || !seen.insert(p).second) continue;
    if (!out.empty()) out += ':';
    out += p;
  }
  return out;
}

std::vector<std::string> split(std::string_view value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    const auto end = value.find(':', start);
    out.emplace_back(value.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

// Ours first, then what the function set itself.
void prependPathList(EnvVars& env, const std::string& name, const std::string& ours) {
  for (auto& [key, value] : env) {
    if (key != name) continue;
    auto parts = split(ours);
    for (auto& p : split(value)) parts.push_back(std::move(p));
    value = joinUnique(parts);
    return;
  }
  env.emplace_back(name, ours);
}

void requireInterpreter(const fs::path& program, std::string_view name) {
  if (program.empty())
    throw PluginError(LOCALEMU_ERR_NOT_FOUND, "the local executor needs " + std::string(name) +
                                                  " on the host's PATH (or LAMBDA_LOCAL_" +
                                                  (name == "node" ? std::string("NODE") : std::string("PYTHON")) + ")");
}

// The runtime client to run with the interpreter: a runtime folder may hold a
// launcher `bootstrap` (sh) next to the client proper, which then is used.
fs::path clientIn(const fs::path& dir, std::initializer_list<const char*> names) {
  std::error_code ec;
  for (const char* name : names)
    if (fs::is_regular_file(dir / name, ec)) return dir / name;
  return dir / "bootstrap";
}

const std::string* findVar(const EnvVars& env, std::string_view name) {
  for (const auto& [key, value] : env)
    if (key == name) return &value;
  return nullptr;
}

}  // namespace

RuntimeFamily familyOf(std::string_view runtime) noexcept {
  if (runtime.empty()) return RuntimeFamily::Image;
  if (startsWith(runtime, "python3")) return RuntimeFamily::Python;
  if (startsWith(runtime, "nodejs")) return RuntimeFamily::Node;
  if (startsWith(runtime, "provided")) return RuntimeFamily::Provided;
  return RuntimeFamily::Other;
}

std::string pythonVersionOf(std::string_view runtime) {
  if (!startsWith(runtime, "python3")) return {};
  return std::string(runtime);
}

std::string nodeMajorOf(std::string_view runtime) {
  if (!startsWith(runtime, "nodejs")) return {};
  std::string major;
  for (char c : runtime.substr(6)) {
    if (c < '0' || c > '9') break;
    major += c;
  }
  return major;
}

std::string translatePaths(std::string_view value, const PathMap& paths) {
  std::string out;
  bool first = true;
  for (const auto& element : split(value)) {
    if (!first) out += ':';
    first = false;
    out += translateElement(element, paths);
  }
  return out;
}

std::string pythonPathFor(std::string_view runtime, const PathMap& paths) {
  const auto version = pythonVersionOf(runtime);
  std::vector<std::string> parts{paths.task.string()};
  if (!version.empty()) parts.push_back((paths.opt / "python/lib" / version / "site-packages").string());
  parts.push_back((paths.opt / "python").string());
  return joinUnique(parts);
}

std::string nodePathFor(std::string_view runtime, const PathMap& paths) {
  const auto major = nodeMajorOf(runtime);
  std::vector<std::string> parts;
  if (!major.empty()) parts.push_back((paths.opt / "nodejs" / ("node" + major) / "node_modules").string());
  parts.push_back((paths.opt / "nodejs/node_modules").string());
  parts.push_back((paths.runtime / "node_modules").string());
  parts.push_back(paths.runtime.string());
  parts.push_back(paths.task.string());
  return joinUnique(parts);
}

LaunchPlan buildLaunchPlan(const LaunchInput& in) {
  LaunchPlan plan;
  plan.workingDir = in.codePath;
  plan.paths.task = in.codePath;
  plan.paths.opt = in.optPath;
  const auto family = familyOf(in.runtime);
  switch (family) {
    case RuntimeFamily::Image:
      throw PluginError(LOCALEMU_ERR_UNSUPPORTED,
                        "the local executor cannot run container images; use LAMBDA_RUNTIME_EXECUTOR=docker");
    case RuntimeFamily::Other:
      throw PluginError(LOCALEMU_ERR_UNSUPPORTED, "the local executor does not support runtime " + in.runtime +
                                                      " (python3.*, nodejs*, provided*); use LAMBDA_RUNTIME_EXECUTOR=docker");
    case RuntimeFamily::Python:
      requireInterpreter(in.python, "python3");
      plan.paths.runtime = in.runtimesDir / "python";
      // -S: no `site` start-up (its .pth hooks cost more than the rest of a cold start); the
      // runtime client puts the interpreter's site-packages on sys.path itself.
      plan.argv = {in.python.string(), "-S", clientIn(plan.paths.runtime, {"client.py"}).string(), in.handler};
      break;
    case RuntimeFamily::Node:
      requireInterpreter(in.node, "node");
      plan.paths.runtime = in.runtimesDir / "node";
      plan.argv = {in.node.string(), clientIn(plan.paths.runtime, {"client.cjs", "client.js"}).string(), in.handler};
      break;
    case RuntimeFamily::Provided: {
      plan.paths.runtime = in.runtimesDir / "provided";
      std::error_code ec;
      fs::path bootstrap;
      for (const auto& candidate : {in.codePath / "bootstrap", in.optPath / "bootstrap"})
        if (!candidate.parent_path().empty() && fs::is_regular_file(candidate, ec)) {
          bootstrap = candidate;
          break;
        }
      if (bootstrap.empty())
        throw PluginError(LOCALEMU_ERR_NOT_FOUND,
                          "runtime " + in.runtime + " needs an executable bootstrap in the code or in a layer");
      plan.argv = {bootstrap.string()};
      break;
    }
  }
  plan.env.reserve(in.env.size() + 1);
  for (const auto& [name, value] : in.env) plan.env.emplace_back(name, translatePaths(value, plan.paths));
  if (family == RuntimeFamily::Python) prependPathList(plan.env, "PYTHONPATH", pythonPathFor(in.runtime, plan.paths));
  if (family == RuntimeFamily::Node) prependPathList(plan.env, "NODE_PATH", nodePathFor(in.runtime, plan.paths));
  if (family == RuntimeFamily::Python || family == RuntimeFamily::Node)
    if (const auto* wrapper = findVar(plan.env, "AWS_LAMBDA_EXEC_WRAPPER"); wrapper != nullptr && !wrapper->empty())
      plan.argv.insert(plan.argv.begin(), *wrapper);
  return plan;
}

}  // namespace localemu::local
