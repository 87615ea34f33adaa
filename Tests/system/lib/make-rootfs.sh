#!/bin/bash
# Build a minimal Debian bookworm rootfs that can boot systemd under systemd-nspawn, with the shared libraries the
# wiredesk binary links (a -static-stdlib build still needs the Debian C libraries: ICU, uchardet, gumbo, CLD2, …).
# usage: make-rootfs.sh [ROOTFS_DIR]     (default: $ROOTFS_DIR or /var/tmp/wiredesk-rootfs)
# Built once and reused; a rootfs made with another package list (see $MARKER) is rebuilt.
# (Adapted from the lab recipe shared/lab/systemd/make-rootfs.sh.)
# Needs: apt-get install -y debootstrap systemd-container   (host)
set -euo pipefail
HERE=$(dirname "$(realpath "$0")")
ROOT=${1:-${ROOTFS_DIR:-/var/tmp/wiredesk-rootfs}}
# The mirror is the one this machine's apt already uses (first URIs: line of its sources).
MIRROR=${MIRROR:-$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)}
[[ -n $MIRROR ]] || { echo "no apt mirror found; set MIRROR" >&2; exit 1; }
PACKAGES=systemd,systemd-sysv,dbus,libsystemd0,libicu72,libuchardet0,libgumbo1,libcld2-0,libstemmer0d,libstdc++6
MARKER=etc/wiredesk-rootfs.packages
if [[ -e $ROOT/etc/os-release ]]; then
    if [[ $(cat "$ROOT/$MARKER" 2>/dev/null) == "$PACKAGES" ]]; then echo "rootfs exists: $ROOT"; exit 0; fi
    echo "rootfs $ROOT was made with other packages: rebuilding"
    rm -rf --one-file-system "$ROOT"
fi
CACHE=${DEB_CACHE_DIR:-/var/tmp/wiredesk-debcache}; mkdir -p "$CACHE"
# --cache-dir keeps the .debs so a rebuild does not download again.
# unshare -m: debootstrap's own proc/sys mounts in the target stay private (nothing
# leaks onto the host if it dies half-way). libmount may create an empty /run/mount
# on the host for its utab lock: remove it again if it was not there before.
had_run_mount=0; [[ -e /run/mount ]] && had_run_mount=1
unshare --mount --propagation private -- debootstrap --variant=minbase --cache-dir="$CACHE" \
    --include="$PACKAGES" \
    bookworm "$ROOT" "$MIRROR"
[[ $had_run_mount == 0 ]] && rmdir /run/mount 2>/dev/null || true
# container-friendly tweaks (all inside the rootfs)
echo lab-systemd > "$ROOT/etc/hostname"
: > "$ROOT/etc/machine-id"                      # systemd generates one at first boot
# default target: multi-user, no getty/console noise
ln -sf /lib/systemd/system/multi-user.target "$ROOT/etc/systemd/system/default.target"
# make journald persistent so the host can read it with journalctl -D ROOT/var/log/journal
mkdir -p "$ROOT/var/log/journal"
apt-get clean -o Dir="$ROOT" 2>/dev/null || true
rm -rf "$ROOT/var/cache/apt/archives/"*.deb "$ROOT/var/lib/apt/lists/"*
echo "$PACKAGES" > "$ROOT/$MARKER"
du -sh "$ROOT"
