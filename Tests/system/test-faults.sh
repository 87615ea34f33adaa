#!/usr/bin/env bash
# Fault injection (issue 15): each case ends with the daemon alive, every input accounted for exactly once (a result
# or a quarantined failure with a clear code) and other files still flowing.
#   disk full on a small tmpfs (loop ext4 when tmpfs cannot be mounted), unreadable files as an unprivileged user,
#   inbox / outbox / state/active removed under a running daemon, a poison pill that kills the process, the nested
#   HTML of the issue, a large article under a short article_timeout_s, same-name batches and failures, and the
#   small input cases (FF FE noise, a 1-byte file, stray NULs, --config /dev/null).
# Needs root for the mounts and the unprivileged user; without root those cases are skipped with a message.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
root=$(mktemp -d /tmp/wiredesk-faults.XXXXXX)
mounts=()
cleanup() {
    kill -9 $(jobs -p) 2>/dev/null
    wait 2>/dev/null
    for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null; done
    rm -rf "$root"
}
trap cleanup EXIT
skip() { echo "  SKIP: $*"; }

article() { # article FILE N: a small distinct article
    printf 'Headline number %s of the fault suite\n\nThe council met on Tuesday to discuss item %s of the budget. It said the plan would go ahead.\n' "$2" "$2" > "$1"
}
drop() { # drop DIR NAME N: write under a dot name, then rename into the inbox (taken at once)
    article "$1/staging/.$2" "$3" && mv "$1/staging/.$2" "$1/inbox/$2"
}
alive() { kill -0 "$daemon_pid" 2>/dev/null; }
# code DIR NAME: the error code of failed/NAME
code() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["error"]["code"])' "$1/outbox/failed/$2.error.json" 2>/dev/null; }
# once DIR NAME: exactly one of a result or a quarantined failure (with its record)
once() {
    local r=0 f=0
    [ -e "$1/outbox/$2.json" ] && r=1
    [ -e "$1/outbox/failed/$2" ] && [ -e "$1/outbox/failed/$2.error.json" ] && f=1
    [ $((r + f)) -eq 1 ] && [ ! -e "$1/inbox/$2" ] && [ ! -e "$1/state/active/$2" ]
}
results() { count "$1/outbox" -name "$2*.json"; }
has_results() { [ "$(results "$1" "$2")" -ge "$3" ]; }
stop() { kill -TERM "$daemon_pid" 2>/dev/null; wait "$daemon_pid" 2>/dev/null; }
# flowing DIR PREFIX N: N more articles dropped now all get results within 20 s
flowing() {
    local i
    for i in $(seq 1 "$3"); do drop "$1" "$2-$i.txt" "$i"; done
    wait_until 20 has_results "$1" "$2-" "$3"
}

echo "--- disk full: the outbox on a small file system, then space freed"
d=$root/full
new_spool "$d"
if [ "$(id -u)" -ne 0 ]; then
    skip "disk full needs root to mount a small file system"
else
    fs=""
    if mount -t tmpfs -o size=1m tmpfs "$d/outbox" 2>/dev/null; then
        fs=tmpfs
    else
        truncate -s 8m "$root/full.img" && mkfs.ext4 -q "$root/full.img" && mount -o loop "$root/full.img" "$d/outbox" 2>/dev/null && fs="loop ext4"
    fi
    if [ -z "$fs" ]; then
        skip "neither a tmpfs nor a loop ext4 can be mounted here"
    else
        mounts+=("$d/outbox")
        start_daemon "$d" "$d.log"
        wait_until 10 test -d "$d/outbox/failed"
        dd if=/dev/zero of="$d/outbox/filler" bs=4k 2>/dev/null  # fill it up
        for i in $(seq 1 30); do drop "$d" "full-$i.txt" "$i"; done
        sleep 3
        check "disk full ($fs): the daemon is alive" alive
        check "disk full: every file was still claimed, none waits in the inbox ($(count "$d/inbox") left)" [ "$(count "$d/inbox")" -eq 0 ]
        check "disk full: results wait in active/ ($(count "$d/state/active"))" [ "$(count "$d/state/active")" -gt 0 ]
        check "disk full: logged as retry with a backoff" grep -q "will retry in" "$d.log"
        rm -f "$d/outbox/filler"
        check "space freed: all 30 results within 30 s" wait_until 30 has_results "$d" full- 30
        ok_all=1
        for i in $(seq 1 30); do once "$d" "full-$i.txt" || ok_all=0; done
        check "space freed: each input accounted for once" [ "$ok_all" -eq 1 ]
        check "space freed: other files flowing" flowing "$d" after 5
        check "disk full: the daemon is alive at the end" alive
        stop
    fi
fi

echo "--- unreadable files, daemon as an unprivileged user"
d=$root/perm
new_spool "$d"
user=nobody
if [ "$(id -u)" -ne 0 ]; then
    skip "unreadable files need root to run the daemon as another user (root reads mode 000 files)"
