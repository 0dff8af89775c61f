#!/usr/bin/env bash
# Reproducible benchmarks (see docs/benchmarks.md). Builds a preset (default:
# release), then runs each benchmark, printing its figures beside a baseline
# measured in the same run.
#
#   bash bench/run.sh [--preset release] [--build-dir DIR] [--only LIST] [--runs 10] [--idle-ms 1000]
#
# --build-dir uses an existing build instead of configuring and building a preset.
# --only picks benchmarks, comma-separated, from:
#   startup        start-up to healthy and idle RSS, all plugins  <-> a bare Poco server
#   control-plane  Lambda API latency                              <-> moto_server
#   invoke         warm invoke latency/throughput, docker cold start <-> health round trip, docker run
#   executors      cold and warm invoke on docker, podman, local   <-> docker/podman run, python3
#   esm            SQS SendMessage -> handler latency              <-> direct Invoke, SQS wake-up
#   sqs            SendMessage/s and long-poll wake-up             <-> moto_server
# Default: all of them (about 10 minutes on 2 cores). --runs and --idle-ms are
# the start-up benchmark's; each other benchmark runs with its own defaults.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

all=startup,control-plane,invoke,executors,esm,sqs
preset=release build_dir='' only=$all runs=10 idle_ms=1000
while [[ $# -gt 0 ]]; do
  case $1 in
    --preset) preset=$2 ;;
    --build-dir) build_dir=$2 ;;
    --only) only=$2 ;;
    --runs) runs=$2 ;;
    --idle-ms) idle_ms=$2 ;;
    *) echo "usage: $0 [--preset NAME] [--build-dir DIR] [--only $all] [--runs N] [--idle-ms MS]" >&2; exit 2 ;;
  esac
  shift 2
done
IFS=, read -ra selected <<<"$only"
for name in "${selected[@]}"; do
  [[ ,$all, == *,"$name",* ]] || { echo "bench/run.sh: unknown benchmark '$name' (known: $all)" >&2; exit 2; }
done
wants() { [[ ,$only, == *,"$1",* ]]; }

if [[ -z $build_dir ]]; then
  build_dir="$root/build/$preset"
  cmake --preset "$preset" >/dev/null
  # Only what the benchmarks run: the host, every plugin module, the bench programs.
  mapfile -t plugin_outputs < <(ninja -C "$build_dir" -t targets all | sed -n 's|^\(lib/localemu/plugins/[^:]*\.so\):.*|\1|p')
  ninja -C "$build_dir" localemu bench_startup baseline_server bench_control_plane bench_invoke bench_sqs "${plugin_outputs[@]}"
fi
build_dir=$(cd "$build_dir" && pwd)

# The executor plugins talk to a Docker engine; the invoke benchmarks run functions in it.
bash scripts/start-dockerd.sh
if wants invoke || wants executors || wants esm; then
  bash scripts/build-test-images.sh "$build_dir" >/dev/null
fi

if wants startup; then
  log_dir=$(mktemp -d "${TMPDIR:-/tmp}/localemu-bench.XXXXXX")
  plugins=("$build_dir"/lib/localemu/plugins/*.so)
  [[ -e ${plugins[0]} ]] || plugins=()
  echo
  echo "== start-up and idle memory ($(nproc) cores, $(uname -r), build: $build_dir)"
  echo "   plugins loaded: ${#plugins[@]} ($(for p in "${plugins[@]}"; do basename "$p" .so; done | paste -sd' ' -))"
  "$build_dir/bin/bench_startup" --host "$build_dir/bin/localemu" --baseline "$build_dir/bin/baseline_server" \
    --runs "$runs" --idle-ms "$idle_ms" --log-dir "$log_dir"
  rm -rf "$log_dir"
fi

for name in control-plane invoke executors esm sqs; do
  wants "$name" || continue
  echo
  echo "== $name (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  bash "bench/$name/run.sh" "$build_dir"
done
