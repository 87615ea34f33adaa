#!/usr/bin/env bash
# Runs every system test script in this folder (real binaries, real journald/systemd where available).
set -euo pipefail
here=$(dirname "$(realpath "$0")")
status=0
for t in "$here"/test-*.sh; do
    [ -e "$t" ] || continue
    echo "=== $(basename "$t")"
    if ! "$t"; then echo "FAILED: $(basename "$t")"; status=1; fi
done
exit $status
