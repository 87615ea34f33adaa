#!/usr/bin/env bash
# The real `wiredesk run` logging to a real, private systemd-journald (lib/journald-sandbox.sh): entries carry
# MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, CODE_*, MESSAGE_ID and the article fields; every field name is valid; the
# priorities follow the level (debug 7, info 6, notice 5, warning 4); a journal that goes away does not stop the daemon.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
require "root (for a private mount/PID namespace)" is_root
require "unshare (mount + PID namespaces)" can_unshare
require "systemd-journald" test -x /lib/systemd/systemd-journald
bin=$(wiredesk_bin) || { echo "0 passed, 1 failed"; exit 1; }

work=$(mktemp -d /tmp/wiredesk-journald.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/inbox" "$work/outbox" "$work/state"
cat > "$work/wiredesk.toml" <<TOML
inbox = "$work/inbox"
outbox = "$work/outbox"
state_dir = "$work/state"
workers = 1
[log]
target = "journal"
level = "debug"
TOML

# Runs inside the sandbox: the daemon, two articles and a broken one, SIGTERM, then the journal as JSON.
cat > "$work/inside.sh" <<INSIDE
#!/usr/bin/env bash
set -u
"$bin" run --config "$work/wiredesk.toml" 2> "$work/stderr.log" &
pid=\$!
for f in harbour-strike chess-final broken-binary; do
    cp "$SYSTEM_TESTS/fixtures/\$f.txt" "$work/inbox/.\$f.part" && mv "$work/inbox/.\$f.part" "$work/inbox/\$f.txt"
done
for _ in \$(seq 1 600); do
    [[ -e "$work/outbox/harbour-strike.txt.json" && -e "$work/outbox/chess-final.txt.json" \
        && -n \$(ls "$work/outbox/failed" 2>/dev/null) ]] && break
    sleep 0.1
done
kill -TERM \$pid; wait \$pid; echo \$? > "$work/exit-status"
journalctl --sync
journalctl -o json SYSLOG_IDENTIFIER=wiredesk --no-pager > "$work/entries.jsonl"
INSIDE
chmod +x "$work/inside.sh"
"$LIB/journald-sandbox.sh" "$work/journal" "$work/inside.sh"
check "sandbox run finished" test -s "$work/entries.jsonl"
check "daemon exited 0 after SIGTERM" test "$(cat "$work/exit-status" 2>/dev/null)" == 0
echo "journal entries from wiredesk: $(wc -l < "$work/entries.jsonl")"
echo "stderr while logging to journald: $(wc -c < "$work/stderr.log") bytes"

q() { jq -s -r "$1" "$work/entries.jsonl"; }
committed='.MESSAGE_ID == "4f5c1b1e8a0b4c47a3c55d1a1e2f7a04"'
check "committed entries for both articles" test "$(q "[.[] | select($committed)] | length")" == 2
check "committed entry: ARTICLE_ID (sha256), ARTICLE_NAME, STAGE=commit, DURATION_US, PRIORITY=6" \
    test "$(q "[.[] | select($committed and (.ARTICLE_ID | test(\"^[0-9a-f]{64}\$\")) and .ARTICLE_NAME == \"chess-final.txt\"
        and .STAGE == \"commit\" and (.DURATION_US | test(\"^[0-9]+\$\")) and .PRIORITY == \"6\")] | length")" == 1
check "committed entry: CODE_FILE, CODE_LINE, CODE_FUNC, SYSLOG_IDENTIFIER" \
    test "$(q "[.[] | select($committed and (.CODE_FILE | endswith(\"ArticleProcessor.swift\")) and (.CODE_LINE | test(\"^[0-9]+\$\"))
        and (.CODE_FUNC | length > 0) and .SYSLOG_IDENTIFIER == \"wiredesk\")] | length")" == 2
check "debug stage entries: STAGE=classify with DURATION_US, PRIORITY=7" \
    test "$(q '[.[] | select(.STAGE == "classify" and .PRIORITY == "7" and (.DURATION_US | test("^[0-9]+$")))] | length')" -ge 2
check "failed article: ERROR_CODE=binary, STAGE=normalize, PRIORITY=4" \
    test "$(q '[.[] | select(.ERROR_CODE == "binary" and .STAGE == "normalize" and .PRIORITY == "4"
        and .ARTICLE_NAME == "broken-binary.txt")] | length')" == 1
check "ready entry: MESSAGE_ID …a02, PRIORITY=5 (notice)" \
    test "$(q '[.[] | select(.MESSAGE_ID == "4f5c1b1e8a0b4c47a3c55d1a1e2f7a02" and .PRIORITY == "5")] | length')" == 1
check "stopped entry: MESSAGE_ID …a09" \
    test "$(q '[.[] | select(.MESSAGE_ID == "4f5c1b1e8a0b4c47a3c55d1a1e2f7a09")] | length')" == 1
bad_names=$(q '[.[] | keys[] | select(startswith("_") | not) | select(test("^[A-Z0-9_]+$") | not)] | unique | join(",")')
check "every field name is [A-Z0-9_] (bad: '${bad_names}')" test -z "$bad_names"
check "no metadata key leaked in lower case" test "$(q '[.[] | select(has("article_id") or has("message_id"))] | length')" == 0
check "nothing written to stderr while logging to journald" test ! -s "$work/stderr.log"
echo "one committed entry (journalctl -o json):"
q "[.[] | select($committed)][0] | {MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, MESSAGE_ID, ARTICLE_ID, ARTICLE_NAME, STAGE,
    DURATION_US, TOPIC, CODE_FILE, CODE_LINE, CODE_FUNC}" | jq -c .

# Without a journal (no journald socket outside the sandbox) a journal-configured daemon keeps working.
rm -rf "$work/inbox"/* "$work/outbox" "$work/state"
"$bin" run --config "$work/wiredesk.toml" 2> "$work/stderr2.log" &
pid=$!
cp "$SYSTEM_TESTS/fixtures/rail-budget.txt" "$work/inbox/.r" && mv "$work/inbox/.r" "$work/inbox/rail-budget.txt"
check "no journald: the article is still processed" wait_for 60 test -e "$work/outbox/rail-budget.txt.json"
kill -TERM $pid; wait $pid; rc=$?
check "no journald: clean exit 0 (was $rc)" test $rc == 0

finish
