#include "container_spec.hpp"

#include <Poco/JSON/Array.h>

#include "localemu/sdk/core.hpp"

namespace localemu::docker {
namespace {

using sdk::view;

std::vector<std::string> strings(const localemu_str* items, std::size_t count) {
  std::vector<std::string> out;
  if (items == nullptr) return out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.emplace_back(view(items[i]));
  return out;
}

std::vector<std::pair<std::string, std::string>> pairs(const localemu_pair* items, std::size_t count) {
  std::vector<std::pair<std::string, std::string>> out;
  if (items == nullptr) return out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.emplace_back(view(items[i].name), view(items[i].value));
  return out;
}

Poco::JSON::Array::Ptr array(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const auto& item : items) out->add(item);
  return out;
}

}  // namespace

EnvironmentSpec EnvironmentSpec::fromAbi(const localemu_env_spec& s) {
  EnvironmentSpec spec;
  spec.envId = std::string(view(s.env_id));
  spec.functionArn = std::string(view(s.function_arn));
  spec.runtime = std::string(view(s.runtime));
  spec.handler = std::string(view(s.handler));
  spec.image = std::string(view(s.image));
  spec.architecture = std::string(view(s.architecture));
  spec.codePath = std::string(view(s.code_path));
  spec.layerPaths = strings(s.layer_paths, s.layer_count);
  spec.env = pairs(s.env, s.env_count);
  spec.memoryMb = s.memory_mb;
  spec.timeoutS = s.timeout_s;
  spec.runtimeApi = std::string(view(s.runtime_api));
  spec.entrypoint = strings(s.entrypoint, s.entrypoint_count);
  spec.command = strings(s.command, s.command_count);
  spec.workingDir = std::string(view(s.working_dir));
  spec.labels = pairs(s.labels, s.label_count);
  return spec;
}

std::string containerName(std::string_view envId) { return "localemu-lambda-" + std::string(envId); }

std::string dockerArchitecture(std::string_view lambdaArchitecture) {
  if (lambdaArchitecture == "x86_64") return "amd64";
  return std::string(lambdaArchitecture);
}

Poco::JSON::Object::Ptr buildCreateBody(const EnvironmentSpec& spec, const ContainerOptions& options,
                                        std::string_view optDir) {
  const auto& flags = options.flags;
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("Image", spec.image);
  if (!spec.command.empty())
    body->set("Cmd", array(spec.command));
  else if (!spec.handler.empty())
    body->set("Cmd", array({spec.handler}));
  if (!spec.entrypoint.empty()) body->set("Entrypoint", array(spec.entrypoint));
  if (!spec.workingDir.empty()) body->set("WorkingDir", spec.workingDir);
  if (!flags.user.empty()) body->set("User", flags.user);

  std::vector<std::string> env;
  env.reserve(spec.env.size() + flags.env.size());
  for (const auto& [name, value] : spec.env) env.push_back(name + "=" + value);
  env.insert(env.end(), flags.env.begin(), flags.env.end());
  body->set("Env", array(env));

  Poco::JSON::Object::Ptr labels = new Poco::JSON::Object;
  for (const auto& [name, value] : flags.labels) labels->set(name, value);
  for (const auto& [name, value] : spec.labels) labels->set(name, value);
  labels->set(std::string(kEnvLabel), spec.envId);
  body->set("Labels", labels);

  body->set("AttachStdin", false);
  body->set("AttachStdout", true);
  body->set("AttachStderr", true);
  body->set("OpenStdin", false);
  body->set("Tty", false);

  Poco::JSON::Object::Ptr hostConfig = new Poco::JSON::Object;
  hostConfig->set("NetworkMode", options.network.empty() ? std::string("host") : options.network);
  if (spec.memoryMb > 0) {
    const auto bytes = static_cast<std::int64_t>(spec.memoryMb) * 1024 * 1024;
    hostConfig->set("Memory", bytes);
    hostConfig->set("MemorySwap", bytes);
  }

  std::vector<Ulimit> ulimits{{"nofile", 1024, 1024}, {"nproc", 1024, 1024}};
  for (const auto& limit : flags.ulimits) {
    std::erase_if(ulimits, [&](const Ulimit& u) { return u.name == limit.name; });
    ulimits.push_back(limit);
  }
  Poco::JSON::Array::Ptr ulimitArray = new Poco::JSON::Array;
  for (const auto& limit : ulimits) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
    item->set("Name", limit.name);
    item->set("Soft", limit.soft);
    item->set("Hard", limit.hard);
    ulimitArray->add(item);
  }
  hostConfig->set("Ulimits", ulimitArray);

  std::vector<std::string> binds;
  if (!spec.codePath.empty()) binds.push_back(spec.codePath + ":/var/task:ro");
  if (!optDir.empty()) binds.push_back(std::string(optDir) + ":/opt:ro");
  binds.insert(binds.end(), flags.binds.begin(), flags.binds.end());
  hostConfig->set("Binds", array(binds));

  std::vector<std::string> dns = options.dns;
  dns.insert(dns.end(), flags.dns.begin(), flags.dns.end());
  if (!dns.empty()) hostConfig->set("Dns", array(dns));
  if (!flags.extraHosts.empty()) hostConfig->set("ExtraHosts", array(flags.extraHosts));
  if (!flags.capAdd.empty()) hostConfig->set("CapAdd", array(flags.capAdd));
  if (flags.shmSizeBytes) hostConfig->set("ShmSize", *flags.shmSizeBytes);
  hostConfig->set("Privileged", flags.privileged);
  hostConfig->set("ReadonlyRootfs", false);
  hostConfig->set("Init", false);
  hostConfig->set("AutoRemove", false);
  body->set("HostConfig", hostConfig);
  return body;
}

}  // namespace localemu::docker
