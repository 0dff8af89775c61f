#!/usr/bin/env bash
# Builds LocalEmu's offline test runtime images and writes the runtime -> image
# mapping tests give the host as LAMBDA_RUNTIME_IMAGE_MAPPING.
#
#   bash scripts/build-test-images.sh [out-dir]      (default: <repo>/build)
#
# Images (Debian 12 + the project's runtime clients from runtimes/, with the
# official Lambda images' contract: ENTRYPOINT /lambda-entrypoint.sh, handler as
# CMD, /var/task, /var/runtime/bootstrap, /opt, their PATH/LANG/TZ):
#   localemu/test-base:<base-hash>     debootstrap minbase + scripts/images/packages.txt, `docker import`ed
#   localemu/test-python:<hash>        python3.11, runtimes/python/ (bootstrap, client.py, localemu_runtime.py + .pyc)
#   localemu/test-nodejs:<hash>        nodejs 18, runtimes/node/bootstrap
#   localemu/test-provided:<hash>      runs the function's own /var/task/bootstrap or /opt/bootstrap
#   localemu/test-provided-bare:<hash> no /var/runtime/bootstrap, as the official provided.al2/al2023 images
# <base-hash> digests the rootfs inputs (packages.txt, rootfs.sh); <hash>
# digests every input (this script, scripts/images/, runtimes/). An existing
# tag is not rebuilt; the rootfs tarball is cached as
# $LOCALEMU_IMAGE_CACHE/rootfs-<base-hash>.tar (default /var/cache/localemu-images),
# so a change of a runtime client rebuilds the images without downloading Debian again.
#
# Writes <out-dir>/test-images.json: {"python3.12": "localemu/test-python:<hash>", ...}
# for every python3.x, nodejs* and provided* runtime of the Lambda model, and
# <out-dir>/test-images-strict.json, the same with provided* -> test-provided-bare.
#
# LOCALEMU_IMAGE_CACHE   rootfs tarball cache (default /var/cache/localemu-images)
# LOCALEMU_IMAGES_PODMAN 1: also copy the images into podman's storage (docker save | podman load)
# Needs root (debootstrap, chroot) and a running Docker engine (scripts/start-dockerd.sh).
set -euo pipefail
umask 022

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out_dir=${1:-$root/build}
cache=${LOCALEMU_IMAGE_CACHE:-/var/cache/localemu-images}
images=$root/scripts/images
started=$SECONDS

log() { printf 'build-test-images: %s\n' "$*"; }
die() {
  log "$*" >&2
  exit 1
}

command -v docker >/dev/null || die "docker not found"
docker info >/dev/null 2>&1 || die "no Docker engine answers (run scripts/start-dockerd.sh)"

# sha256 over relative path + content of each file, in a stable order.
digest() {
  local file
  (
    cd "$root"
    for file in $(find "$@" -type f ! -name '*.pyc' ! -path '*/__pycache__/*' | LC_ALL=C sort); do
      printf '%s %s\n' "$file" "$(sha256sum <"$file" | cut -d' ' -f1)"
    done
  ) | sha256sum | cut -c1-20
}

base_hash=$(digest scripts/images/packages.txt scripts/images/rootfs.sh)
hash=$(digest scripts/build-test-images.sh scripts/images runtimes)
base_image=localemu/test-base:$base_hash

mkdir -p "$cache" "$out_dir"
# One build at a time on this machine (parallel test runs share the cache and the engine).
exec 9>"$cache/.lock"
flock 9

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have_image "$base_image"; then
  tarball=$cache/rootfs-$base_hash.tar
  if [[ ! -s $tarball ]]; then
    [[ $EUID -eq 0 ]] || die "bootstrapping the rootfs needs root (debootstrap, chroot); run as root or provide $tarball"
    command -v debootstrap >/dev/null || die "debootstrap not found (apt-get install debootstrap)"
    log "bootstrapping the Debian 12 rootfs (cached as $tarball)"
    bash "$images/rootfs.sh" "$images/packages.txt" "$tarball"
  fi
  log "importing $base_image"
  docker import --message "LocalEmu test base, inputs $base_hash" "$tarball" "$base_image" >/dev/null
fi
# Only the current rootfs is worth keeping.
find "$cache" -maxdepth 1 -name 'rootfs-*.tar' ! -name "rootfs-$base_hash.tar" -delete

