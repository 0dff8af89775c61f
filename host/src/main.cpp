// localemu — the LocalEmu host executable. Configuration comes from the
// environment (docs/configuration.md); it runs until SIGTERM or SIGINT.
#include <csignal>
#include <cstdio>
#include <exception>

#include "app/application.hpp"
#include "config/settings.hpp"

extern char** environ;

int main() {
  // Block the termination signals before any thread starts so that only
  // Application::waitForTermination() receives them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  try {
    auto settings = localemu::host::Settings::fromEnvironment(environ);
    localemu::host::Application app(settings);
    app.start();
    app.waitForTermination();
    app.stop();
    return 0;
  } catch (const localemu::host::ConfigError& e) {
    std::fprintf(stderr, "localemu: configuration error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "localemu: %s\n", e.what());
    return 1;
  }
}
