#include "management_commands.hpp"

#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "config/settings.hpp"
#include "text_table.hpp"

namespace localemu::cli {
namespace {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

std::string notRunning(const Endpoint& endpoint) {
  return "localemu is not running (nothing answers on " + endpoint.url() + ")";
}

Object::Ptr parseObject(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Object::Ptr>();
}

std::string text(const Object::Ptr& object, const std::string& key, const std::string& fallback = "-") {
  if (object.isNull() || !object->has(key) || object->isNull(key)) return fallback;
  return object->getValue<std::string>(key);
}

std::string joined(const Array::Ptr& items) {
  if (items.isNull() || items->size() == 0) return "-";
  std::string out;
  for (std::size_t i = 0; i < items->size(); ++i) out += (i ? ", " : "") + items->getElement<std::string>(i);
  return out;
}

// Fetches a built-in endpoint; prints why and returns nullptr when it cannot.
Object::Ptr fetch(const Endpoint& endpoint, const std::string& path) {
  auto answer = httpGet(endpoint, path);
  if (!answer) return nullptr;
  if (answer->status != 200) {
    std::cerr << "awsemu: GET " << path << " answered " << answer->status << ": " << answer->body << "\n";
    return nullptr;
  }
  try {
    return parseObject(answer->body);
  } catch (const Poco::Exception& e) {
    std::cerr << "awsemu: GET " << path << " answered something that is not a JSON object: " << e.displayText()
              << "\n";
    return nullptr;
  }
}

std::string uptime(double seconds) {
  const auto total = static_cast<long>(seconds);
  std::ostringstream out;
  if (total >= 3600) out << total / 3600 << "h";
  if (total >= 60) out << (total % 3600) / 60 << "m";
  out << total % 60 << "s";
  return out.str();
}

volatile std::sig_atomic_t interrupted = 0;

}  // namespace

int statusCommand(const Endpoint& endpoint, const StatePaths& paths) {
  const auto pid = runningHostPid(paths);
  auto answer = httpGet(endpoint, "/_localemu/health");
  if (!answer) {
    if (pid) {
      std::cout << "localemu (pid " << *pid << ") is running but does not answer on " << endpoint.url() << "\n";
      return 4;
    }
    std::cout << notRunning(endpoint) << "\n";
    return 3;
  }
  Object::Ptr health;
  try {
    health = parseObject(answer->body);
  } catch (const Poco::Exception&) {
  }
  if (answer->status != 200 || health.isNull()) {
    std::cout << "something answers on " << endpoint.url() << " but not as localemu (GET /_localemu/health: "
              << answer->status << ")\n";
    return 4;
  }
  std::cout << "localemu " << text(health, "version") << " is running on " << endpoint.url();
  std::cout << " (" << (pid ? "pid " + std::to_string(*pid) + ", " : std::string("not started by awsemu, "));
  std::cout << "up " << uptime(health->optValue<double>("uptime_seconds", 0.0)) << ")\n";

  std::string services;
  if (auto s = health->getObject("services"); !s.isNull()) {
    std::vector<std::string> names;
    s->getNames(names);
    for (const auto& name : names) services += (services.empty() ? "" : ", ") + name + " (" + text(s, name) + ")";
  }
  std::string plugins;
  if (auto p = health->getObject("plugins"); !p.isNull()) {
    std::vector<std::string> kinds;
    p->getNames(kinds);
    for (const auto& kind : kinds) plugins += (plugins.empty() ? "" : "; ") + kind + ": " + joined(p->getArray(kind));
  }
  const bool persistent = health->optValue<bool>("persistence", false);
  TextTable table({"", ""});
  table.add({"  services:", services.empty() ? "-" : services});
  table.add({"  executor:", text(health, "executor")});
  table.add({"  plugins:", plugins.empty() ? "-" : plugins});
  table.add({"  persistence:", persistent ? "on (PERSISTENCE=1)" : "off (state in memory, lost at stop)"});
  table.add({"  versions:", "localemu " + text(health, "version") + ", plugin ABI " + text(health, "abi") +
                                ", awsemu " + AWSEMU_VERSION});
  if (pid) table.add({"  log:", paths.logFile.string()});
  std::ostringstream rows;
  table.print(rows);
  std::cout << rows.str().substr(rows.str().find('\n') + 1);
  return 0;
}

int pluginsCommand(const Endpoint& endpoint) {
  auto body = fetch(endpoint, "/_localemu/plugins");
  if (body.isNull()) {
    if (!httpGet(endpoint, "/_localemu/health")) std::cerr << notRunning(endpoint) << "\n";
    return 3;
  }
  TextTable loaded({"ID", "KIND", "VERSION", "STATE", "DESCRIPTION"});
  if (auto plugins = body->getArray("plugins"); !plugins.isNull())
    for (std::size_t i = 0; i < plugins->size(); ++i) {
      auto p = plugins->getObject(static_cast<unsigned>(i));
      loaded.add({text(p, "id"), text(p, "kind"), text(p, "version"), text(p, "state"), text(p, "description", "")});
    }
  loaded.print(std::cout);
  if (auto skipped = body->getArray("skipped"); !skipped.isNull() && skipped->size() > 0) {
    std::cout << "\nskipped:\n";
    for (std::size_t i = 0; i < skipped->size(); ++i) {
      auto p = skipped->getObject(static_cast<unsigned>(i));
      std::cout << "  " << text(p, "id") << " (" << text(p, "kind") << "): " << text(p, "reason") << "\n";
    }
  }
  if (auto rejected = body->getArray("rejected"); !rejected.isNull() && rejected->size() > 0) {
    std::cout << "\nrejected:\n";
    for (std::size_t i = 0; i < rejected->size(); ++i) {
      auto p = rejected->getObject(static_cast<unsigned>(i));
      std::cout << "  " << text(p, "library") << ": " << text(p, "reason") << "\n";
    }
  }
  std::cout << "\nplugin ABI " << text(body, "abi") << "\n";
  return 0;
}

int configCommand(const Endpoint& endpoint, const std::map<std::string, std::string>& env) {
  if (httpGet(endpoint, "/_localemu/health")) {
    auto body = fetch(endpoint, "/_localemu/config");
    if (body.isNull()) return 1;
    TextTable table({"NAME", "VALUE", "SOURCE", "DEFAULT", "OWNER"});
    if (auto settings = body->getArray("settings"); !settings.isNull())
      for (std::size_t i = 0; i < settings->size(); ++i) {
        auto s = settings->getObject(static_cast<unsigned>(i));
        table.add({text(s, "name"), text(s, "value"), text(s, "source"), text(s, "default"), text(s, "owner")});
      }
    std::cout << "effective configuration of the localemu running on " << endpoint.url() << ":\n";
    table.print(std::cout);
    return 0;
  }
  std::cout << notRunning(endpoint) << "; the values this environment gives it:\n";
  TextTable table({"NAME", "VALUE", "SOURCE", "DEFAULT"});
  std::map<std::string, bool> shown;
  for (const auto& spec : host::hostOptions()) {
    auto it = env.find(spec.name);
    const bool set = it != env.end() && !it->second.empty();
    const std::string fallback = spec.defaultValue.value_or("-");
    table.add({spec.name, set ? it->second : fallback, set ? "environment" : spec.defaultValue ? "default" : "unset",
               fallback});
    shown[spec.name] = true;
  }
  for (const auto& [name, value] : env) {
    const bool ours = name.rfind("LAMBDA_", 0) == 0 || name.rfind("LOCALEMU_", 0) == 0 ||
                      name.rfind("SQS_", 0) == 0 || name.rfind("LOGS_", 0) == 0 || name == "DOCKER_HOST";
    if (ours && !shown.count(name) && name != "LOCALEMU_STATE_DIR" && !value.empty()) {
      table.add({name, value, "environment", "(plugin option)"});
    }
  }
  table.print(std::cout);
  std::cout << "(plugins declare their own options, with defaults: `awsemu config` lists them while localemu "
               "runs)\n";
  return 0;
}

int logsCommand(const StatePaths& paths, bool follow) {
  std::ifstream in(paths.logFile, std::ios::binary);
  if (!in) {
    std::cerr << "awsemu: no log at " << paths.logFile.string()
              << " (the log is written by `awsemu start --detach`)\n";
    return 1;
  }
  std::cout << in.rdbuf();
  std::cout.flush();
  if (!follow) return 0;
  std::signal(SIGINT, [](int) { interrupted = 1; });
  std::signal(SIGTERM, [](int) { interrupted = 1; });
  std::error_code ec;
  in.clear();
  auto offset = static_cast<std::uintmax_t>(in.tellg());
  char buffer[8192];
  while (!interrupted) {
    const auto size = fs::file_size(paths.logFile, ec);
    if (!ec && size < offset) {  // truncated by a new start
      in.close();
      in.open(paths.logFile, std::ios::binary);
      offset = 0;
    }
    if (!ec && size > offset) {
      in.clear();
      in.seekg(static_cast<std::streamoff>(offset));
      while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        std::cout.write(buffer, in.gcount());
        offset += static_cast<std::uintmax_t>(in.gcount());
      }
      std::cout.flush();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return 0;
}

}  // namespace localemu::cli
