// launch_plan.hpp — how an environment's runtime is started as a host process:
// which program, with which arguments, in which folder, with which variables.
//
// The function sees the container paths of Lambda (/var/task, /opt,
// /var/runtime) in its variables; without a container they are translated to
// host folders: in every ':'-separated element of every value, an element equal
// to a container path or beginning with "<path>/" is rewritten. PYTHONPATH and
// NODE_PATH are put first as the official images' runtimes search them; a value
// the function itself sets follows ours.
//
// Programs: python3.* -> <python> <runtimes>/python/bootstrap <handler>;
// nodejs* -> <node> <runtimes>/node/client.cjs <handler> (the client itself: the
// folder's `bootstrap` is a sh launcher that would look node up on PATH);
// provided* -> <code>/bootstrap, else <opt>/bootstrap, without arguments. For
// python and node, AWS_LAMBDA_EXEC_WRAPPER (translated) runs first with that
// command as its arguments, as the official runtimes do.
//
// Pure functions: no I/O except buildLaunchPlan's file checks.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace localemu::local {

using EnvVars = std::vector<std::pair<std::string, std::string>>;

// Container path -> host folder.
struct PathMap {
  std::filesystem::path task;     // /var/task
  std::filesystem::path opt;      // /opt
  std::filesystem::path runtime;  // /var/runtime
};

struct LaunchInput {
  std::string runtime;  // "python3.12", "nodejs20.x", "provided.al2023"; empty for an image
  std::string handler;
  std::filesystem::path codePath;
  std::filesystem::path optPath;      // the merged layers (may not exist: no layers)
  std::filesystem::path runtimesDir;  // holds python/bootstrap, node/bootstrap, provided/
  std::filesystem::path python;       // absolute path of the host's python3
  std::filesystem::path node;         // absolute path of the host's node
  EnvVars env;                        // as the function sees them
};

struct LaunchPlan {
  std::vector<std::string> argv;  // argv[0] is the absolute program path
  EnvVars env;                    // exactly the process environment
  std::filesystem::path workingDir;
  PathMap paths;
};

enum class RuntimeFamily { Python, Node, Provided, Image, Other };
RuntimeFamily familyOf(std::string_view runtime) noexcept;

// "python3.12" -> "python3.12", "nodejs20.x" -> "20"; empty when not found.
std::string pythonVersionOf(std::string_view runtime);
std::string nodeMajorOf(std::string_view runtime);

std::string translatePaths(std::string_view value, const PathMap& paths);

// PYTHONPATH / NODE_PATH of a runtime, with host paths.
std::string pythonPathFor(std::string_view runtime, const PathMap& paths);
std::string nodePathFor(std::string_view runtime, const PathMap& paths);

// Throws sdk::PluginError: UNSUPPORTED for an image or an unsupported runtime,
// NOT_FOUND for a provided runtime without bootstrap or a missing interpreter.
LaunchPlan buildLaunchPlan(const LaunchInput& input);

}  // namespace localemu::local
