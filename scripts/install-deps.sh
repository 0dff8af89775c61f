#!/usr/bin/env bash
# Installs the Debian packages LocalEmu needs to build, test and run, on a fresh
# Debian 12 machine, as root. Idempotent: when every package is already there it
# touches nothing (no `apt-get update`). Non-interactive.
#
#   bash scripts/install-deps.sh
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config
  # libraries
  libpoco-dev libsqlite3-dev libboost-dev libarchive-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libssl-dev zlib1g-dev
  # function execution: the Docker engine, and debootstrap for the offline test runtime images
  docker.io podman debootstrap
  # a local registry, so that pulling an image is tested for real without the internet
  docker-registry
  # clients used by scripts and integration tests; awscli is Debian's AWS CLI v2 at /usr/bin/aws
  curl python3 awscli
)

log() { printf 'install-deps: %s\n' "$*"; }

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  log "all ${#packages[@]} packages already installed; nothing to do"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  log "missing: ${missing[*]}; run as root to install them (it calls apt-get)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# needrestart (when present) would otherwise scan services after the install
export NEEDRESTART_SUSPEND=1 NEEDRESTART_MODE=a
log "missing: ${missing[*]}"
log "apt-get update"
apt-get update -qq
log "apt-get install ${missing[*]}"
apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
log "installed ${#missing[@]} package(s)"
