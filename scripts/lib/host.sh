# shellcheck shell=bash
# Helpers to run a `localemu` host from bash; sourced by scripts/run.sh,
# bench/run.sh and the integration tests. Needs curl and python3.
#
#   localemu_free_port                 prints a free TCP port on 127.0.0.1
#   localemu_start_host BIN PORT LOG   starts BIN on 127.0.0.1:PORT in the background,
#                                      sets LOCALEMU_HOST_PID; extra env is inherited
#   localemu_wait_healthy PORT SECS    waits until /_localemu/health answers 200
#   localemu_stop_host [SECS]          SIGTERM, waits (default 10 s), returns the exit code;
#                                      SIGKILL and status 124 when it does not stop in time

localemu_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

localemu_start_host() {
  local bin=$1 port=$2 log=$3
  GATEWAY_LISTEN="127.0.0.1:${port}" "$bin" </dev/null >"$log" 2>&1 &
  LOCALEMU_HOST_PID=$!
}

localemu_wait_healthy() {
  local port=$1 secs=${2:-30} i
  for ((i = 0; i < secs * 20; i++)); do
    if curl -fsS -o /dev/null "http://127.0.0.1:${port}/_localemu/health" 2>/dev/null; then
      return 0
    fi
    if [[ -n ${LOCALEMU_HOST_PID:-} ]] && ! kill -0 "$LOCALEMU_HOST_PID" 2>/dev/null; then
      echo "localemu (pid $LOCALEMU_HOST_PID) exited before it became healthy" >&2
      return 1
    fi
    sleep 0.05
  done
  echo "localemu was not healthy on port $port within $secs s" >&2
  return 1
}

localemu_stop_host() {
  local secs=${1:-10} pid=${LOCALEMU_HOST_PID:-} i rc
  [[ -n $pid ]] || return 0
  LOCALEMU_HOST_PID=
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < secs * 20; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "localemu (pid $pid) did not stop within $secs s of SIGTERM; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    return 124
  fi
  rc=0
  wait "$pid" || rc=$?
  return "$rc"
}
