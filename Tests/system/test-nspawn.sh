#!/usr/bin/env bash
# End to end under a real systemd (PID 1 of a systemd-nspawn container booted from a debootstrapped rootfs kept outside
# the clone, /var/tmp/wiredesk-rootfs, built once): deploy/install.sh installs the static release binary inside the
# container, then nspawn/svc-test.sh checks start (READY=1), results in the outbox, the live STATUS= line in
# `systemctl status`, ARTICLE_ID/STAGE fields in `journalctl -u wiredesk -o json`, `journalctl -x` catalog text,
# `systemctl reload`, a watchdog restart on a hung worker with nothing lost, and `systemctl stop` with Result=success.
#   ROOTFS_DIR   rootfs location (default /var/tmp/wiredesk-rootfs)
#   WIREDESK_RELEASE_BIN   use this binary instead of building `swift build -c release -Xswiftc -static-stdlib`
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
require "root" is_root
require "systemd-nspawn (apt-get install systemd-container)" command -v systemd-nspawn
require "debootstrap (apt-get install debootstrap)" command -v debootstrap
require "unshare (mount namespace)" unshare --mount --propagation private true
export ROOTFS_DIR=${ROOTFS_DIR:-/var/tmp/wiredesk-rootfs}

t0=$SECONDS
if ! "$LIB/make-rootfs.sh" "$ROOTFS_DIR" > /tmp/wiredesk-make-rootfs.log 2>&1; then
    tail -20 /tmp/wiredesk-make-rootfs.log
    bad "debootstrap of $ROOTFS_DIR failed (log: /tmp/wiredesk-make-rootfs.log)"
    finish; exit 1
fi
echo "rootfs: $ROOTFS_DIR ready after $((SECONDS - t0)) s"

# The same build command as deploy/install.sh, so `make install` after `make test` reuses this build.
bin=${WIREDESK_RELEASE_BIN:-}
if [[ -z $bin ]]; then
    t0=$SECONDS
    (cd "$REPO" && swift build -c release -Xswiftc -static-stdlib --product wiredesk 2>&1 | tail -3) || {
        bad "release build failed"; finish; exit 1; }
    bin=$REPO/.build/release/wiredesk
    echo "release build (static Swift runtime): $((SECONDS - t0)) s"
fi
if ldd "$bin" | grep -q '/opt/swift\|libswiftCore\|libFoundation'; then
    bad "the release binary still links the Swift runtime dynamically"
fi

payload=$(mktemp -d /tmp/wiredesk-payload.XXXXXX)
out=${NSPAWN_OUT:-/var/tmp/wiredesk-nspawn-out}
trap 'rm -rf "$payload"' EXIT
mkdir -p "$payload/repo/Sources/WiredeskPipeline"
cp "$bin" "$payload/wiredesk"
cp -R "$REPO/deploy" "$payload/repo/deploy"
cp -R "$REPO/Sources/WiredeskPipeline/Models" "$payload/repo/Sources/WiredeskPipeline/Models"
cp -R "$SYSTEM_TESTS/fixtures" "$payload/fixtures"
cp "$SYSTEM_TESTS/nspawn/svc-test.sh" "$SYSTEM_TESTS/nspawn/lab-acceptance.service" "$payload/"
chmod -R a+rX "$payload"

NSPAWN_TIMEOUT=${NSPAWN_TIMEOUT:-300} "$LIB/nspawn-acceptance.sh" "$payload" "$out" "$ROOTFS_DIR" > "$payload/summary" 2>&1
rc=$?
head -1 "$payload/summary"
# Console lines of the test unit carry a "svc-test.sh[PID]: " prefix (StandardOutput=journal+console): strip it.
console=$(sed -e 's/\r$//' -e 's/^.*svc-test\.sh\[[0-9]*\]: //' "$out/console.log")
# The quoted blocks (for the record) and every PASS/FAIL/timing line of the container test.
echo "$console" | sed -n '/^==== BEGIN/,/^==== END/p'
echo "$console" | grep -aE '^(PASS|FAIL|timing):' | while IFS= read -r line; do
    case $line in
        PASS:*) ok "container: ${line#PASS: }" ;;
        FAIL:*) bad "container: ${line#FAIL: }" ;;
        *) echo "$line" ;;
    esac
done > "$payload/lines"
cat "$payload/lines"
# (the loop ran in a subshell: count its lines here)
passed=$((passed + $(grep -c '^PASS:' "$payload/lines")))
failed=$((failed + $(grep -c '^FAIL:' "$payload/lines")))
echo "$console" | grep -q 'passed, 0 failed' || bad "the container test did not finish cleanly (nspawn exit $rc; console: $out/console.log)"
[[ $rc == 0 ]] || bad "nspawn exit status $rc (console: $out/console.log)"
((passed >= 20)) || bad "only $passed checks passed"
finish
