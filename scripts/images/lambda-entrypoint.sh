#!/bin/sh
# The ENTRYPOINT of LocalEmu's test runtime images, with the contract of the
# official Lambda images' /lambda-entrypoint.sh:
#   - exactly one argument, the handler (the image's CMD), else exit 142;
#   - exports it as _HANDLER;
#   - with AWS_LAMBDA_RUNTIME_API set, execs /var/runtime/bootstrap (no arguments).
# The official images start the Runtime Interface Emulator when
# AWS_LAMBDA_RUNTIME_API is unset; these images do not ship one.

if [ $# -ne 1 ]; then
  echo "entrypoint requires the handler name to be the first argument" 1>&2
  exit 142
fi
export _HANDLER="$1"

RUNTIME_ENTRYPOINT=/var/runtime/bootstrap
if [ -z "${AWS_LAMBDA_RUNTIME_API}" ]; then
  echo "AWS_LAMBDA_RUNTIME_API is not set: this LocalEmu test image has no Runtime Interface Emulator;" \
    "run it from LocalEmu, or set AWS_LAMBDA_RUNTIME_API=host:port of a Runtime API" 1>&2
  exit 1
fi
exec "$RUNTIME_ENTRYPOINT"
