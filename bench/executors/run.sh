#!/usr/bin/env bash
# Executors benchmark: the same python no-op function on docker, podman and local,
# each figure beside a baseline measured in the same run, as a ratio:
#   cold start (first invoke of a new environment, through the gateway)  <->
#       local: a bare `python3 -c pass` spawn of the interpreter the executor runs;
#       docker / podman: `docker run --rm` / `podman run --rm` (rootful, with the
#       executor's ulimits) of the same image;
#   warm invoke (p50/p99, one caller)  <->  the gateway's own /_localemu/health round trip.
# For local it also shows where the cold start goes: `python3 -S -c pass` (the
# interpreter as the executor starts it) and the python runtime client alone
# (spawn -> its first GET /invocation/next on a bare socket), the same for node
# beside `node empty.js`, and checks the goal "local cold start p50 <= 50 ms".
#
#   bash bench/executors/run.sh <build-dir> [--cold-runs 10] [--requests 1000] [--executors docker,podman,local]
# Needs the test images (scripts/build-test-images.sh; with LOCALEMU_IMAGES_PODMAN=1
# for podman), a Docker engine, podman (run as root), and the build's localemu,
# plugins and bench_invoke.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
shift
cold_runs=10 requests=1000 executors=docker,podman,local
while [[ $# -gt 0 ]]; do
  case $1 in
    --cold-runs) cold_runs=$2 ;;
    --requests) requests=$2 ;;
    --executors) executors=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
mapping=$build/test-images.json
if [[ ,$executors, == *,podman,* ]]; then
  LOCALEMU_IMAGES_PODMAN=1 bash "$root/scripts/build-test-images.sh" "$build" >/dev/null
else
  bash "$root/scripts/build-test-images.sh" "$build" >/dev/null
fi

echo "commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- runtimes plugins/executor-* || echo '+local changes')," \
  "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "build $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")"

LOCALEMU_ROOT=$root exec python3 - "$build" "$mapping" "$cold_runs" "$requests" "$executors" <<'PY'
import http.client, json, os, socket, statistics, subprocess, sys, tempfile, time
build, mapping, cold_runs, requests, executors = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].split(",")
root = os.environ["LOCALEMU_ROOT"]
sys.path.insert(0, os.path.join(root, "tests", "support", "python"))
from localemu_harness import LocalEmuHost, zip_bytes

image = json.load(open(mapping))["python3.12"]
python = subprocess.run(["python3", "-c", "import sys; print(sys.executable)"], capture_output=True, text=True,
                        check=True).stdout.strip()  # the interpreter a pyenv shim runs, as the executor resolves it
code = zip_bytes({"app.py": "def handler(event, context):\n    return event\n"})
# Processes started as the local executor starts them see only Lambda's variables, not this shell's
# (NODE_EXTRA_CA_CERTS alone costs node ~100 ms): the local baselines run with the same few.
CLEAN_ENV = {"PATH": "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin", "LANG": "en_US.UTF-8", "TZ": ":UTC"}


