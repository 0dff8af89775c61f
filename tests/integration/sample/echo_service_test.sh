#!/usr/bin/env bash
# Installs the LocalEmu build into a temporary prefix, builds samples/echo-service
# out of tree against it (warnings are errors), starts the host with only that
# plugin on a free port, checks the echo through the gateway, and checks that the
# host exits 0 on SIGTERM.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=SCRIPTDIR/../../../scripts/lib/host.sh
source "$here/../../../scripts/lib/host.sh"

build_dir='' sample_dir='' host_bin='' cmake_bin=cmake generator=Ninja cxx=''
while [[ $# -gt 0 ]]; do
  case $1 in
    --build-dir) build_dir=$2 ;;
    --sample-dir) sample_dir=$2 ;;
    --host) host_bin=$2 ;;
    --cmake) cmake_bin=$2 ;;
    --generator) generator=$2 ;;
    --cxx) cxx=$2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift 2
done
[[ -n $build_dir && -n $sample_dir && -n $host_bin ]] || { echo "usage: $0 --build-dir D --sample-dir D --host BIN" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/localemu-sample.XXXXXX")
cleanup() {
  localemu_stop_host 5 >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  [[ -f $work/host.log ]] && { echo "--- host log" >&2; tail -n 40 "$work/host.log" >&2; }
  exit 1
}

echo "--- install $build_dir into $work/prefix"
"$cmake_bin" --install "$build_dir" --prefix "$work/prefix" >"$work/install.log" || { cat "$work/install.log" >&2; fail "install"; }
[[ -f $work/prefix/lib/cmake/LocalEmu/LocalEmuConfig.cmake ]] || fail "the install has no LocalEmuConfig.cmake"

echo "--- configure and build samples/echo-service out of tree"
configure_args=(-S "$sample_dir" -B "$work/echo" -G "$generator" -DCMAKE_PREFIX_PATH="$work/prefix"
                -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS=-Werror)
[[ -n $cxx ]] && configure_args+=(-DCMAKE_CXX_COMPILER="$cxx")
"$cmake_bin" "${configure_args[@]}" >"$work/configure.log" 2>&1 || { cat "$work/configure.log" >&2; fail "configure the sample"; }
"$cmake_bin" --build "$work/echo" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "build the sample"; }
plugin="$work/echo/echo_service.so"
[[ -f $plugin ]] || fail "no $plugin"
exported=$(nm -D --defined-only "$plugin" | awk '$2 == "T" || $2 == "D" || $2 == "B" {print $3}')
[[ $exported == localemu_plugin_entry ]] || fail "the plugin must export only localemu_plugin_entry, exports: $exported"

port=$(localemu_free_port)
echo "--- start $host_bin on 127.0.0.1:$port with LOCALEMU_PLUGIN_PATH=$work/echo"
LOCALEMU_PLUGIN_PATH="$work/echo" localemu_start_host "$host_bin" "$port" "$work/host.log"
localemu_wait_healthy "$port" 30 || fail "host not healthy"
base="http://127.0.0.1:$port"

curl -fsS "$base/_localemu/plugins" -o "$work/plugins.json" || fail "GET /_localemu/plugins"
grep -q '"sample-echo"' "$work/plugins.json" || fail "sample-echo is not listed by /_localemu/plugins: $(cat "$work/plugins.json")"

echo "--- POST /_sample/echo"
payload='hello from an out-of-tree plugin {"n": 1}'
status=$(curl -sS -o "$work/body" -D "$work/headers" -w '%{http_code}' -X POST \
  -H 'Content-Type: text/plain' --data-binary "$payload" "$base/_sample/echo")
[[ $status == 200 ]] || fail "status $status, body: $(cat "$work/body")"
[[ $(cat "$work/body") == "$payload" ]] || fail "echoed body differs: $(cat "$work/body")"
grep -qi '^X-Echo-Plugin: sample-echo' "$work/headers" || fail "no X-Echo-Plugin header: $(cat "$work/headers")"
grep -qi '^Content-Type: text/plain' "$work/headers" || fail "Content-Type not echoed: $(cat "$work/headers")"

echo "--- GET /_sample/echo/sub/path"
status=$(curl -sS -o "$work/body" -D "$work/headers" -w '%{http_code}' "$base/_sample/echo/sub/path")
[[ $status == 200 ]] || fail "GET under the prefix: status $status"
grep -qi '^X-Echo-Method: GET' "$work/headers" || fail "no X-Echo-Method: GET header: $(cat "$work/headers")"
[[ ! -s $work/body ]] || fail "GET without a body must echo nothing, got: $(cat "$work/body")"

echo "--- SIGTERM"
rc=0
localemu_stop_host 10 || rc=$?
[[ $rc -eq 0 ]] || fail "host exited with status $rc after SIGTERM"

echo "PASS: the out-of-tree sample plugin built, loaded and echoed through the gateway"
