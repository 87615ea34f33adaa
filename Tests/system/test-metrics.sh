#!/usr/bin/env bash
# [metrics] textfile: the daemon writes Prometheus text format; a real node_exporter (Debian's
# prometheus-node-exporter, started here on 127.0.0.1 and a free port, killed at the end) scrapes it with its
# textfile collector. The scrape must show the right committed and failed counts and no textfile error.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
exporter=$(command -v prometheus-node-exporter || command -v node_exporter || true)
if [ -z "$exporter" ]; then
    if [ "${CI:-}" = true ]; then
        bad "prometheus-node-exporter is missing (.ci/run installs it)"
        finish
        exit 1
    fi
    echo "  skipped: prometheus-node-exporter not installed (apt-get install prometheus-node-exporter)"
    exit 0
fi
root=$(mktemp -d /tmp/wiredesk-metrics.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$root"' EXIT
GOOD=12 EMPTY=3
d=$root/spool
new_spool "$d"
sed -i 's/^stages = .*/stages = ["normalize", "extract", "classify"]/' "$d/wiredesk.toml"
printf '\n[metrics]\ntextfile = "%s"\ninterval_s = 1\n' "$root/textfile/wiredesk.prom" >> "$d/wiredesk.toml"
mkdir -p "$root/textfile"
for i in $(seq 1 $GOOD); do cp "$repo/Tests/system/fixtures/harbour-strike.txt" "$d/staging/good-$i.txt"; echo "copy $i" >> "$d/staging/good-$i.txt"; done
for i in $(seq 1 $EMPTY); do : > "$d/staging/empty-$i.txt"; done
cp "$repo/Tests/system/fixtures/broken-binary.txt" "$d/staging/binary-1.txt"

start_daemon "$d" "$root/daemon.log"
mv "$d"/staging/* "$d/inbox/"
done_all() { [ $(( $(count "$d/outbox" -name '*.json') + $(count "$d/outbox/failed" -name '*.txt') )) -ge $((GOOD + EMPTY + 1)) ]; }
wait_until 120 done_all
check "all $((GOOD + EMPTY + 1)) files done" done_all
sleep 2.5   # two metrics intervals: the file now holds the final counts

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$exporter" --collector.disable-defaults --collector.textfile --collector.textfile.directory="$root/textfile" \
    --web.listen-address="127.0.0.1:$port" > "$root/exporter.log" 2>&1 &
exporter_pid=$!
scrape() { # scrape FILE: one bounded scrape of the exporter
    python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' \
        "http://127.0.0.1:$port/metrics" > "$1" 2>/dev/null
}
wait_until 15 scrape "$root/scrape1.txt"
check "node_exporter answers on 127.0.0.1:$port" [ -s "$root/scrape1.txt" ]
value() { # value FILE 'series' → its value (empty when absent)
    awk -v s="$2" '$1 == s { print $2 }' "$1"
}
s=$root/scrape1.txt
# node_exporter gives every series of a family the same label names: committed has code="" (the same series as no
# code label in PromQL, so wiredesk_articles_total{outcome="committed"} selects it).
check "committed = $GOOD ($(value "$s" 'wiredesk_articles_total{code="",outcome="committed"}'))" \
    [ "$(value "$s" 'wiredesk_articles_total{code="",outcome="committed"}')" = "$GOOD" ]
check "failed, code empty = $EMPTY ($(value "$s" 'wiredesk_articles_total{code="empty",outcome="failed"}'))" \
    [ "$(value "$s" 'wiredesk_articles_total{code="empty",outcome="failed"}')" = "$EMPTY" ]
check "failed, code binary = 1" [ "$(value "$s" 'wiredesk_articles_total{code="binary",outcome="failed"}')" = "1" ]
check "no textfile scrape error ($(value "$s" node_textfile_scrape_error))" [ "$(value "$s" node_textfile_scrape_error)" = "0" ]
check "stage histograms (normalize count $(value "$s" 'wiredesk_stage_duration_seconds_count{stage="normalize"}'))" \
    [ "$(value "$s" 'wiredesk_stage_duration_seconds_count{stage="normalize"}')" = "$((GOOD + EMPTY + 1))" ]
check "commit latency histogram counts every result" \
    [ "$(value "$s" 'wiredesk_commit_latency_seconds_count')" = "$GOOD" ]
check "queue and in-flight gauges at 0" \
    [ "$(value "$s" wiredesk_queue_depth)" = "0" -a "$(value "$s" wiredesk_in_flight)" = "0" ]
check "model versions as an info metric" grep -q '^wiredesk_model_info{.*model="ner".*} 1$' "$s"
check "last success timestamp is recent" python3 -c "import sys, time; sys.exit(0 if abs(time.time() - float(sys.argv[1])) < 120 else 1)" \
    "$(value "$s" wiredesk_last_success_timestamp_seconds)"
check "no temp file left beside the .prom file" [ "$(ls -A "$root/textfile")" = "wiredesk.prom" ]

# The file written at shutdown: a second run whose timer writes only at start (interval 1 h), one more failure,
# then SIGTERM. Counters are per process, so the new file says exactly 1 failure and 0 committed.
kill -TERM "$daemon_pid"; wait "$daemon_pid"
sed -i 's/^interval_s = 1$/interval_s = 3600/' "$d/wiredesk.toml"
start_daemon "$d" "$root/daemon.log"
: > "$d/inbox/empty-late.txt"
wait_until 20 [ -e "$d/outbox/failed/empty-late.txt" ]
kill -TERM "$daemon_pid"; wait "$daemon_pid"
scrape "$root/scrape2.txt"
check "written at shutdown: failed, code empty = 1, committed = 0" \
    [ "$(value "$root/scrape2.txt" 'wiredesk_articles_total{code="empty",outcome="failed"}')" = "1" \
    -a "$(value "$root/scrape2.txt" 'wiredesk_articles_total{code="",outcome="committed"}')" = "0" ]
kill "$exporter_pid"; wait "$exporter_pid" 2>/dev/null
if grep -qi "error" "$root/exporter.log"; then bad "node_exporter logged an error: $(grep -i -m1 error "$root/exporter.log")"; fi
finish