LIMITS = ["--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]
BASELINE = {
    "docker": ("`docker run --rm`", ["docker", "run", "--rm", "--network", "host", *LIMITS, "--entrypoint", "/bin/true", image], None),
    "podman": ("`podman run --rm`", ["podman", "run", "--rm", "--network", "host", *LIMITS, "--entrypoint", "/bin/true", image], None),
    "local": ("`python3 -c pass`", [python, "-c", "pass"], CLEAN_ENV),
}


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, -(-len(ordered) * p // 100) - 1))]


def timed(fn):
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def spawn(argv, env=None):
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def client_alone(argv, files, handler, env_path):
    """A runtime client as the local executor starts it, until its first GET /next on a bare socket."""
    task = tempfile.mkdtemp(prefix="bench-exec-")
    for name, text in files.items():
        with open(os.path.join(task, name), "w") as f:
            f.write(text)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    env = {**CLEAN_ENV, "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:%d" % server.getsockname()[1], "LAMBDA_TASK_ROOT": task,
           "_HANDLER": handler, env_path: task, "LAMBDA_RUNTIME_DIR": os.path.dirname(argv[-1])}
    t0 = time.perf_counter()
    proc = subprocess.Popen([*argv, handler], env=env, cwd=task)
    conn, _ = server.accept()
    data = b""
    while b"\r\n\r\n" not in data:
        data += conn.recv(4096)
    elapsed = (time.perf_counter() - t0) * 1000
    proc.kill()
    proc.wait()
    conn.close()
    server.close()
    return elapsed


PYTHON_CLIENT = ([python, "-S", os.path.join(root, "runtimes", "python", "client.py")],
                 {"app.py": "def handler(event, context):\n    return event\n"}, "app.handler", "PYTHONPATH")
EMPTY_JS = os.path.join(tempfile.mkdtemp(prefix="bench-exec-"), "empty.js")
open(EMPTY_JS, "w").close()
NODE_CLIENT = (["node", os.path.join(root, "runtimes", "node", "client.cjs")],
               {"index.js": "exports.handler = async (event) => event;\n"}, "index.handler", "NODE_PATH")


def invoke(port, name):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("POST", "/2015-03-31/functions/%s/invocations" % name, body=b"{}")
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200 or response.getheader("X-Amz-Function-Error"):
        raise RuntimeError("invoke %s: %d %r" % (name, response.status, body[:300]))


def bench_invoke(port, *args):
    out = subprocess.run([os.path.join(build, "bin", "bench_invoke"), "--port", str(port), *args], check=True,
                         capture_output=True, text=True).stdout
    return {k: float(v) for k, v in (kv.split("=") for kv in out.split()[1:])}


def fmt(values):
    return "p50 %6.1f ms p99 %6.1f ms" % (statistics.median(values), pct(values, 99))


summary = {}
for executor in executors:
    env = {"LAMBDA_RUNTIME_EXECUTOR": executor, "LAMBDA_RUNTIME_IMAGE_MAPPING": open(mapping).read(),
           "LOCALEMU_LOG_LEVEL": "warn", "LAMBDA_LOCAL_PYTHON": python}
    host = LocalEmuHost(os.path.join(build, "bin", "localemu"), env=env)
    try:
        lam = host.client("lambda")
        names = ["warmup"] + ["noop%d" % i for i in range(cold_runs)]
        for name in names:
            lam.create_function(FunctionName=name, Runtime="python3.12", Role="arn:aws:iam::000000000000:role/r",
                                Handler="app.handler", Code={"ZipFile": code})
        for name in names:
            lam.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.1})
        invoke(host.port, "warmup")  # the engine, the image and the page cache, once
        label, argv, argv_env = BASELINE[executor]
        spawn(argv, argv_env)
        cold, bare = [], []
        extra = {"`python3 -S -c pass`": [], "python runtime client alone (spawn -> first GET /next)": [],
                 "`node empty.js`": [], "node runtime client alone (spawn -> first GET /next)": []}
        for name in names[1:]:
            cold.append(timed(lambda: invoke(host.port, name)))
            bare.append(timed(lambda: spawn(argv, argv_env)))
            if executor == "local":
                values = iter(extra.values())
                next(values).append(timed(lambda: spawn([python, "-S", "-c", "pass"], CLEAN_ENV)))
                next(values).append(client_alone(*PYTHON_CLIENT))
                next(values).append(timed(lambda: spawn(["node", EMPTY_JS], CLEAN_ENV)))
                next(values).append(client_alone(*NODE_CLIENT))
        base = bench_invoke(host.port, "--path", "/_localemu/health", "--requests", str(requests))
        warm = bench_invoke(host.port, "--function", "noop0", "--requests", str(requests))
        print("== %s" % executor + (" (interpreter %s)" % python if executor == "local" else " (image %s)" % image))
        print("cold start   %s | baseline %-18s %s | p50 ratio %.2fx (runs=%d)"
              % (fmt(cold), label, fmt(bare), statistics.median(cold) / statistics.median(bare), cold_runs))
        for what, values in extra.items() if executor == "local" else ():
            print("             %s: %s" % (what, fmt(values)))
        print("warm invoke  p50 %6.3f ms p99 %6.3f ms | baseline health round trip p50 %6.3f ms p99 %6.3f ms | "
              "p50 ratio %.1fx (requests=%d)" % (warm["p50_ms"], warm["p99_ms"], base["p50_ms"], base["p99_ms"],
                                                 warm["p50_ms"] / base["p50_ms"], requests))
        summary[executor] = statistics.median(cold)
    finally:
        host.stop()

if "local" in summary:
    verdict = "MET" if summary["local"] <= 50 else "MISSED"
    print("goal: local cold start p50 <= 50 ms: %s (%.1f ms)" % (verdict, summary["local"]))
PY
