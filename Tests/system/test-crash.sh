#!/usr/bin/env bash
# Crash safety: 2,000 files, kill -9 at random moments three times, restart; then two daemons on one spool.
# Every input must end as exactly one result or one failure: no duplicates, nothing left in active/ or the inbox,
# no stray temp files. Run once per claim protocol (CLAIM_MODES, default "rename link"): `[spool] claim = "link"`
# forces the link(2)+unlink(2) fallback that NFS and CephFS need, on this local file system.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
N=${CRASH_FILES:-2000}
BAD=${CRASH_BAD:-40}   # of which this many are empty (they must end in failed/)
root=$(mktemp -d /tmp/wiredesk-crash.XXXXXX)
trap 'kill -9 $(jobs -p) 2>/dev/null; rm -rf "$root"' EXIT

make_inputs() { # make_inputs DIR PREFIX
    for i in $(seq 1 "$N"); do
        if [ "$i" -le "$BAD" ]; then : > "$1/$2-$i.txt"
        else printf 'Headline %s number %d\n\nBody of article %d with some words in it.\n' "$2" "$i" "$i" > "$1/$2-$i.txt"
        fi
    done
}

# check_spool DIR PREFIX: the invariants after all processing is done.
check_spool() {
    local d=$1 p=$2
    local good=$((N - BAD))
    check "inbox empty" [ "$(count "$d/inbox")" -eq 0 ]
    check "active/ empty" [ "$(count "$d/state/active")" -eq 0 ]
    check "no temp files" [ "$(find "$d/outbox" -name '.wiredesk-*' | wc -l)" -eq 0 ]
    local results; results=$(count "$d/outbox" -name "$p-*.json")
    check "one result per good input ($results of $good)" [ "$results" -eq "$good" ]
    local plain; plain=$(count "$d/outbox" -regex ".*/$p-[0-9]*\.txt\.json")
    check "results named <name>.json, no second versions ($plain)" [ "$plain" -eq "$good" ]
    local failures; failures=$(count "$d/outbox/failed" -name "$p-*.txt")
    local records; records=$(count "$d/outbox/failed" -name "$p-*.error.json")
    check "one failure per bad input ($failures files, $records records of $BAD)" \
        [ "$failures" -eq "$BAD" -a "$records" -eq "$BAD" ]
    local archived; archived=$(count "$d/state/archive" -name "$p-*")
    check "every good original archived once or more ($archived)" [ "$archived" -ge "$good" ]
    local ids; ids=$(cat "$d/outbox/$p"-*.json | python3 -c 'import sys, json; print(len({json.loads(l)["id"] for l in sys.stdin}))')
    check "distinct ids ($ids)" [ "$ids" -eq "$good" ]
}

done_count() { echo $(( $(count "$1/outbox" -name "$2-*.json") + $(count "$1/outbox/failed" -name "$2-*.txt") )); }
all_done() { [ "$(done_count "$1" "$2")" -ge "$N" ] && [ "$(count "$1/inbox")" -eq 0 ] && [ "$(count "$1/state/active")" -eq 0 ]; }

# scenario NAME PREFIX: a fresh spool in $d with N inputs staged; the daemon's log is $log.
scenario() {
    d=$root/$claim-$1
    log=$root/$claim-$1.log
    new_spool "$d"
    printf '\n[spool]\nclaim = "%s"\n' "$claim" >> "$d/wiredesk.toml"
    sed -i 's/^level = "warning"/level = "notice"/' "$d/wiredesk.toml"  # the start-up line names the protocol
    make_inputs "$d/staging" "$2"
}

for claim in ${CLAIM_MODES:-rename link}; do
echo "=== claim = \"$claim\""

