// app/application.hpp — the host's life: read and validate configuration,
// open the store, load and create plugins, start services, open the gateway,
// wait for SIGTERM/SIGINT, then shut down in reverse order.
//
// Threading: run() on the main thread, which must have blocked SIGTERM/SIGINT
// before any other thread was created (see main.cpp).
#pragma once

#include <memory>

namespace localemu::host {

class Settings;

class Application {
 public:
  explicit Application(Settings& settings);
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  // Starts everything; throws ConfigError or std::runtime_error when start-up fails.
  void start();
  // Blocks until SIGTERM or SIGINT arrives.
  void waitForTermination();
  // Stops services (pollers, invokes drain), closes the gateway, destroys plugins, closes the store.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace localemu::host