elif ! id "$user" >/dev/null 2>&1 && ! useradd --system --no-create-home wiredesk-faults 2>/dev/null; then
    skip "no unprivileged user (nobody) and none can be created"
else
    id "$user" >/dev/null 2>&1 || user=wiredesk-faults
    chmod 755 "$root"
    chown -R "$user" "$d"
    setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups "$WIREDESK" run --config "$d/wiredesk.toml" 2>>"$d.log" &
    daemon_pid=$!
    wait_until 10 test -d "$d/state/active"
    sleep 0.5
    printf 'Secret headline\n\nThis article may not be read by the daemon.\n' > "$d/staging/.secret.txt"
    chmod 000 "$d/staging/.secret.txt"
    mv "$d/staging/.secret.txt" "$d/inbox/secret.txt"
    t0=$SECONDS
    check "unreadable: 100 other files flow meanwhile, within 20 s" flowing "$d" p 100
    echo "  100 articles in $((SECONDS - t0)) s next to the unreadable one"
    check "unreadable: quarantined once" wait_until 10 once "$d" secret.txt
    check "unreadable: code unreadable ($(code "$d" secret.txt))" [ "$(code "$d" secret.txt)" = unreadable ]
    check "unreadable: not logged as a retry" bash -c "! grep -q 'cannot finish secret.txt' '$d.log'"
    check "unreadable: the daemon is alive" alive
    stop
fi

echo "--- directories removed and recreated under a running daemon"
d=$root/dirs
RESCAN_S=2 new_spool "$d"
start_daemon "$d" "$d.log"
wait_until 10 test -d "$d/state/active"
check "before: flowing" flowing "$d" d0 3
rm -rf "$d/inbox"; mkdir "$d/inbox"
check "inbox removed and recreated: new files are taken" flowing "$d" d1 3
check "inbox: logged once at error level" [ "$(grep -c 'the inbox directory' "$d.log")" -eq 1 ]
mv "$d/inbox" "$d/inbox.moved"; sleep 1.5; mkdir "$d/inbox"
check "inbox moved away, another one made later: new files are taken" flowing "$d" d2 3
rm -rf "$d/outbox"; mkdir "$d/outbox"
check "outbox removed and recreated: results are written there" flowing "$d" d3 3
check "outbox: failed/ and logs/ recreated" wait_until 5 test -d "$d/outbox/failed" -a -d "$d/outbox/logs"
rm -rf "$d/state/active"
check "state/active removed: new files are taken" flowing "$d" d4 3
check "state/active recreated" test -d "$d/state/active"
check "state/active: its removal was logged" grep -q "the active directory" "$d.log"
rm -rf "$d/state/archive"
check "state/archive removed: new files are archived again" flowing "$d" d5 3
check "state/archive recreated" wait_until 5 test -d "$d/state/archive"
check "directories: the daemon is alive" alive
stop

echo "--- poison pill: an article that kills the process is quarantined as crashed at the third start"
d=$root/pill
new_spool "$d"
export WIREDESK_TEST_CRASH_ON=crash-me
drop "$d" crash-me.txt 1
for i in 1 2 3 4 5; do drop "$d" "q-$i.txt" "$i"; done
starts=0
for start in 1 2 3; do
    starts=$start
    start_daemon "$d" "$d.log"
    if wait_until 15 bash -c "! kill -0 $daemon_pid 2>/dev/null || [ -e '$d/outbox/failed/crash-me.txt' ]"; then :; fi
    alive && break
    wait "$daemon_pid" 2>/dev/null
done
check "poison pill: alive after $starts starts" alive
check "poison pill: quarantined once" wait_until 10 once "$d" crash-me.txt
check "poison pill: code crashed ($(code "$d" crash-me.txt))" [ "$(code "$d" crash-me.txt)" = crashed ]
check "poison pill: the articles that were in flight with it got results" wait_until 20 has_results "$d" q- 5
check "poison pill: other files flowing" flowing "$d" pill-after 5
stop
unset WIREDESK_TEST_CRASH_ON

echo "--- nested HTML (50,000 <div>): processed or quarantined, never a crash loop"
d=$root/nested
new_spool "$d"
python3 -c "open('$d/staging/.n.html','wb').write(b'<div>'*50000+b'x'+b'</div>'*50000)"
mv "$d/staging/.n.html" "$d/inbox/n.html"
crashes=0
for start in 1 2 3; do
    start_daemon "$d" "$d.log"
    wait_until 20 bash -c "! kill -0 $daemon_pid 2>/dev/null || [ -e '$d/outbox/n.html.json' -o -e '$d/outbox/failed/n.html.error.json' ]"
    alive && break
    crashes=$((crashes + 1))
    wait "$daemon_pid" 2>/dev/null
done
if [ "$crashes" -gt 0 ]; then
    echo "  NOTE: the nested HTML crashed the daemon $crashes time(s) (the iterative HTML walk is not merged yet?); the poison-pill guard then quarantined it"
