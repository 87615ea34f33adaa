#!/usr/bin/env bash
# Measures the daemon spine (issue #2) with the release build:
#   1. articles/s end to end for N small files dropped by mv, with stages = ["normalize"] and ["none"];
#   2. peak RSS (VmHWM) with BIG files waiting in the inbox, and RSS samples while they drain;
#   3. the crash test (Tests/system/test-crash.sh) against the release binary.
# Usage: scripts/measure-spine.sh [throughput|rss|crash|all]   (env: N=2000 BIG=100000 DURABLE=true QUEUE_LIMIT=1024)
set -euo pipefail
repo=$(realpath "$(dirname "$0")/..")
bin=${WIREDESK:-$repo/.build/release/wiredesk}
[ -x "$bin" ] || { echo "build first: swift build -c release"; exit 1; }
N=${N:-2000}
BIG=${BIG:-100000}
DURABLE=${DURABLE:-true}
what=${1:-all}
root=$(mktemp -d /tmp/wiredesk-measure.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$root"' EXIT

spool() { # spool DIR STAGES [extra toml]
    mkdir -p "$1/inbox" "$1/outbox" "$1/state" "$1/staging"
    cat > "$1/wiredesk.toml" <<TOML
inbox = "$1/inbox"
outbox = "$1/outbox"
state_dir = "$1/state"
durable = $DURABLE
${3:-}
[log]
target = "stderr"
level = "warning"
[pipeline]
stages = $2
TOML
}

make_files() { # make_files DIR COUNT
    python3 - "$1" "$2" <<'PY'
import sys
d, n = sys.argv[1], int(sys.argv[2])
body = "Markets rallied on Tuesday as investors weighed new figures. " * 8
for i in range(n):
    with open(f"{d}/article-{i:06d}.txt", "w") as f:
        f.write(f"Headline number {i}\n\n{body}\nParagraph {i} ends here.\n")
PY
}

results() { find "$1/outbox" -maxdepth 1 -name '*.json' | wc -l; }

start() { # start DIR
    "$bin" run --config "$1/wiredesk.toml" 2>>"$1/daemon.log" &
    pid=$!
    for _ in $(seq 100); do grep -q . "$1/outbox/logs/"*.jsonl 2>/dev/null && break; sleep 0.05; done
}

stop() { kill -TERM "$pid"; wait "$pid" || true; pid=; }

throughput() { # throughput STAGES
    local d=$root/tp-$RANDOM
    spool "$d" "$1"
    make_files "$d/staging" "$N"
    start "$d"
    local t0 t1
    t0=$(date +%s.%N)
    find "$d/staging" -name 'article-*' -print0 | xargs -0 mv -t "$d/inbox" 2>/dev/null || true  # mv may complain about a file taken at once
    while [ "$(results "$d")" -lt "$N" ]; do sleep 0.02; done
    t1=$(date +%s.%N)
    stop
    python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); print(f'stages = {sys.argv[4]:<14} {int(sys.argv[3])} files in {t:.2f} s: {int(sys.argv[3])/t:.0f} articles/s (durable = $DURABLE, workers = $(nproc))')" "$t0" "$t1" "$N" "$1"
    rm -rf "$d"
}

rss() {
    local d=$root/rss
    spool "$d" '["normalize"]' "queue_limit = ${QUEUE_LIMIT:-1024}"
    echo "creating $BIG files in the inbox…"
    make_files "$d/inbox" "$BIG"
    touch -d '-1 minute' "$d/inbox"/article-0000*  # some are old enough to be taken at the first scan
    local t0; t0=$(date +%s.%N)
    start "$d"
    local samples=()
    while :; do
        local done_; done_=$(results "$d")
        local hwm; hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
        local now; now=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
        samples+=("$(printf '%6d done  RSS %6d kB  peak %6d kB' "$done_" "$now" "$hwm")")
        [ "$done_" -ge "$BIG" ] && break
        sleep 5
    done
    local t1; t1=$(date +%s.%N)
    local hwm; hwm=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
    stop
    printf '  %s\n' "${samples[@]}" | awk 'NR % 4 == 1'
    python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); print(f'{sys.argv[3]} files waiting: drained in {t:.0f} s ({int(sys.argv[3])/t:.0f} articles/s incl. start-up scan), peak RSS (VmHWM) {int(sys.argv[4])/1024:.1f} MiB')" "$t0" "$t1" "$BIG" "$hwm"
}

crash() {
    WIREDESK=$bin "$repo/Tests/system/test-crash.sh"
}

case $what in
throughput) throughput '["normalize"]'; throughput '["none"]' ;;
rss) rss ;;
crash) crash ;;
all) throughput '["normalize"]'; throughput '["none"]'; rss; crash ;;
*) echo "usage: $0 [throughput|rss|crash|all]"; exit 2 ;;
esac
