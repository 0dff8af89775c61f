#!/usr/bin/env bash
# THE test command: installs what is needed, starts a Docker engine, builds the
# `test` preset (Debug: the whole tree compiles about twice as fast as the
# optimised `default`) and runs the whole CTest suite. Exits non-zero on any failure;
# the last thing printed is ctest's own summary.
#
#   bash scripts/test.sh
#
# LOCALEMU_TEST_TIMEOUT  per-test timeout in seconds (default 600)
# LOCALEMU_TEST_JOBS     tests run in parallel (default 2)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

step() { printf '\n==> %s\n' "$*"; }

step "dependencies"
bash scripts/install-deps.sh

step "docker engine"
bash scripts/start-dockerd.sh

step "configure (preset test)"
cmake --preset test

step "build (preset test)"
cmake --build --preset test

step "test (preset test)"
exec ctest --preset test --parallel "${LOCALEMU_TEST_JOBS:-2}" --output-on-failure \
  --timeout "${LOCALEMU_TEST_TIMEOUT:-600}"
