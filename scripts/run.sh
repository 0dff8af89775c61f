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

# This machine cannot pull public.ecr.aws/lambda images: build local ones that keep
# their contract and map the runtimes to them, as an air-gapped mirror would.
step "runtime images (offline, from Debian packages)"
bash scripts/build-test-images.sh "$root/build/default"
LAMBDA_RUNTIME_IMAGE_MAPPING=$(cat "$root/build/default/test-images.json")
export LAMBDA_RUNTIME_IMAGE_MAPPING

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

step "deploy and invoke the sample function (samples/functions/hello-python) with the AWS CLI"
aws=/usr/bin/aws
[[ -x $aws ]] || aws=aws
work=$(mktemp -d)
(cd samples/functions/hello-python && python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],"w"); z.write("app.py"); z.close()' "$work/function.zip")
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
awsx() { "$aws" --endpoint-url "$endpoint" "$@"; }
awsx lambda create-function --function-name hello --runtime python3.12 --handler app.handler \
  --role arn:aws:iam::000000000000:role/lambda-role --zip-file "fileb://$work/function.zip" \
  --query '{FunctionArn: FunctionArn, State: State}'
awsx lambda wait function-active-v2 --function-name hello
awsx lambda invoke --function-name hello --payload '{"from": "scripts/run.sh"}' \
  --cli-binary-format raw-in-base64-out --log-type Tail "$work/out.json" --query 'LogResult' --output text |
  base64 -d
echo "response: $(cat "$work/out.json")"
grep -q '"hello from LocalEmu"' "$work/out.json"
awsx lambda delete-function --function-name hello
rm -rf "$work"

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