fi
check "nested HTML: the daemon is alive" alive
check "nested HTML: accounted for once (result, or failure $(code "$d" n.html))" wait_until 10 once "$d" n.html
check "nested HTML: no crash (processed without killing the process: $crashes crashes)" [ "$crashes" -eq 0 ]
check "nested HTML: other files flowing" flowing "$d" nested-after 3
stop

echo "--- a large article under a short article_timeout_s"
d=$root/timeout
new_spool "$d"
echo "article_timeout_s = 0.3" >> "$d/wiredesk.toml"
python3 - "$d/staging/.big.txt" <<'PY'
import sys
para = "The minister said on Tuesday that the harbour would reopen after the strike, officials in the port city told reporters. "
with open(sys.argv[1], "w") as f:
    f.write("A very long article\n\n")
    for i in range(60000):
        f.write(para * 1 + "Paragraph %d.\n\n" % i)
PY
start_daemon "$d" "$d.log"
wait_until 10 test -d "$d/state/active"
mv "$d/staging/.big.txt" "$d/inbox/big.txt"
check "timeout: small files flow meanwhile" flowing "$d" small 5
check "timeout: the large article is accounted for once" wait_until 30 once "$d" big.txt
check "timeout: code timeout ($(code "$d" big.txt))" [ "$(code "$d" big.txt)" = timeout ]
check "timeout: the daemon is alive" alive
stop

echo "--- same-name batches and failures: quarantine never overwrites"
d=$root/names
new_spool "$d"
start_daemon "$d" "$d.log"
wait_until 10 test -d "$d/state/active"
for k in 1 2; do
    printf '{"headline": "Good line %s", "body": "A good first line of batch %s with words."}\n{"headline": broken %s\n{"headline": "Third %s", "body": "Another fine line in batch %s."}\n' $k $k $k $k $k > "$d/staging/.feed.jsonl"
    mv "$d/staging/.feed.jsonl" "$d/inbox/feed.jsonl"
    wait_until 10 bash -c "[ ! -e '$d/inbox/feed.jsonl' ] && [ -z \"\$(ls -A '$d/state/active')\" ]"
    head -c 300 /dev/urandom > "$d/staging/.blob.bin"; printf '\0\0\0\0' >> "$d/staging/.blob.bin"
    mv "$d/staging/.blob.bin" "$d/inbox/blob.bin"
    wait_until 10 bash -c "[ ! -e '$d/inbox/blob.bin' ] && [ -z \"\$(ls -A '$d/state/active')\" ]"
done
check "batches: both bad lines 2 kept (line-2 and line-2.1)" test -e "$d/outbox/failed/feed.jsonl.line-2" -a -e "$d/outbox/failed/feed.jsonl.line-2.1"
check "batches: each with its record" test -e "$d/outbox/failed/feed.jsonl.line-2.error.json" -a -e "$d/outbox/failed/feed.jsonl.line-2.1.error.json"
check "batches: the two lines differ (nothing overwritten)" bash -c "! cmp -s '$d/outbox/failed/feed.jsonl.line-2' '$d/outbox/failed/feed.jsonl.line-2.1'"
check "batches: the good lines of both batches have results ($(results "$d" feed.jsonl.line-))" [ "$(results "$d" feed.jsonl.line-)" -eq 4 ]
check "files: both failed blob.bin kept (blob.bin, blob.bin.1) with records" test -e "$d/outbox/failed/blob.bin" -a -e "$d/outbox/failed/blob.bin.1" -a -e "$d/outbox/failed/blob.bin.1.error.json"
check "same names: the daemon is alive" alive
stop

echo "--- small inputs through wiredesk process"
w=$root/small
mkdir -p "$w"
python3 -c "import random; r=random.Random(7); open('$w/noise.txt','wb').write(b'\xff\xfe'+bytes(r.randrange(256) for _ in range(20000)))"
printf 'x' > "$w/one.txt"
printf 'Legacy export headline\n\nThe system wrote this\0 article with two stray NUL bytes\0 in the middle of the text.\n' > "$w/nul.txt"
proc_code() { "$WIREDESK" process "$1" 2>/dev/null | python3 -c 'import json,sys; d=json.loads(sys.stdin.readline()); print(d.get("error",{}).get("code") or ("ok" if "article" in d else "?"))'; }
check "FF FE + random bytes: binary ($(proc_code "$w/noise.txt"))" [ "$(proc_code "$w/noise.txt")" = binary ]
check "a 1-byte file: too_short ($(proc_code "$w/one.txt"))" [ "$(proc_code "$w/one.txt")" = too_short ]
check "text with two stray NULs: a result ($(proc_code "$w/nul.txt"))" [ "$(proc_code "$w/nul.txt")" = ok ]
check "check-config --config /dev/null: the defaults" bash -c "'$WIREDESK' check-config --config /dev/null | grep -q 'settle_ms = 300'"
finish
