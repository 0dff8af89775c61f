#!/usr/bin/env bash
# Builds the Debian 12 minbase root filesystem of the test runtime images as a
# tarball, from the apt mirror this machine is configured with.
#
#   bash scripts/images/rootfs.sh <packages.txt> <out.tar>
#
# Needs root and debootstrap. Writes <out.tar> atomically (a partial run leaves
# nothing behind under that name).
set -euo pipefail

packages_file=$1
out=$2

log() { printf 'rootfs: %s\n' "$*"; }

# The first Debian mirror of the apt configuration (deb822 .sources or one-line lists).
mirror() {
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
    awk '{print $2}' | grep -vE 'security|nodesource|cloud.google' | head -n 1 || true)
  if [[ -z $uri ]]; then
    uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '{print $2}' | grep -E '/debian/?$' | head -n 1 || true)
  fi
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

packages=$(grep -vE '^\s*(#|$)' "$packages_file" | paste -sd, -)
work=$(mktemp -d "${out}.work.XXXXXX")
trap 'rm -rf "$work"' EXIT
target=$work/rootfs
url=$(mirror)

log "debootstrap --variant=minbase bookworm from $url with $packages"
debootstrap --variant=minbase --include="$packages" bookworm "$target" "$url" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}

# The official images run in en_US.UTF-8.
chroot "$target" localedef -i en_US -f UTF-8 en_US.UTF-8
# Nothing of apt's cache and lists, documentation, message catalogues or locale
# sources (the compiled locale archive stays) is needed at run time.
rm -rf "$target"/var/cache/apt/archives/*.deb "$target"/var/lib/apt/lists/* \
  "$target"/usr/share/doc/* "$target"/usr/share/man/* "$target"/usr/share/info/* \
  "$target"/usr/share/locale/* "$target"/usr/share/i18n "$target"/var/log/*.log "$target"/var/cache/debconf/*-old

tar --numeric-owner -C "$target" -cf "$work/rootfs.tar" .
mv "$work/rootfs.tar" "$out"
log "wrote $out ($(du -h "$out" | cut -f1))"
