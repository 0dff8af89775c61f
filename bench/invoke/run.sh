#!/usr/bin/env bash
# Invoke benchmarks, each beside a baseline measured in the same run:
#   warm invoke latency (p50/p99) and throughput with 1 and 4 callers, no-op
#   python handler, raw HTTP  <->  the gateway's own /_localemu/health round trip;
#   cold start (first invoke of a fresh environment)  <->  `docker run --rm` of
#   the same image.
#
#   bash bench/invoke/run.sh <build-dir> [--requests 2000] [--cold-runs 5]
# Needs the test images (scripts/build-test-images.sh <build-dir>) and a Docker engine.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
shift
requests=2000 cold_runs=5
while [[ $# -gt 0 ]]; do
  case $1 in
    --requests) requests=$2 ;;
    --cold-runs) cold_runs=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
mapping=$build/test-images.json
[[ -f $mapping ]] || bash "$root/scripts/build-test-images.sh" "$build" >/dev/null
image=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["python3.12"])' "$mapping")

LOCALEMU_ROOT=$root exec python3 - "$build" "$mapping" "$image" "$requests" "$cold_runs" <<'PY'
import json, os, statistics, subprocess, sys, time
build, mapping, image, requests, cold_runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
sys.path.insert(0, os.path.join(os.environ["LOCALEMU_ROOT"], "tests", "support", "python"))
from localemu_harness import LocalEmuHost, zip_bytes

host = LocalEmuHost(os.path.join(build, "bin", "localemu"),
                    env={"LAMBDA_RUNTIME_IMAGE_MAPPING": open(mapping).read(), "LOCALEMU_LOG_LEVEL": "warn"})
try:
    lam = host.client("lambda")
    code = zip_bytes({"app.py": "def handler(event, context):\n    return event\n"})
    lam.create_function(FunctionName="noop", Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                        Handler="app.handler", Code={"ZipFile": code})
    lam.get_waiter("function_active_v2").wait(FunctionName="noop", WaiterConfig={"Delay": 0.1})
    bench = os.path.join(build, "bin", "bench_invoke")

    def run(*args):
        out = subprocess.run([bench, "--port", str(host.port), *args], check=True, capture_output=True, text=True).stdout
        fields = dict(kv.split("=") for kv in out.split()[1:])
        return {k: float(v) for k, v in fields.items()}

    print("== warm invoke (no-op python handler) vs gateway health round trip")
    for c in (1, 4):
        base = run("--path", "/_localemu/health", "--requests", str(requests), "--concurrency", str(c))
        inv = run("--function", "noop", "--requests", str(requests), "--concurrency", str(c))
        print(f"callers={c}: invoke p50 {inv['p50_ms']:.3f} ms p99 {inv['p99_ms']:.3f} ms {inv['rps']:.0f}/s | "
              f"baseline p50 {base['p50_ms']:.3f} ms p99 {base['p99_ms']:.3f} ms {base['rps']:.0f}/s | "
              f"p50 ratio {inv['p50_ms'] / base['p50_ms']:.1f}x")

    print("== cold start (first invoke of a new environment) vs bare `docker run --rm` of the same image")
    cold, bare = [], []
    for i in range(cold_runs):
        lam.update_function_configuration(FunctionName="noop", Environment={"Variables": {"RUN": str(i)}})
        lam.get_waiter("function_updated_v2").wait(FunctionName="noop", WaiterConfig={"Delay": 0.05})
        t0 = time.perf_counter()
        lam.invoke(FunctionName="noop", Payload=b"{}")
        cold.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        subprocess.run(["docker", "run", "--rm", "--network", "host", "--entrypoint", "/bin/true", image], check=True)
        bare.append((time.perf_counter() - t0) * 1000)
    c, b = statistics.median(cold), statistics.median(bare)
    print(f"cold invoke median {c:.0f} ms | bare docker run median {b:.0f} ms | ratio {c / b:.2f}x (runs={cold_runs})")
finally:
    host.stop()
PY
