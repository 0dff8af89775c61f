// localemu — the LocalEmu host executable. Configuration comes from the
// environment (docs/configuration.md); it runs until SIGTERM or SIGINT.
#include <malloc.h>

#include <csignal>
#include <cstdio>
#include <exception>

#include "app/application.hpp"
#include "config/settings.hpp"

extern char** environ;

namespace {

// Request bodies of MiBs (deployment packages, base64) are allocated and freed
// several times per request. glibc's adaptive thresholds would return the freed
// space to the kernel after each request (trim, munmap) and fault it in, zeroed,
// on the next: a third of a 1 MiB CreateFunction went to page faults. Fixed
// thresholds keep up to 32 MiB of free space per arena; larger blocks are
// mapped and unmapped as before.
void keepRequestSizedMemory() {
  constexpr int kThreshold = 32 << 20;
  mallopt(M_MMAP_THRESHOLD, kThreshold);
  mallopt(M_TRIM_THRESHOLD, kThreshold);
}

}  // namespace

int main() {
  keepRequestSizedMemory();
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