# build_image <name> <staging-dir> [ENV=value ...]
build_image() {
  local name=$1 staging=$2 image
  shift 2
  image=localemu/test-$name:$hash
  if have_image "$image"; then
    log "$image exists"
    return
  fi
  log "building $image"
  local changes=(
    --change 'ENTRYPOINT ["/lambda-entrypoint.sh"]'
    --change 'WORKDIR /var/task'
    --change 'ENV LANG=en_US.UTF-8'
    --change 'ENV TZ=:/etc/localtime'
    --change 'ENV PATH=/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin'
    --change 'ENV LD_LIBRARY_PATH=/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib'
    --change 'ENV LAMBDA_TASK_ROOT=/var/task'
    --change 'ENV LAMBDA_RUNTIME_DIR=/var/runtime'
    --change "LABEL org.localemu.test-image=$name org.localemu.inputs=$hash"
  )
  local env
  for env in "$@"; do changes+=(--change "ENV $env"); done
  local cid
  cid=$(docker create --network none "$base_image" /bin/true)
  # Owned by root, only the listed top-level entries (never "." — it would re-mode /).
  if ! tar -C "$staging" --owner=0 --group=0 --numeric-owner -c lambda-entrypoint.sh var opt |
    docker cp - "$cid:/" ||
    ! docker commit "${changes[@]}" "$cid" "$image" >/dev/null; then
    docker rm -f "$cid" >/dev/null
    die "building $image failed"
  fi
  docker rm "$cid" >/dev/null
}

# stage <dir> [bootstrap-file]: the files every image adds to the base.
stage() {
  local dir=$1
  mkdir -p "$dir/var/runtime" "$dir/var/task" "$dir/var/lang/bin" "$dir/opt"
  install -m 0755 "$images/lambda-entrypoint.sh" "$dir/lambda-entrypoint.sh"
  if [[ -n ${2:-} ]]; then install -m 0755 "$2" "$dir/var/runtime/bootstrap"; fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

stage "$work/python" "$root/runtimes/python/bootstrap"
install -m 0644 "$root/runtimes/python/client.py" "$root/runtimes/python/localemu_runtime.py" "$work/python/var/runtime/"
for exe in python python3 python3.11; do ln -s /usr/bin/python3.11 "$work/python/var/lang/bin/$exe"; done
# The client's bytecode, compiled by the image's own python (a read-only /var/runtime
# would otherwise compile it at every start).
if ! have_image "localemu/test-python:$hash" &&
  ! docker run --rm --network none -v "$work/python/var/runtime:/var/runtime" "$base_image" \
    python3.11 -m compileall -q /var/runtime/localemu_runtime.py >/dev/null; then
  die "compiling the python runtime client failed"
fi
build_image python "$work/python"

stage "$work/nodejs" "$root/runtimes/node/bootstrap"
install -m 0644 "$root/runtimes/node/index.mjs" "$work/nodejs/var/runtime/index.mjs"
ln -s /usr/bin/node "$work/nodejs/var/lang/bin/node"
build_image nodejs "$work/nodejs" \
  'NODE_PATH=/opt/nodejs/node18/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task'

stage "$work/provided" "$images/provided-bootstrap"
build_image provided "$work/provided"

# As the official provided.al2/al2023 images: no /var/runtime/bootstrap at all.
stage "$work/provided-bare"
build_image provided-bare "$work/provided-bare"

if [[ ${LOCALEMU_IMAGES_PODMAN:-0} == 1 ]]; then
  command -v podman >/dev/null || die "LOCALEMU_IMAGES_PODMAN=1 but podman is not installed"
  for name in python nodejs provided provided-bare; do
    if ! podman image exists "localemu/test-$name:$hash"; then
      log "copying localemu/test-$name:$hash into podman"
      docker save "localemu/test-$name:$hash" | podman load -q >/dev/null
    fi
  done
fi

# write_mapping <file> <provided image>
write_mapping() {
  python3 - "$root/aws-models/lambda-2015-03-31.json.gz" "$hash" "$2" >"$1.tmp" <<'PY'
import gzip, json, sys
runtimes = json.load(gzip.open(sys.argv[1]))["shapes"]["Runtime"]["enum"]
tag, provided = sys.argv[2], sys.argv[3]
families = (("python3.", "python"), ("nodejs", "nodejs"), ("provided", provided))
mapping = {}
for runtime in runtimes:
    for prefix, image in families:
        if runtime.startswith(prefix):
            mapping[runtime] = f"localemu/test-{image}:{tag}"
json.dump(mapping, sys.stdout, indent=2, sort_keys=True)
print()
PY
  mv "$1.tmp" "$1"
}

# The mapping: every python3.x / nodejs* / provided* runtime of the Lambda model.
write_mapping "$out_dir/test-images.json" provided
# The same, with provided* on the image as bare as the official ones.
write_mapping "$out_dir/test-images-strict.json" provided-bare
log "wrote $out_dir/test-images.json and test-images-strict.json (images :$hash) in $((SECONDS - started)) s"
