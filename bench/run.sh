#!/usr/bin/env bash
# Reproducible benchmarks (see docs/benchmarks.md). Builds a preset (default:
# release), then runs each benchmark, printing its figures beside a baseline
# measured in the same run.
#
#   bash bench/run.sh [--preset release] [--build-dir DIR] [--runs 10] [--idle-ms 1000]
#
# --build-dir uses an existing build instead of configuring and building a preset.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

preset=release build_dir='' runs=10 idle_ms=1000
while [[ $# -gt 0 ]]; do
  case $1 in
    --preset) preset=$2 ;;
    --build-dir) build_dir=$2 ;;
    --runs) runs=$2 ;;
    --idle-ms) idle_ms=$2 ;;
    *) echo "usage: $0 [--preset NAME] [--build-dir DIR] [--runs N] [--idle-ms MS]" >&2; exit 2 ;;
  esac
  shift 2
done

if [[ -z $build_dir ]]; then
  build_dir="$root/build/$preset"
  cmake --preset "$preset" >/dev/null
  # Only what the benchmarks run: the host, every plugin module, the bench programs.
  mapfile -t plugin_outputs < <(ninja -C "$build_dir" -t targets all | sed -n 's|^\(lib/localemu/plugins/[^:]*\.so\):.*|\1|p')
  ninja -C "$build_dir" localemu bench_startup baseline_server "${plugin_outputs[@]}"
fi
build_dir=$(cd "$build_dir" && pwd)

# The executor plugins talk to a Docker engine at start-up: give them one.
bash scripts/start-dockerd.sh

log_dir=$(mktemp -d "${TMPDIR:-/tmp}/localemu-bench.XXXXXX")
plugins=("$build_dir"/lib/localemu/plugins/*.so)
[[ -e ${plugins[0]} ]] || plugins=()

echo
echo "== start-up and idle memory ($(nproc) cores, $(uname -r), build: $build_dir)"
echo "   plugins loaded: ${#plugins[@]} ($(for p in "${plugins[@]}"; do basename "$p" .so; done | paste -sd' ' -))"
"$build_dir/bin/bench_startup" --host "$build_dir/bin/localemu" --baseline "$build_dir/bin/baseline_server" \
  --runs "$runs" --idle-ms "$idle_ms" --log-dir "$log_dir"
rm -rf "$log_dir"
