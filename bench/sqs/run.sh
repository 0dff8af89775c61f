#!/usr/bin/env bash
# SQS benchmarks beside a baseline measured in the same run (moto_server, the
# emulator LocalStack's SQS descends from), same operations, same client:
#   SendMessage/s with 1 and 4 keep-alive clients (JSON protocol, raw HTTP),
#   long-poll wake-up latency (ReceiveMessage waiting; another connection sends),
#   and the gateway's own health round trip as the ceiling of any service behind it.
#
#   bash bench/sqs/run.sh <build-dir> [--seconds 3] [--rounds 30]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
shift
seconds=3 rounds=30
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2 ;;
    --rounds) rounds=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done

LOCALEMU_ROOT=$root exec python3 - "$build" "$seconds" "$rounds" <<'PY'
import os, shutil, subprocess, sys, tempfile
build, seconds, rounds = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.join(os.environ["LOCALEMU_ROOT"], "tests", "support", "python"))
from localemu_harness import LocalEmuHost, MotoServer

bench = os.path.join(build, "bin", "bench_sqs")

def run(port, *args):
    out = subprocess.run([bench, "--port", str(port), *args], check=True, capture_output=True, text=True).stdout
    return dict(kv.split("=") for kv in out.split()[1:])

def figures(port, tag):
    s1 = run(port, "--mode", "send", "--clients", "1", "--seconds", seconds, "--queue", tag)
    s4 = run(port, "--mode", "send", "--clients", "4", "--seconds", seconds, "--queue", tag)
    w = run(port, "--mode", "wake", "--rounds", rounds, "--queue", tag)
    return s1, s4, w

results = {}
host = LocalEmuHost(os.path.join(build, "bin", "localemu"), env={"SERVICES": "sqs", "LOCALEMU_LOG_LEVEL": "warn"})
try:
    results["localemu (memory)"] = figures(host.port, "mem")
    h1 = run(host.port, "--mode", "health", "--clients", "1", "--seconds", seconds)
    h4 = run(host.port, "--mode", "health", "--clients", "4", "--seconds", seconds)
finally:
    host.stop()
data = tempfile.mkdtemp(prefix="sqs-bench-")
host = LocalEmuHost(os.path.join(build, "bin", "localemu"),
                    env={"SERVICES": "sqs", "LOCALEMU_LOG_LEVEL": "warn", "PERSISTENCE": "1", "LOCALEMU_DATA_DIR": data})
try:
    results["localemu (PERSISTENCE=1)"] = figures(host.port, "disk")
finally:
    host.stop()
    shutil.rmtree(data, ignore_errors=True)
if shutil.which("moto_server"):
    with MotoServer() as moto:
        results["moto_server (baseline)"] = figures(moto.port, "moto")

print(f"gateway alone (GET /_localemu/health): {float(h1['per_second']):.0f}/s with 1 client, "
      f"{float(h4['per_second']):.0f}/s with 4 clients")
print(f"{'server':26} {'send/s 1 client':>16} {'send/s 4 clients':>17} {'wake p50 ms':>12} {'wake p99 ms':>12}")
for name, (s1, s4, w) in results.items():
    print(f"{name:26} {float(s1['per_second']):>16.0f} {float(s4['per_second']):>17.0f} "
          f"{float(w.get('p50_ms', 'nan')):>12.2f} {float(w.get('p99_ms', 'nan')):>12.2f}")
PY