echo "--- kill -9 three times during $N files"
scenario crash c
start_daemon "$d" "$log"
# Half arrive by rename (taken at once), half are already there at the next start (found by the scan).
find "$d/staging" -name 'c-*' | head -n $((N / 2)) | xargs mv -t "$d/inbox" 2>/dev/null  # mv may complain about a file the daemon took at once
done_at_least() { [ "$(done_count "$1" "$2")" -ge "$3" ]; }
tallies=()
for round in 1 2 3; do
    # Let it get going, then kill it at a random moment while it works.
    target=$(( $(done_count "$d" c) + 100 + RANDOM % 300 ))
    wait_until 60 done_at_least "$d" c "$target"
    sleep "0.0$((RANDOM % 10))"
    kill -9 "$daemon_pid"; wait "$daemon_pid" 2>/dev/null
    tallies+=("kill $round: done $(done_count "$d" c), active $(count "$d/state/active"), inbox $(count "$d/inbox"), temp files $(find "$d/outbox" -name '.wiredesk-*' | wc -l)")
    [ "$round" -eq 1 ] && find "$d/staging" -name 'c-*' | xargs -r mv -t "$d/inbox" 2>/dev/null
    start_daemon "$d" "$log"
done
wait_until 120 all_done "$d" c
kill -TERM "$daemon_pid"; wait "$daemon_pid"; rc=$?
check "SIGTERM exit status 0 ($rc)" [ "$rc" -eq 0 ]
printf '  %s\n' "${tallies[@]}"
echo "  final: $(count "$d/outbox" -name 'c-*.json') results, $(count "$d/outbox/failed" -name 'c-*.txt') failures"
check_spool "$d" c

echo "--- two daemons on one inbox and state directory"
scenario two t
start_daemon "$d" "$log"; first=$daemon_pid
find "$d/staging" -name 't-*' | xargs mv -t "$d/inbox" 2>/dev/null  # mv may complain about a file the daemon took at once
# The second one starts while the first is busy (its start-up recovery and temp-file sweep must not disturb it).
wait_until 60 done_at_least "$d" t 200
start_daemon "$d" "$log"; second=$daemon_pid
wait_until 120 all_done "$d" t
kill -TERM "$first" "$second"; wait "$first" "$second"
check_spool "$d" t
python3 - "$d/outbox/logs" "$N" "$BAD" <<'PY' && ok "each name committed or failed exactly once in the event log" || bad "event log counts"
import collections, glob, json, sys
counts = collections.Counter()
for path in glob.glob(sys.argv[1] + "/*.jsonl"):
    for line in open(path):
        e = json.loads(line)
        if e["event"] in ("committed", "failed") and e.get("name", "").startswith("t-"):
            counts[(e["event"], e["name"])] += 1
n, bad = int(sys.argv[2]), int(sys.argv[3])
dups = [k for k, v in counts.items() if v != 1]
names = {name for _, name in counts}
print(f"  events: {sum(1 for k in counts if k[0] == 'committed')} committed, "
      f"{sum(1 for k in counts if k[0] == 'failed')} failed, {len(dups)} names more than once")
sys.exit(0 if not dups and len(names) == n else 1)
PY
if grep -q "cannot finish" "$log"; then bad "a daemon hit a transient error: $(grep -m1 'cannot finish' "$log")"; fi
echo "--- SIGTERM while busy: exit 0 within 10 s, nothing lost, the rest done after a restart"
scenario term g
start_daemon "$d" "$log"
find "$d/staging" -name 'g-*' | xargs mv -t "$d/inbox" 2>/dev/null
wait_until 60 done_at_least "$d" g 300
t0=$(date +%s%N)
kill -TERM "$daemon_pid"; wait "$daemon_pid"; rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "SIGTERM while busy: status 0 ($rc) in ${ms} ms" [ "$rc" -eq 0 -a "$ms" -lt 10000 ]
accounted=$(( $(done_count "$d" g) + $(count "$d/inbox") + $(count "$d/state/active") ))
check "every file accounted for after the stop ($accounted of $N: $(done_count "$d" g) done)" [ "$accounted" -eq "$N" ]
start_daemon "$d" "$log"
wait_until 120 all_done "$d" g
kill -TERM "$daemon_pid"; wait "$daemon_pid"
check_spool "$d" g
check "the daemon logged its claim protocol ($claim)" grep -q "moving files by $claim" "$log"
done
finish
