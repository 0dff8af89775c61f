#include "invoke/executor_client.hpp"

#include "localemu/plugin.h"

namespace localemu::lambda {
namespace {

using sdk::toStr;

std::vector<localemu_str> views(const std::vector<std::string>& values) {
  std::vector<localemu_str> out;
  out.reserve(values.size());
  for (const auto& v : values) out.push_back(toStr(v));
  return out;
}

std::vector<localemu_pair> pairs(const std::vector<std::pair<std::string, std::string>>& values) {
  std::vector<localemu_pair> out;
  out.reserve(values.size());
  for (const auto& [name, value] : values) out.push_back({toStr(name), toStr(value)});
  return out;
}

template <typename Fn>
void checked(Fn&& fn) {
  auto err = sdk::makeError();
  sdk::check(fn(&err), err);
}

}  // namespace

ExecutorClient::ExecutorClient(const sdk::Host& host, const std::string& id)
    : id_(id), vtable_(static_cast<const localemu_executor_vtable*>(host.find(LOCALEMU_KIND_EXECUTOR, id))) {
  if (vtable_ == nullptr)
    throw sdk::PluginError(LOCALEMU_ERR_UNAVAILABLE,
                           "no executor plugin \"" + id + "\" is loaded (LAMBDA_RUNTIME_EXECUTOR=" + id + ")");
}

void ExecutorClient::prepare(const std::string& image, const std::string& architecture) const {
  checked([&](localemu_error* err) { return vtable_->prepare(vtable_->object.self, toStr(image), toStr(architecture), err); });
}

void ExecutorClient::create(const EnvironmentSpec& spec, const localemu_env_output* output) const {
  const auto layers = views(spec.layerPaths);
  const auto env = pairs(spec.env);
  const auto entrypoint = views(spec.entrypoint);
  const auto command = views(spec.command);
  const auto labels = pairs(spec.labels);
  localemu_env_spec c{};
  c.struct_size = sizeof(c);
  c.env_id = toStr(spec.envId);
  c.function_arn = toStr(spec.functionArn);
  c.runtime = toStr(spec.runtime);
  c.handler = toStr(spec.handler);
  c.image = toStr(spec.image);
  c.architecture = toStr(spec.architecture);
  c.code_path = toStr(spec.codePath);
  c.layer_paths = layers.data();
  c.layer_count = layers.size();
  c.env = env.data();
  c.env_count = env.size();
  c.memory_mb = spec.memoryMb;
  c.timeout_s = spec.timeoutS;
  c.runtime_api = toStr(spec.runtimeApi);
  c.entrypoint = entrypoint.data();
  c.entrypoint_count = entrypoint.size();
  c.command = command.data();
  c.command_count = command.size();
  c.working_dir = toStr(spec.workingDir);
  c.labels = labels.data();
  c.label_count = labels.size();
  checked([&](localemu_error* err) { return vtable_->create_env(vtable_->object.self, &c, output, err); });
}

void ExecutorClient::start(const std::string& envId) const {
  checked([&](localemu_error* err) { return vtable_->start_env(vtable_->object.self, toStr(envId), err); });
}

void ExecutorClient::stop(const std::string& envId, std::uint32_t graceMs) const {
  checked([&](localemu_error* err) { return vtable_->stop_env(vtable_->object.self, toStr(envId), graceMs, err); });
}

void ExecutorClient::destroy(const std::string& envId) const {
  checked([&](localemu_error* err) { return vtable_->destroy_env(vtable_->object.self, toStr(envId), err); });
}

localemu_env_status ExecutorClient::status(const std::string& envId) const {
  localemu_env_status out{};
  out.struct_size = sizeof(out);
  checked([&](localemu_error* err) { return vtable_->status(vtable_->object.self, toStr(envId), &out, err); });
  return out;
}

void ExecutorClient::cleanupOrphans(const std::string& owner) const {
  checked([&](localemu_error* err) { return vtable_->cleanup_orphans(vtable_->object.self, toStr(owner), err); });
}

ResolverClient::ResolverClient(const sdk::Host& host, const std::string& id)
    : vtable_(static_cast<const localemu_resolver_vtable*>(host.find(LOCALEMU_KIND_RESOLVER, id))) {
  if (vtable_ == nullptr)
    throw sdk::PluginError(LOCALEMU_ERR_UNAVAILABLE, "no runtime-image resolver plugin \"" + id + "\" is loaded");
}

std::string ResolverClient::resolve(const std::string& runtime, const std::string& architecture) const {
  sdk::StringSink out;
  checked([&](localemu_error* err) {
    return vtable_->resolve(vtable_->object.self, toStr(runtime), toStr(architecture), out.get(), err);
  });
  return out.take();
}

}  // namespace localemu::lambda
