# Helpers shared by the system tests (sourced, not run).
# WIREDESK: the binary under test (default: the debug build of this checkout).
repo=$(realpath "$(dirname "${BASH_SOURCE[0]}")/../..")
WIREDESK=${WIREDESK:-$repo/.build/debug/wiredesk}
[ -x "$WIREDESK" ] || { echo "no binary at $WIREDESK (run swift build first)"; exit 1; }

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "  ok: $*"; }
bad() { fail=$((fail + 1)); echo "  FAIL: $*"; }
check() { # check "description" command...
    local what=$1; shift
    if "$@"; then ok "$what"; else bad "$what"; fi
}
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}

# new_spool DIR: inbox, outbox, state and a config with a short settle time under DIR.
new_spool() {
    mkdir -p "$1/inbox" "$1/outbox" "$1/state" "$1/staging"
    cat > "$1/wiredesk.toml" <<TOML
inbox = "$1/inbox"
outbox = "$1/outbox"
state_dir = "$1/state"
settle_ms = 100
rescan_interval_s = ${RESCAN_S:-30}
durable = ${DURABLE:-true}
workers = ${WORKERS:-2}

[log]
target = "stderr"
level = "warning"

[pipeline]
stages = ["normalize"]
TOML
}

# start_daemon DIR LOG: starts `wiredesk run` in the background; its pid is in $daemon_pid.
start_daemon() {
    "$WIREDESK" run --config "$1/wiredesk.toml" 2>>"$2" &
    daemon_pid=$!
}

# wait_until SECONDS command...: polls every 0.1 s.
wait_until() {
    local limit=$1; shift
    local end=$((SECONDS + limit))
    while [ $SECONDS -lt $end ]; do
        "$@" && return 0
        sleep 0.1
    done
    "$@"
}

count() { find "$1" -mindepth 1 -maxdepth 1 "${@:2}" 2>/dev/null | wc -l; }
