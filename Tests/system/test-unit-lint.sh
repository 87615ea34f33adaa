#!/usr/bin/env bash
# deploy/ without a running systemd: both units pass `systemd-analyze verify` with no diagnostics and score 2.5 or
# lower in `systemd-analyze security --offline`; the catalog has an entry for every MESSAGE_ID the daemon logs and
# compiles with `journalctl --update-catalog`; install.sh --root installs into an empty root (user, group, spool
# directories with the producer-group permissions, catalog database).
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
require "root (for a private mount namespace)" is_root
require "systemd-analyze" command -v systemd-analyze
require "unshare (mount namespace)" unshare --mount --propagation private true
deploy=$REPO/deploy
work=$(mktemp -d /tmp/wiredesk-lint.XXXXXX)
trap 'rm -rf "$work"' EXIT

out=$("$LIB/unit-lint.sh" "$deploy/wiredesk.service" 25 2>&1); rc=$?
echo "$out" | sed 's/^/  wiredesk.service: /'
check "wiredesk.service: verify clean, security exposure <= 2.5" test $rc == 0
# A template is verified as one of its instances.
cp "$deploy/wiredesk@.service" "$work/wiredesk@example.service"
out=$("$LIB/unit-lint.sh" "$work/wiredesk@example.service" 25 2>&1); rc=$?
echo "$out" | sed 's/^/  wiredesk@example.service: /'
check "wiredesk@.service: verify clean, security exposure <= 2.5" test $rc == 0

# Every MESSAGE_ID in DaemonEvent.swift has a catalog entry, and the catalog has no stray ones.
ids_code=$(grep -o '"[0-9a-f]\{32\}"' "$REPO/Sources/WiredeskDaemon/DaemonEvent.swift" | tr -d '"' | sort -u)
ids_catalog=$(sed -n 's/^-- \([0-9a-f]\{32\}\)$/\1/p' "$deploy/wiredesk.catalog" | sort -u)
check "catalog covers the $(echo "$ids_code" | wc -l) MESSAGE_IDs of DaemonEvent.swift" test "$ids_code" == "$ids_catalog"

"$deploy/install.sh" --root "$work/root" --binary /bin/true > "$work/install.log" 2>&1; rc=$?
tail -2 "$work/install.log"
check "install.sh --root exits 0" test $rc == 0
check "binary, models, units, config, catalog, sysusers, tmpfiles installed" test -x "$work/root/usr/local/bin/wiredesk" \
    -a -d "$work/root/usr/share/wiredesk/models" -a -f "$work/root/etc/systemd/system/wiredesk.service" \
    -a -f "$work/root/etc/systemd/system/wiredesk@.service" -a -f "$work/root/etc/wiredesk/wiredesk.toml" \
    -a -f "$work/root/usr/lib/sysusers.d/wiredesk.conf" -a -f "$work/root/usr/lib/tmpfiles.d/wiredesk.conf"
check "sysusers created the wiredesk user and group" grep -q '^wiredesk:' "$work/root/etc/passwd"
check "tmpfiles: inbox is setgid 2770 owned by wiredesk" test "$(stat -c %a "$work/root/var/lib/wiredesk/inbox")" == 2770 \
    -a "$(stat -c %u "$work/root/var/lib/wiredesk/inbox")" == "$(awk -F: '$1=="wiredesk"{print $3}' "$work/root/etc/passwd")"
check "tmpfiles: /var/spool/wiredesk/inbox points at the inbox" test "$(readlink "$work/root/var/spool/wiredesk/inbox")" == /var/lib/wiredesk/inbox
n=$(journalctl --root="$work/root" --list-catalog 2>/dev/null | grep -c '^4f5c1b1e')
check "catalog database built with all $n entries" test "$n" == "$(echo "$ids_code" | wc -l)"
# A second install keeps an edited configuration.
echo '# edited' >> "$work/root/etc/wiredesk/wiredesk.toml"
"$deploy/install.sh" --root "$work/root" --binary /bin/true > /dev/null 2>&1
check "reinstall keeps the edited wiredesk.toml" grep -q '^# edited' "$work/root/etc/wiredesk/wiredesk.toml"
# The shipped configuration is valid for the daemon (when a binary has been built).
if bin=$(wiredesk_bin 2>/dev/null); then
    check "wiredesk check-config accepts deploy/wiredesk.toml" "$bin" check-config --config "$deploy/wiredesk.toml"
fi

finish
