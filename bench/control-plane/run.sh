#!/usr/bin/env bash
# Lambda control-plane latency (p50/p99) of LocalEmu beside moto_server (the
# emulator LocalStack's Lambda API descends from), measured in the same run by
# the same client (bench_control_plane: raw HTTP/1.1, one keep-alive connection):
#   CreateFunction with a distinct 1 MiB zip (incompressible, base64 in JSON),
#     timed while the account grows from functions-creates to `functions`;
#   GetFunction;
#   ListFunctions, one call: the first page a client gets (LocalEmu: 50 and a
#     NextMarker, as AWS; moto: every function);
#   ListFunctions, all: one sample = the full listing of all functions (LocalEmu
#     pages at 50 like AWS and is walked through NextMarker; moto answers all in
#     one page);
#   PublishVersion, each after a configuration change, so each makes a version;
#   and LocalEmu's health round trip, the least any operation can cost, and a
#     POST of a create-sized body to it, the least a CreateFunction can cost.
#
#   bash bench/control-plane/run.sh <build-dir> [--functions 1000] [--creates 100]
#        [--gets 1000] [--lists 20] [--publishes 100] [--persistence 0|1]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:?build dir}" && pwd)
shift
functions=1000 creates=100 gets=1000 lists=20 publishes=100 persistence=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --functions) functions=$2 ;;
    --creates) creates=$2 ;;
    --gets) gets=$2 ;;
    --lists) lists=$2 ;;
    --publishes) publishes=$2 ;;
    --persistence) persistence=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
command -v moto_server >/dev/null || { echo "moto_server is not installed: no baseline" >&2; exit 1; }

LOCALEMU_ROOT=$root exec python3 - "$build" "$functions" "$creates" "$gets" "$lists" "$publishes" "$persistence" <<'PY'
import os, shutil, subprocess, sys, tempfile
build, functions, creates, gets, lists, publishes, persistence = sys.argv[1:8]
sys.path.insert(0, os.path.join(os.environ["LOCALEMU_ROOT"], "tests", "support", "python"))
from localemu_harness import LocalEmuHost, MotoServer

bench = os.path.join(build, "bin", "bench_control_plane")


def run(port, role, floor_path=None):
    out = subprocess.run([bench, "--port", str(port), "--role", role, "--functions", functions, "--creates", creates,
                          "--gets", gets, "--lists", lists, "--publishes", publishes]
                         + (["--floor-path", floor_path] if floor_path else []),
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bench_control_plane against port {port} failed ({out.returncode}): {out.stderr.strip()}")
    out = out.stdout
    figures = {}
    for line in out.splitlines():
        phase, *pairs = line.split()
        figures[phase] = dict(kv.split("=") for kv in pairs)
    return figures


env = {"SERVICES": "lambda", "LOCALEMU_LOG_LEVEL": "warn"}
data = None
if persistence == "1":
    data = tempfile.mkdtemp(prefix="cp-bench-")
    env.update({"PERSISTENCE": "1", "LOCALEMU_DATA_DIR": data})
host = LocalEmuHost(os.path.join(build, "bin", "localemu"), env=env)
try:
    ours = run(host.port, "arn:aws:iam::000000000000:role/bench", "/_localemu/health")
finally:
    host.stop()
    if data:
        shutil.rmtree(data, ignore_errors=True)

with MotoServer() as moto:
    import boto3
    iam = boto3.client("iam", endpoint_url=f"http://127.0.0.1:{moto.port}", region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="test")
    role = iam.create_role(RoleName="bench", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    theirs = run(moto.port, role)

labels = {"create": "CreateFunction (1 MiB zip)", "get": "GetFunction",
          "page": "ListFunctions, one call", "list": f"ListFunctions, all {functions}",
          "publish": "PublishVersion"}
print(f"== Lambda control plane, LocalEmu ({'PERSISTENCE=1' if persistence == '1' else 'in-memory store'}) "
      f"vs moto_server, {functions} functions")
print(f"{'operation':30} {'LocalEmu p50':>13} {'p99':>9} {'moto p50':>10} {'p99':>9} {'p50 ratio':>10}")
for phase, label in labels.items():
    a, b = ours[phase], theirs[phase]
    errors = int(a["errors"]) + int(b["errors"])
    print(f"{label:30} {float(a['p50_ms']):>10.3f} ms {float(a['p99_ms']):>9.3f} {float(b['p50_ms']):>7.3f} ms "
          f"{float(b['p99_ms']):>9.3f} {float(b['p50_ms']) / float(a['p50_ms']):>9.1f}x"
          + (f"  (errors: {errors})" if errors else ""))
floor = ours["floor"]
print(f"{'LocalEmu health (the floor)':30} {float(floor['p50_ms']):>10.3f} ms {float(floor['p99_ms']):>9.3f}"
      f"{'':>30}(any operation's least round trip)")
body = ours["body_floor"]
print(f"{'POST of a create-sized body':30} {float(body['p50_ms']):>10.3f} ms {float(body['p99_ms']):>9.3f}"
      f"{'':>30}(CreateFunction's least round trip: {body['body_bytes']} bytes sent, read, 405)")
print(f"20x moto's CreateFunction p50 is {float(theirs['create']['p50_ms']) / 20:.3f} ms")
print(f"samples: create {ours['create']['n']} (zip {ours['create']['zip_bytes']} bytes), get {ours['get']['n']}, "
      f"list call {ours['page']['n']} (LocalEmu returns {ours['page']['functions']} functions, "
      f"moto {theirs['page']['functions']}), list {ours['list']['n']} walks (LocalEmu {ours['list']['pages']} pages, moto {theirs['list']['pages']}), "
      f"publish {ours['publish']['n']}")
PY
