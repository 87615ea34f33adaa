#!/bin/bash
# Runs INSIDE a container booted with systemd as PID 1 (Tests/system/test-nspawn.sh). The payload at /opt/lab holds the
# static release binary, a copy of deploy/, the models and the fixture articles. Prints PASS/FAIL lines and a closing
# "N passed, N failed"; blocks between ==== BEGIN/END … ==== lines are quoted by the host script.
set -u
U=wiredesk
SPOOL=/var/lib/wiredesk
pass=0
fail=0
ok() { echo "PASS: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
prop() { systemctl show -p "$1" --value $U; }
wait_for() { # wait_for SECONDS COMMAND...
    local end=$((SECONDS + $1)); shift
    while ((SECONDS < end)); do "$@" 2>/dev/null && return 0; sleep 0.1; done
    "$@" 2>/dev/null
}
drop() { # drop FIXTURE [NAME]: a producer (group wiredesk) writes under a dot-name and renames into the inbox
    local name=${2:-$1}
    runuser -u producer -- sh -c "cp /opt/lab/fixtures/$1.txt /var/spool/wiredesk/inbox/.$name.part \
        && mv /var/spool/wiredesk/inbox/.$name.part /var/spool/wiredesk/inbox/$name.txt"
}

# --- install with deploy/install.sh (prebuilt binary: the container has no Swift toolchain)
/opt/lab/repo/deploy/install.sh --binary /opt/lab/wiredesk > /tmp/install.log 2>&1 && ok "deploy/install.sh installed wiredesk" \
    || { bad "install.sh failed"; cat /tmp/install.log; }
tail -2 /tmp/install.log
id wiredesk > /dev/null 2>&1 && ok "sysusers: user wiredesk exists" || bad "no user wiredesk"
useradd --no-create-home --groups wiredesk producer
journalctl -F MESSAGE_ID > /dev/null
journalctl --list-catalog 2>/dev/null | grep -q 'Wiredesk committed a result' && ok "catalog installed" || bad "catalog not installed"

# Test settings in a drop-in: a short watchdog, and the test-only hang on articles named *hang-me*.
mkdir -p /etc/systemd/system/$U.service.d
cat > /etc/systemd/system/$U.service.d/test.conf <<CONF
[Service]
WatchdogSec=4s
RestartSec=500ms
Environment=WIREDESK_TEST_HANG_ON=hang-me
CONF
systemctl daemon-reload

# --- start: returns only after READY=1
t0=$(date +%s%N)
systemctl start $U && ok "systemctl start returned (READY=1)" || bad "systemctl start failed"
echo "timing: systemctl start until READY=1: $((($(date +%s%N) - t0) / 1000000)) ms"
[[ $(prop ActiveState) == active ]] && ok "active after start" || bad "ActiveState=$(prop ActiveState)"
mp=$(prop MainPID)
uid=$(awk '/^Uid:/{print $2}' /proc/"$mp"/status)
[[ $uid == "$(id -u wiredesk)" ]] && ok "runs as user wiredesk (uid $uid)" || bad "MainPID $mp runs as uid $uid"
inv=$(prop InvocationID)
echo "limits of MainPID: $(grep -i nice /proc/"$mp"/limits) ($(prop LimitNICE)); PID 1: $(grep -i nice /proc/1/limits)"

# --- the examples, dropped by a producer in the wiredesk group
for f in harbour-strike chess-final rail-budget broken-binary; do drop $f; done
wait_for 60 test -e $SPOOL/outbox/harbour-strike.txt.json -a -e $SPOOL/outbox/chess-final.txt.json -a -e $SPOOL/outbox/rail-budget.txt.json \
    && ok "results for 3 articles in the outbox" || { bad "results missing"; ls -la $SPOOL/outbox; }
wait_for 20 sh -c "ls -A $SPOOL/outbox/failed | grep -q ." && ok "the broken article went to outbox/failed" || bad "no failed record"
grep -Eq '"name": ?"chess-final.txt"' $SPOOL/outbox/chess-final.txt.json && grep -Eq '"id": ?"[0-9a-f]{64}"' $SPOOL/outbox/chess-final.txt.json \
    && ok "result JSON has id and source name" || bad "result JSON unexpected: $(head -c 300 $SPOOL/outbox/chess-final.txt.json)"
[[ -z $(ls -A $SPOOL/inbox) ]] && ok "inbox empty again" || bad "inbox still has: $(ls -A $SPOOL/inbox)"

# --- systemctl status shows the live STATUS= line (updated every 2 s)
wait_for 10 sh -c "systemctl show -p StatusText --value $U | grep -q '^processed 3, failed 1'" \
    && ok "StatusText: $(prop StatusText)" || bad "StatusText='$(prop StatusText)'"
echo "==== BEGIN systemctl status ===="
systemctl status --no-pager $U | sed -n '1,14p'
echo "==== END systemctl status ===="
systemctl status --no-pager $U | grep -q 'Status: "processed 3, failed 1' && ok "systemctl status shows the Status: line" \
    || bad "no Status: line in systemctl status"

# --- journald: structured fields under the unit (log target auto -> journald)
journalctl --sync
n=$(journalctl -u $U -o json _SYSTEMD_INVOCATION_ID="$inv" STAGE=commit ARTICLE_NAME=chess-final.txt | grep -Ec '"ARTICLE_ID":"[0-9a-f]{64}"')
[[ $n == 1 ]] && ok "journalctl -u $U -o json: ARTICLE_ID/STAGE/ARTICLE_NAME fields (log.target auto chose journald)" \
    || bad "structured fields missing ($n)"
echo "==== BEGIN journalctl -o json ===="
journalctl -u $U -o json STAGE=commit ARTICLE_NAME=chess-final.txt --no-pager | tail -1
echo "==== END journalctl -o json ===="
[[ $(journalctl -u $U -o json ERROR_CODE=binary | grep -c '"PRIORITY":"4"') == 1 ]] \
    && ok "failed article: ERROR_CODE=binary at PRIORITY=4" || bad "no ERROR_CODE entry"
journalctl -u $U -x --no-pager MESSAGE_ID=4f5c1b1e8a0b4c47a3c55d1a1e2f7a04 | grep -q 'Subject: Wiredesk committed a result' \
    && ok "journalctl -x explains MESSAGE_ID …a04 from the catalog" || bad "catalog text not shown by journalctl -x"

# --- reload: switch to debug logging; per-stage entries appear
sed -i 's/^level = "info"/level = "debug"/' /etc/wiredesk/wiredesk.toml
systemctl reload $U && ok "systemctl reload returned" || bad "systemctl reload failed"
[[ $(prop ActiveState) == active && $(prop MainPID) == "$mp" ]] && ok "still active, same MainPID after reload" \
    || bad "reload changed state: $(prop ActiveState) $(prop MainPID)"
drop harbour-strike second-article
wait_for 30 test -e $SPOOL/outbox/second-article.txt.json && ok "processing goes on after the reload" || bad "nothing after reload"
journalctl --sync
n=$(journalctl -u $U -o json STAGE=classify ARTICLE_NAME=second-article.txt | wc -l)
[[ $n -ge 1 ]] && ok "after reload to debug: journalctl -u $U STAGE=classify finds the stage entry" \
    || bad "no STAGE=classify entry after reload"
journalctl -u $U -o cat --no-pager | grep -q 'configuration reloaded' && ok "journal: configuration reloaded" || bad "no reload message"
# A configuration the daemon cannot run: `systemctl reload` fails, the daemon keeps the running one.
cp /etc/wiredesk/wiredesk.toml /tmp/wiredesk.toml.good
sed -i 's|^# topic_model = .*|topic_model = "/nonexistent/topic.model"|' /etc/wiredesk/wiredesk.toml
grep -q '^topic_model = "/nonexistent' /etc/wiredesk/wiredesk.toml || bad "test setup: no topic_model line to break"
systemctl reload $U && bad "systemctl reload succeeded on a broken configuration" || ok "systemctl reload fails on a broken configuration"
[[ $(prop ActiveState) == active && $(prop MainPID) == "$mp" ]] && ok "still active with the old configuration" \
    || bad "rejected reload changed state: $(prop ActiveState) $(prop MainPID)"
journalctl -u $U -o cat --no-pager | grep -q 'reload failed, keeping the running configuration' \
    && ok "journal: reload failed, keeping the running configuration" || bad "no rejected-reload message"
cp /tmp/wiredesk.toml.good /etc/wiredesk/wiredesk.toml
systemctl reload $U && ok "systemctl reload on the repaired configuration" || bad "reload of the repaired configuration failed"

# --- watchdog: a hung worker stops the pings; systemd kills and restarts; nothing is lost
pid1=$(prop MainPID)
drop rail-budget hang-me-1
drop chess-final after-hang
t0=$(date +%s%N)
wait_for 40 sh -c "[ \$(systemctl show -p NRestarts --value $U) -ge 1 ] && [ \$(systemctl show -p ActiveState --value $U) = active ]"
r=$(prop NRestarts)
echo "timing: hang -> restarted and active again: $((($(date +%s%N) - t0) / 1000000)) ms (WatchdogSec=4s)"
[[ $r -ge 1 && $(prop MainPID) != "$pid1" ]] && ok "watchdog restarted the service (NRestarts=$r)" || bad "no watchdog restart (NRestarts=$r)"
journalctl -u $U --no-pager -o cat | grep -q 'Watchdog timeout' && ok "journal: 'Watchdog timeout'" || bad "no 'Watchdog timeout' message"
wait_for 30 test -e $SPOOL/outbox/after-hang.txt.json && ok "the article dropped beside the hung one was processed" \
    || bad "after-hang.json missing"
# Without the hang, the restarted daemon finishes the article that was stuck (it waited in active/).
rm /etc/systemd/system/$U.service.d/test.conf
systemctl daemon-reload
systemctl restart $U
wait_for 30 test -e $SPOOL/outbox/hang-me-1.txt.json && ok "nothing lost: the hung article was finished after the restart" \
    || { bad "hang-me-1.json missing"; ls -la $SPOOL/active $SPOOL/outbox; }
wait_for 10 sh -c "! ls -A $SPOOL/active | grep -q ." && ok "active/ empty" || bad "active/ still has $(ls -A $SPOOL/active)"

# --- stop: SIGTERM, drain, exit 0
systemctl stop $U
res=$(prop Result)
code=$(prop ExecMainStatus)
[[ $res == success && $code == 0 ]] && ok "systemctl stop: Result=$res ExecMainStatus=$code" || bad "stop: Result=$res ExecMainStatus=$code"
journalctl --sync
journalctl -u $U -o cat --no-pager | grep -q '^stopped: processed' && ok "journal: stopped message" || bad "no stopped message"

# --- a templated instance: wiredesk@sports with /etc/wiredesk/sports.toml and its own state directory
sed 's|/var/lib/wiredesk|/var/lib/wiredesk-sports|' /etc/wiredesk/wiredesk.toml > /etc/wiredesk/sports.toml
systemctl start wiredesk@sports && ok "wiredesk@sports started (READY=1)" || bad "wiredesk@sports did not start"
wait_for 10 test -d /var/lib/wiredesk-sports/inbox
cp /opt/lab/fixtures/chess-final.txt /var/lib/wiredesk-sports/inbox/.c.part
mv /var/lib/wiredesk-sports/inbox/.c.part /var/lib/wiredesk-sports/inbox/chess-final.txt
wait_for 30 test -e /var/lib/wiredesk-sports/outbox/chess-final.txt.json && ok "wiredesk@sports processed an article" \
    || bad "wiredesk@sports: no result"
systemctl stop wiredesk@sports
[[ $(systemctl show -p Result --value wiredesk@sports) == success ]] && ok "wiredesk@sports stopped cleanly" \
    || bad "wiredesk@sports stop: $(systemctl show -p Result --value wiredesk@sports)"

echo
echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]
