#!/usr/bin/env bash
# sd_notify from the real `wiredesk run` binary to a NOTIFY_SOCKET this test owns: READY=1 (with STATUS=) after the
# inbox is watched, STATUS= updates with the counters, WATCHDOG=1 at about half of WATCHDOG_USEC, RELOADING=1 with
# MONOTONIC_USEC then READY=1 around SIGHUP, STOPPING=1 on SIGTERM and exit status 0. Then a daemon whose only worker
# hangs (WIREDESK_TEST_HANG_ON) must stop pinging, and the hung article must still be there for the next start.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
require "python3" command -v python3
bin=$(wiredesk_bin) || { echo "0 passed, 1 failed"; exit 1; }

work=$(mktemp -d /tmp/wiredesk-notify.XXXXXX)
daemon_pid=""
listener_pid=""
cleanup() {
    [[ -n $daemon_pid ]] && kill -KILL "$daemon_pid" 2>/dev/null
    [[ -n $listener_pid ]] && kill "$listener_pid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/inbox" "$work/outbox" "$work/state"

# start_listener NAME: the notify socket $work/NAME.sock, datagrams as JSON lines in $work/NAME.jsonl
start_listener() {
    rm -f "$work/$1.ready"
    python3 "$LIB/notify-listen.py" "$work/$1.sock" --timeout 120 --ready-file "$work/$1.ready" > "$work/$1.jsonl" &
    listener_pid=$!
    wait_for 10 test -e "$work/$1.ready"
}
# count NAME JQ_FILTER: how many datagrams match
count() { jq -s "[.[] | select($2)] | length" "$work/$1.jsonl"; }
# has NAME JQ_FILTER [MIN]: at least MIN (1) datagrams match (evaluated anew on each wait_for poll)
has() { [[ $(count "$1" "$2") -ge ${3:-1} ]]; }
# start_daemon NAME [ENV=VALUE…]: wiredesk run with NOTIFY_SOCKET and a 2 s watchdog (no WATCHDOG_PID: the child's own)
start_daemon() {
    local name=$1; shift
    env NOTIFY_SOCKET="$work/$name.sock" WATCHDOG_USEC=2000000 "$@" \
        "$bin" run --inbox "$work/inbox" --outbox "$work/outbox" --state-dir "$work/state" --workers 1 \
        2> "$work/$name.stderr" &
    daemon_pid=$!
}

# --- 1. a healthy daemon
start_listener healthy
start_daemon healthy
check "READY=1 received" wait_for 30 has healthy '.fields.READY == "1"' 1
check "READY=1 carries a STATUS= line" has healthy '.fields.READY == "1" and (.fields.STATUS // "" | startswith("processed 0"))' 1
check "READY=1 comes from the daemon's own PID" test "$(count healthy ".fields.READY == \"1\" and .pid == $daemon_pid")" -ge 1

for f in harbour-strike chess-final; do cp "$SYSTEM_TESTS/fixtures/$f.txt" "$work/inbox/.$f.part" && mv "$work/inbox/.$f.part" "$work/inbox/$f.txt"; done
check "results written for both articles" wait_for 60 test -e "$work/outbox/harbour-strike.txt.json" -a -e "$work/outbox/chess-final.txt.json"
check "STATUS= reports processed 2" wait_for 10 has healthy '.fields.STATUS // "" | startswith("processed 2, failed 0, queued 0, in flight 0")' 1
check "STATUS= has the articles/s rate" has healthy '.fields.STATUS // "" | test("[0-9.]+ articles/s \\(1 min\\)$")' 1

# Watchdog pings over 5 s of idle inbox: about one per second (half of WATCHDOG_USEC=2 s). The listener stamps
# datagrams with CLOCK_MONOTONIC, as python3's time.monotonic() here does.
idle_since=$(python3 -c 'import time; print(time.monotonic())')
sleep 5
read -r pings gap_min gap_max < <(jq -s -r --argjson since "$idle_since" \
    '[.[] | select(.fields.WATCHDOG == "1" and .t > $since) | .t] as $t
    | [range(1; $t | length) | $t[.] - $t[. - 1]] as $g | "\($t | length) \($g | min) \($g | max)"' "$work/healthy.jsonl")
echo "watchdog: $pings pings, gaps ${gap_min}..${gap_max} s (expected about 1 s)"
check "watchdog pings keep coming while idle ($pings in 5 s)" test "$pings" -ge 4
check "watchdog ping gaps are about half of WATCHDOG_USEC" python3 -c "import sys; sys.exit(not (0.7 <= $gap_min and $gap_max <= 1.6))"

kill -HUP "$daemon_pid"
check "SIGHUP: RELOADING=1 with MONOTONIC_USEC" wait_for 10 has healthy '.fields.RELOADING == "1" and (.fields.MONOTONIC_USEC // "" | test("^[0-9]+$"))' 1
check "SIGHUP: READY=1 again after the reload" wait_for 20 has healthy '.fields.READY == "1"' 2

kill -TERM "$daemon_pid"
wait "$daemon_pid"; rc=$?; daemon_pid=""
check "SIGTERM: STOPPING=1 sent" has healthy '.fields.STOPPING == "1"' 1
check "SIGTERM: exit status 0 (was $rc)" test "$rc" == 0
wait "$listener_pid" 2>/dev/null; listener_pid=""

# --- 2. a wedged pipeline: the only worker hangs, so the pings must stop
start_listener hung
start_daemon hung WIREDESK_TEST_HANG_ON=hang-me
check "hung: READY=1 received" wait_for 30 has hung '.fields.READY == "1"' 1
sleep 2.5 # an idle daemon pings (twice by now)
cp "$SYSTEM_TESTS/fixtures/rail-budget.txt" "$work/inbox/.x" && mv "$work/inbox/.x" "$work/inbox/hang-me.txt"
check "hung: the article is claimed (in active/)" wait_for 10 test -e "$work/state/active/hang-me.txt"
sleep 1.5 # at most one ping that was already due
before=$(count hung '.fields.WATCHDOG == "1"')
sleep 4
after=$(count hung '.fields.WATCHDOG == "1"')
echo "hung: watchdog pings before the hang: $before, during 4 s of hang: $((after - before))"
check "hung: pings came before the hang" test "$before" -ge 1
check "hung: no watchdog ping while the worker is stuck" test "$after" == "$before"
check "hung: the daemon says why it stopped pinging" grep -q "watchdog: 1 articles in flight" "$work/hung.stderr"
kill -KILL "$daemon_pid"; wait "$daemon_pid" 2>/dev/null; daemon_pid=""
kill "$listener_pid" 2>/dev/null; wait "$listener_pid" 2>/dev/null; listener_pid=""

# --- 3. nothing lost: the next start (without the hang) finishes the article left in active/
start_listener recovered
start_daemon recovered
check "recovered: the hung article's result appears after a restart" wait_for 60 test -e "$work/outbox/hang-me.txt.json"
check "recovered: active/ is empty again" wait_for 10 sh -c "! ls -A '$work/state/active' | grep -q ."
kill -TERM "$daemon_pid"; wait "$daemon_pid"; daemon_pid=""

finish
