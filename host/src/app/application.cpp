#include "app/application.hpp"

#include <csignal>
#include <set>
#include <sstream>

#include <Poco/StringTokenizer.h>
#include <spdlog/spdlog.h>

#include "config/settings.hpp"
#include "gateway/builtin_endpoints.hpp"
#include "gateway/gateway.hpp"
#include "gateway/router.hpp"
#include "plugins/loader.hpp"
#include "plugins/plugin_set.hpp"
#include "services/logging.hpp"
#include "services/metrics.hpp"
#include "services/timers.hpp"
#include "store/store.hpp"

namespace localemu::host {
namespace {

std::vector<std::string> splitList(const std::string& text, const char* separators) {
  std::vector<std::string> out;
  Poco::StringTokenizer tokens(text, separators, Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
  for (const auto& token : tokens) out.push_back(token);
  return out;
}

std::vector<std::filesystem::path> pluginFolders(const Settings& settings) {
  std::vector<std::filesystem::path> folders;
  for (const auto& dir : splitList(settings.getString("LOCALEMU_PLUGIN_PATH"), ":")) folders.emplace_back(dir);
  if (folders.empty()) {
    const auto exe = std::filesystem::read_symlink("/proc/self/exe");
    folders.push_back((exe.parent_path() / LOCALEMU_PLUGIN_RELATIVE_DIR).lexically_normal());
  }
  return folders;
}

// GATEWAY_BUSY_POLL_US, within its range.
std::chrono::microseconds busyPoll(const Settings& settings) {
  const auto micros = settings.getInt("GATEWAY_BUSY_POLL_US", 50);
  if (micros < 0 || micros > 10000)
    throw ConfigError("GATEWAY_BUSY_POLL_US=" + std::to_string(micros) +
                      " is not valid: expected microseconds from 0 to 10000");
  return std::chrono::microseconds(micros);
}

}  // namespace

struct Application::Impl {
  explicit Impl(Settings& s) : settings(s) {}
  Settings& settings;
  std::unique_ptr<LogHub> logs;
  std::unique_ptr<Store> store;
  MetricsRegistry metrics;
  std::unique_ptr<TimerService> timers;
  Loader loader;
  PluginSet plugins;
  std::unique_ptr<HostContext> context;
  Router router;
  std::unique_ptr<BuiltinEndpoints> builtins;
  std::unique_ptr<Gateway> gateway;
  bool stopped = false;
};

Application::Application(Settings& settings) : impl_(std::make_unique<Impl>(settings)) {}

Application::~Application() { stop(); }

void Application::start() {
  const auto began = std::chrono::steady_clock::now();
  auto& s = impl_->settings;
  for (const auto& option : hostOptions()) s.declare(option);
  s.validate();
  const auto gatewayBusyPoll = busyPoll(s);
  impl_->logs = std::make_unique<LogHub>(s);

  impl_->loader.loadFolders(pluginFolders(s));
  for (const auto& offer : impl_->loader.offers())
    for (std::size_t i = 0; i < offer.descriptor->option_count; ++i)
      s.declare(optionFromAbi(offer.descriptor->options[i], offer.descriptor->id));
  s.validate();

  StoreOptions storeOptions;
  if (s.getBool("PERSISTENCE", false)) storeOptions.dataDir = s.getString("LOCALEMU_DATA_DIR");
  impl_->store = std::make_unique<Store>(storeOptions);
  impl_->timers = std::make_unique<TimerService>();
  impl_->context = std::make_unique<HostContext>(
      HostContext{s, *impl_->store, *impl_->logs, impl_->metrics, *impl_->timers, impl_->plugins});

  const auto enabledList = splitList(s.getString("SERVICES"), ",");
  const std::set<std::string, std::less<>> enabled(enabledList.begin(), enabledList.end());
  impl_->plugins.createAll(*impl_->context, impl_->loader.offers(),
                           [&](std::string_view id) { return enabled.empty() || enabled.count(id) > 0; });
  for (const auto& offer : impl_->loader.offers())
    if (offer.descriptor->kind == LOCALEMU_KIND_SERVICE && offer.descriptor->routing != nullptr)
      impl_->router.add(offer.descriptor->id, *offer.descriptor->routing);
  impl_->plugins.startAll();

  impl_->builtins =
      std::make_unique<BuiltinEndpoints>(impl_->plugins, impl_->loader, s, impl_->metrics, *impl_->store);
  impl_->gateway =
      std::make_unique<Gateway>(GatewayDeps{impl_->router, impl_->plugins, impl_->metrics, *impl_->builtins},
                                s.getString("GATEWAY_LISTEN"), gatewayBusyPoll);
  impl_->gateway->start();

  std::ostringstream services;
  for (const auto& instance : impl_->plugins.instances())
    if (instance->kind == LOCALEMU_KIND_SERVICE && instance->started)
      services << (services.tellp() > 0 ? ", " : "") << instance->id;
  const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - began).count();
  spdlog::info("LocalEmu {} ready on {} in {:.1f} ms (services: {}; persistence: {})", LOCALEMU_VERSION,
               s.getString("GATEWAY_LISTEN"), ms, services.str().empty() ? "none" : services.str(),
               impl_->store->persistent() ? "on" : "off");
}

void Application::waitForTermination() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int signal = 0;
  sigwait(&set, &signal);
  spdlog::info("received {}, shutting down", signal == SIGTERM ? "SIGTERM" : "SIGINT");
}

void Application::stop() {
  if (impl_->stopped || !impl_->logs) return;
  impl_->stopped = true;
  impl_->plugins.stopAll();
  if (impl_->gateway) impl_->gateway->stop();
  impl_->plugins.destroyAll();
  impl_->timers.reset();
  impl_->store.reset();
  spdlog::info("stopped");
  spdlog::default_logger()->flush();
}

}  // namespace localemu::host
