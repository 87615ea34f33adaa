#!/usr/bin/env python3
"""Minimal sd_notify receiver: bind an AF_UNIX/SOCK_DGRAM socket, print every
datagram (with sender PID from SCM_CREDENTIALS and the CLOCK_MONOTONIC receive time "t") as one JSON line, stop on
STOPPING=1 or after --timeout seconds.  (Adapted from shared/lab/systemd/notify-listen.py.)  Path starting with '@' = abstract socket.
usage: notify-listen.py SOCKET_PATH [--timeout S] [--ready-file F]"""
import json, os, socket, struct, sys, time

path = sys.argv[1]
timeout = float(sys.argv[sys.argv.index("--timeout") + 1]) if "--timeout" in sys.argv else 10.0
ready_file = sys.argv[sys.argv.index("--ready-file") + 1] if "--ready-file" in sys.argv else None
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
addr = "\0" + path[1:] if path.startswith("@") else path
if not path.startswith("@") and os.path.exists(path):
    os.unlink(path)
s.bind(addr)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
if ready_file:
    open(ready_file, "w").close()
deadline = time.monotonic() + timeout
while True:
    left = deadline - time.monotonic()
    if left <= 0:
        print(json.dumps({"event": "timeout"}), flush=True); break
    s.settimeout(left)
    try:
        data, anc, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(12))
    except socket.timeout:
        continue
    pid = None
    for lvl, typ, cd in anc:
        if lvl == socket.SOL_SOCKET and typ == socket.SCM_CREDENTIALS:
            pid, uid, gid = struct.unpack("iII", cd[:12])
    fields = dict(l.split("=", 1) for l in data.decode().splitlines() if "=" in l)
    print(json.dumps({"t": time.monotonic(), "pid": pid, "fields": fields}), flush=True)
    if fields.get("STOPPING") == "1":
        break
if not path.startswith("@"):
    os.unlink(path)
