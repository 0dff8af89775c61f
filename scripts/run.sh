#!/usr/bin/env bash
# THE main job: installs what is needed, builds the `default` preset, starts the
# emulator on GATEWAY_LISTEN (default 127.0.0.1:4566), exercises it, and stops it
# cleanly with SIGTERM. Exits non-zero if any step fails.
#
#   bash scripts/run.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=SCRIPTDIR/lib/host.sh
source scripts/lib/host.sh

step() { printf '\n==> %s\n' "$*"; }

step "dependencies"
bash scripts/install-deps.sh

step "docker engine"
bash scripts/start-dockerd.sh

step "configure and build (preset default)"
cmake --preset default
cmake --build --preset default

listen=${GATEWAY_LISTEN:-127.0.0.1:4566}
port=${listen##*:}
endpoint="http://127.0.0.1:${port}"
log_file="$root/build/default/localemu-run.log"

step "start localemu on $listen (log: $log_file)"
if curl -fsS -o /dev/null "$endpoint/_localemu/health" 2>/dev/null; then
  echo "something already answers on $listen; stop it or set GATEWAY_LISTEN=127.0.0.1:<port>" >&2
  exit 1
fi
trap 'localemu_stop_host 5 >/dev/null 2>&1 || true' EXIT
localemu_start_host "$root/build/default/bin/localemu" "$port" "$log_file"
start_ns=$(date +%s%N)
if ! localemu_wait_healthy "$port" 30; then
  tail -n 30 "$log_file" >&2
  exit 1
fi
echo "healthy (pid $LOCALEMU_HOST_PID), seen $((($(date +%s%N) - start_ns) / 1000000)) ms after start by a 50 ms curl poll"

step "health"
curl -fsS "$endpoint/_localemu/health" | python3 -m json.tool

step "plugins"
curl -fsS "$endpoint/_localemu/plugins" | python3 -m json.tool

# ---------------------------------------------------------------------------
# SAMPLE FUNCTION INVOCATION GOES HERE (to be wired when the Lambda service lands):
#   create the sample python function from samples/, invoke it through the
#   gateway at $endpoint (AWS CLI v2 at /usr/bin/aws with --endpoint-url, or
#   boto3), print its answer, and delete it.
# ---------------------------------------------------------------------------

step "stop (SIGTERM)"
trap - EXIT
rc=0
localemu_stop_host 10 || rc=$?
if [[ $rc -ne 0 ]]; then
  echo "localemu exited with status $rc; last lines of $log_file:" >&2
  tail -n 30 "$log_file" >&2
  exit "$rc"
fi
echo "localemu stopped cleanly"
