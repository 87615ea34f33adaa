#!/usr/bin/env python3
"""End-to-end benchmark of `wiredesk run` (issue #6).

Starts the release daemon on fresh temporary spool directories, drops articles into its inbox and reads the
outbox event log (`outbox/logs/events-*.jsonl`, one `committed` line per article with `latency_ms`) to time them.

Scenarios (each repeated --runs times; the summary gives medians):
  burst   N articles (default 20,000, cycled from the corpus) renamed into the inbox at once;
          articles/s from the first drop to the last commit, latency, peak RSS (VmHWM), CPU s/article.
          Run for the full pipeline and the floor (`[pipeline] stages = ["none"]`: pure claim/commit I/O),
          each with durable commits (fsync) and without (`durable = false`).
  steady  articles renamed in at a fixed rate (default 200/s); p50/p95/p99 arrival-to-commit latency.
  startup time from exec to READY=1, received on a NOTIFY_SOCKET this script binds (the daemon calls sd_notify).
  backlog 100,000 files waiting in the inbox: resident memory sampled while the daemon works through them.

Files are staged in a sibling folder on the same file system and renamed into the inbox, as careful producers do
(a rename is taken at once, DESIGN.md §3). Their mtime is set 10 s into the past so that files found by a rescan
(inotify's queue holds 16,384 events) need not wait for the quiet period meant for half-written files.

Numbers are printed and written as JSON (--json); nothing is asserted. Progress goes to stderr on a TTY.
"""
import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

TTY = sys.stderr.isatty()
# Spools are deleted only when the whole script ends: this ext4 has no journal, and for ~30 s after a mass delete
# it skips every recently deleted inode when creating files (kernel `recently_deleted`), which made each run that
# followed a cleanup 2-5x slower at creating result files. Runs must not measure the previous run's cleanup.
WORK_DIRS = []
CLK_TCK = os.sysconf("SC_CLK_TCK")


def progress(line):
    if TTY:
        sys.stderr.write("\r" + line[:150] + "\x1b[K")
        sys.stderr.flush()


def progress_done():
    if TTY:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


def log(line):
    progress_done()
    print(line, file=sys.stderr, flush=True)


def load_corpus(path):
    files = []
    for root, _, names in os.walk(path):
        for name in names:
            if name.startswith(".") or name.endswith(".md"):
                continue
            files.append(os.path.join(root, name))
    files.sort()
    if not files:
        sys.exit(f"bench-e2e: no articles under {path}")
    corpus = []
    for f in files:
        with open(f, "rb") as fh:
            label = os.path.basename(os.path.dirname(f))
            corpus.append((f"{label}-{os.path.basename(f)}", fh.read()))
    return corpus


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * p))]


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def proc_status(pid):
    """VmRSS and VmHWM in KiB."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":", 1)
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def proc_cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime
    except OSError:
        return None


def iso_to_epoch(text):
    # 2026-11-29T03:34:31.123Z
    import calendar

    seconds = calendar.timegm(time.strptime(text[:19], "%Y-%m-%dT%H:%M:%S"))
    return seconds + float("0" + text[19:-1]) if len(text) > 20 else float(seconds)


class EventTail:
    """Follows every events-*.jsonl file in outbox/logs (they rotate by size and day)."""

    def __init__(self, logs_dir):
        self.logs_dir = logs_dir
        self.offsets = {}
        self.partial = {}
        self.committed = {}  # name -> (epoch of commit, latency_ms)
        self.failed = {}

    def poll(self):
        try:
            names = sorted(n for n in os.listdir(self.logs_dir) if n.startswith("events-") and n.endswith(".jsonl"))
        except FileNotFoundError:
            return
        for n in names:
            path = os.path.join(self.logs_dir, n)
            with open(path, "rb") as fh:
                fh.seek(self.offsets.get(n, 0))
                data = fh.read()
            if not data:
                continue
            self.offsets[n] = self.offsets.get(n, 0) + len(data)
            data = self.partial.pop(n, b"") + data
            lines = data.split(b"\n")
            if lines[-1]:
                self.partial[n] = lines[-1]
            for raw in lines[:-1]:
                if b'"committed"' not in raw and b'"failed"' not in raw:
                    continue
                try:
                    record = json.loads(raw)
                except ValueError:
                    continue
                if record.get("event") == "committed":
                    self.committed[record.get("name")] = (iso_to_epoch(record["time"]), record.get("latency_ms"))
                elif record.get("event") == "failed":
                    self.failed[record.get("name")] = iso_to_epoch(record["time"])

    @property
    def done(self):
        return len(self.committed) + len(self.failed)


class Daemon:
    """One `wiredesk run` on its own temporary spool, with a NOTIFY_SOCKET listener for READY=1."""

    def __init__(self, binary, root, *, stages, durable, log_level):
        self.root = root
        self.inbox = os.path.join(root, "inbox")
        self.outbox = os.path.join(root, "outbox")
        self.state = os.path.join(root, "state")
        for d in (self.inbox, self.outbox, self.state):
            os.makedirs(d, exist_ok=True)
        self.config = os.path.join(root, "wiredesk.toml")
        stage_list = ", ".join(f'"{s}"' for s in stages)
        with open(self.config, "w") as fh:
            fh.write(
                f'inbox = "{self.inbox}"\noutbox = "{self.outbox}"\nstate_dir = "{self.state}"\n'
                f"durable = {'true' if durable else 'false'}\n\n"
                f'[log]\ntarget = "stderr"\nlevel = "{log_level}"\n\n[pipeline]\nstages = [{stage_list}]\n'
            )
        self.binary = binary
        self.proc = None
        self.startup_s = None
        self.cpu_at_ready = 0.0

    def start(self, timeout=60):
        sock_path = os.path.join(self.root, "notify.sock")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(sock_path)
        env = dict(os.environ, NOTIFY_SOCKET=sock_path)
        env.pop("WATCHDOG_USEC", None)
        env.pop("JOURNAL_STREAM", None)
        self.stderr = open(os.path.join(self.root, "daemon.log"), "wb")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(
            [self.binary, "run", "--config", self.config], env=env, stdout=self.stderr, stderr=self.stderr
        )
        deadline = t0 + timeout
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    if self.proc.poll() is None:
                        self.proc.kill()
                        self.proc.wait()
                    raise RuntimeError(f"daemon did not send READY=1 (see {self.root}/daemon.log)")
                sock.settimeout(min(left, 0.5))
                try:
                    data = sock.recv(4096)
                except socket.timeout:
                    continue
                if b"READY=1" in data.split(b"\n"):
                    self.startup_s = time.monotonic() - t0
                    break
        finally:
            sock.close()
        self.cpu_at_ready = proc_cpu_seconds(self.proc.pid) or 0.0
        return self.startup_s

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.stderr.close()


def stage_files(directory, corpus, n, prefix="a"):
    """Writes n articles cycled from the corpus under unique names; returns the names in drop order."""
    os.makedirs(directory, exist_ok=True)
    past = time.time() - 10
    names = []
    for i in range(n):
        base, data = corpus[i % len(corpus)]
        name = f"{prefix}{i:06d}-{base}"
        path = os.path.join(directory, name)
        with open(path, "wb") as fh:
            fh.write(data)
        os.utime(path, (past, past))
        names.append(name)
        if i % 2000 == 0:
            progress(f"staging {i}/{n} files")
    return names


def wait_for(daemon, tail, n, timeout, label, samples):
    """Polls the event log until n articles are done, sampling RSS. Returns False on timeout or daemon death."""
    deadline = time.monotonic() + timeout
    while True:
        tail.poll()
        st = proc_status(daemon.proc.pid)
        if "VmRSS" in st:
            samples.append(st["VmRSS"])
        if tail.done >= n:
            return True
        if time.monotonic() > deadline or daemon.proc.poll() is not None:
            return False
        progress(f"{label}: {tail.done}/{n} committed, RSS {st.get('VmRSS', 0) // 1024} MiB")
        time.sleep(0.05)


def run_drop(args, corpus, *, stages, durable, rate, n, label):
    """One daemon, n articles dropped as a burst (rate None) or at `rate` per second. Returns a result dict."""
    root = tempfile.mkdtemp(prefix="wiredesk-bench-", dir=args.workdir)
    WORK_DIRS.append(root)
    try:
        staging = os.path.join(root, "staging")
        names = stage_files(staging, corpus, n)
        daemon = Daemon(args.binary, root, stages=stages, durable=durable, log_level=args.log_level)
        daemon.start()
        tail = EventTail(os.path.join(daemon.outbox, "logs"))
        arrivals = {}
        samples = []
        t_first = time.time()
        if rate is None:
            for name in names:
                os.rename(os.path.join(staging, name), os.path.join(daemon.inbox, name))
            t_drop_end = time.time()
            for name in names:
                arrivals[name] = t_first  # a burst arrives at once; per-file times would only add Python's pace
        else:
            interval = 1.0 / rate
            start = time.monotonic()
            for i, name in enumerate(names):
                due = start + i * interval
                now = time.monotonic()
                if due > now:
                    time.sleep(due - now)
                os.rename(os.path.join(staging, name), os.path.join(daemon.inbox, name))
                arrivals[name] = time.time()
                if i % 50 == 0:
                    tail.poll()
                    progress(f"{label}: dropped {i}/{n}, {tail.done} committed")
            t_drop_end = time.time()
        timeout = args.timeout if args.timeout else max(120.0, n / 50.0)
        complete = wait_for(daemon, tail, n, timeout, label, samples)
        status = proc_status(daemon.proc.pid)
        cpu = proc_cpu_seconds(daemon.proc.pid)
        daemon.stop()
        progress_done()
        commits = tail.committed
        if not commits:
            raise RuntimeError(f"{label}: nothing committed (see {root}/daemon.log)")
        last_commit = max(t for t, _ in commits.values())
        elapsed = max(last_commit - t_first, 1e-3)
        log_latency = [lat for _, lat in commits.values() if lat is not None]
        observed = [(t - arrivals[name]) * 1000 for name, (t, _) in commits.items() if name in arrivals]
        result = {
            "label": label,
            "stages": stages,
            "durable": durable,
            "rate": rate,
            "articles": n,
            "committed": len(commits),
            "failed": len(tail.failed),
            "complete": complete,
            "drop_seconds": t_drop_end - t_first,
            "seconds": elapsed,
            "articles_per_s": len(commits) / elapsed,
            "latency_log_ms": {p: percentile(log_latency, q) for p, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))},
            "latency_observed_ms": {
                p: percentile(observed, q) for p, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
            },
            "peak_rss_mib": status.get("VmHWM", 0) / 1024,
            "max_sampled_rss_mib": (max(samples) if samples else 0) / 1024,
            "cpu_s_per_article": ((cpu - daemon.cpu_at_ready) / len(commits)) if cpu is not None else None,
            "startup_s": daemon.startup_s,
        }
        if not complete:
            log(f"{label}: only {tail.done}/{n} done before the time-out (kept {root} for inspection)")
            result["workdir"] = root
        return result
    except BaseException:
        log(f"{label}: failed; its spool is kept in {root}")
        WORK_DIRS.remove(root)
        raise


def run_startup(args):
    root = tempfile.mkdtemp(prefix="wiredesk-bench-", dir=args.workdir)
    WORK_DIRS.append(root)
    daemon = Daemon(args.binary, root, stages=["normalize", "extract", "classify"], durable=True,
                    log_level=args.log_level)
    try:
        t = daemon.start()
        time.sleep(0.3)  # let the idle RSS settle after READY
        rss = proc_status(daemon.proc.pid).get("VmRSS", 0) / 1024
    finally:
        daemon.stop()
    return t, rss


def run_backlog(args, corpus, n, window):
    """RSS while n files wait in the inbox: idle after READY, then sampled for `window` s after the drop."""
    root = tempfile.mkdtemp(prefix="wiredesk-bench-", dir=args.workdir)
    WORK_DIRS.append(root)
    staging = os.path.join(root, "staging")
    names = stage_files(staging, corpus, n, prefix="b")
    daemon = Daemon(args.binary, root, stages=["normalize", "extract", "classify"], durable=True,
                    log_level=args.log_level)
    daemon.start()
    time.sleep(0.3)
    idle = proc_status(daemon.proc.pid).get("VmRSS", 0)
    for i, name in enumerate(names):
        os.rename(os.path.join(staging, name), os.path.join(daemon.inbox, name))
        if i % 5000 == 0:
            progress(f"backlog: dropped {i}/{n}")
    tail = EventTail(os.path.join(daemon.outbox, "logs"))
    samples = []  # (seconds since drop, RSS KiB)
    t0 = time.monotonic()
    while time.monotonic() - t0 < window and daemon.proc.poll() is None:
        st = proc_status(daemon.proc.pid)
        samples.append((time.monotonic() - t0, st.get("VmRSS", 0)))
        tail.poll()
        progress(f"backlog: {time.monotonic() - t0:4.1f}/{window} s, {tail.done} done, RSS {st.get('VmRSS', 0) // 1024} MiB")
        time.sleep(0.1)
    tail.poll()
    hwm = proc_status(daemon.proc.pid).get("VmHWM", 0)
    daemon.stop()
    progress_done()
    early = [rss for t, rss in samples if t >= 2.0][:1] or [samples[0][1] if samples else 0]
    peak = max((rss for _, rss in samples), default=0)
    return {
        "files": n,
        "window_s": window,
        "processed_in_window": tail.done,
        "waiting_at_end": n - tail.done,
        "idle_rss_mib": idle / 1024,
        "rss_at_2s_mib": early[0] / 1024,
        "peak_rss_mib": peak / 1024,
        "vmhwm_mib": hwm / 1024,
        "growth_after_2s": (peak / early[0] - 1) if early[0] else None,
    }


def machine_description():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f"{int(fh.readline().split()[1]) / 1048576:.0f} GiB RAM"
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), {mem}, {platform.system()} {platform.release()}"


def summarize(results):
    """Medians per label across runs."""
    by_label = {}
    for r in results:
        by_label.setdefault(r["label"], []).append(r)
    out = {}
    for label, runs in by_label.items():
        out[label] = {
            "runs": len(runs),
            "complete": all(r["complete"] for r in runs),
            "articles": runs[0]["articles"],
            "articles_per_s": median([r["articles_per_s"] for r in runs]),
            "articles_per_s_all": [round(r["articles_per_s"], 1) for r in runs],
            "latency_log_ms": {p: median([r["latency_log_ms"][p] for r in runs]) for p in ("p50", "p95", "p99")},
            "latency_observed_ms": {
                p: median([r["latency_observed_ms"][p] for r in runs]) for p in ("p50", "p95", "p99")
            },
            "peak_rss_mib": median([r["peak_rss_mib"] for r in runs]),
            "cpu_s_per_article": median([r["cpu_s_per_article"] for r in runs]),
            "failed": max(r["failed"] for r in runs),
        }
    return out


def fmt(v, digits=1):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def print_table(summary, extra):
    rows = [
        "| scenario | articles/s | latency p50 / p95 / p99 ms (event log) | peak RSS MiB | CPU ms/article | runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, s in summary.items():
        lat = s["latency_log_ms"]
        rows.append(
            f"| {label} | {fmt(s['articles_per_s'], 0)} | {fmt(lat['p50'])} / {fmt(lat['p95'])} / {fmt(lat['p99'])} "
            f"| {fmt(s['peak_rss_mib'])} | {fmt((s['cpu_s_per_article'] or 0) * 1000, 3)} | {s['runs']} |"
        )
    print("\n".join(rows))
    if "startup" in extra:
        st = extra["startup"]
        print(f"\nstart-up to READY: median {fmt(st['median_ms'], 0)} ms over {len(st['all_ms'])} starts; "
              f"idle RSS {fmt(st['idle_rss_mib'])} MiB")
    if "backlog" in extra:
        b = extra["backlog"]
        print(f"backlog: {b['files']} files, idle {fmt(b['idle_rss_mib'])} MiB, RSS at 2 s {fmt(b['rss_at_2s_mib'])} "
              f"MiB, peak {fmt(b['peak_rss_mib'])} MiB over {b['window_s']} s ({b['waiting_at_end']} still waiting)")
    if "floor_fraction" in extra:
        for k, v in extra["floor_fraction"].items():
            print(f"full pipeline / floor ({k}): {fmt(v * 100)} %")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(repo, ".build/release/wiredesk"))
    p.add_argument("--corpus", default=os.path.join(os.path.dirname(repo), "shared/corpora/bbc-train"))
    p.add_argument("--articles", type=int, default=20000, help="burst size (cycled from the corpus)")
    p.add_argument("--rate", type=float, default=200.0, help="steady drop rate, articles/s")
    p.add_argument("--steady-articles", type=int, default=3000, help="articles dropped at the steady rate")
    p.add_argument("--runs", type=int, default=3, help="repetitions of each scenario (medians are reported)")
    p.add_argument("--startup-runs", type=int, default=5)
    p.add_argument("--backlog", type=int, default=100000, help="files waiting in the inbox for the RSS check (0: skip)")
    p.add_argument("--backlog-window", type=float, default=15.0)
    p.add_argument("--scenarios", default="burst,steady,floor,nondurable,startup,backlog",
                   help="comma-separated subset of burst, steady, floor, nondurable, startup, backlog")
    p.add_argument("--log-level", default="info", help="daemon log level (logs go to a file in the work dir)")
    p.add_argument("--workdir", default=None, help="parent of the temporary spools (default: $TMPDIR)")
    p.add_argument("--timeout", type=float, default=0, help="per run; default max(120 s, articles / 50)")
    p.add_argument("--keep", action="store_true", help="keep the temporary spools")
    p.add_argument("--json", help="write all results here")
    args = p.parse_args()
    if not args.keep:
        import atexit

        atexit.register(lambda: [shutil.rmtree(d, ignore_errors=True) for d in WORK_DIRS])
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"bench-e2e: no executable at {args.binary} (swift build -c release)")
    corpus = load_corpus(args.corpus)
    scenarios = set(args.scenarios.split(","))
    full = ["normalize", "extract", "classify"]
    floor = ["none"]
    log(f"bench-e2e: {len(corpus)} corpus articles from {args.corpus}; {machine_description()}")

    plan = []
    if "burst" in scenarios:
        plan.append(("full, durable, burst", full, True, None, args.articles))
    if "nondurable" in scenarios:
        plan.append(("full, no fsync, burst", full, False, None, args.articles))
    if "floor" in scenarios:
        plan.append(("floor, durable, burst", floor, True, None, args.articles))
        if "nondurable" in scenarios:
            plan.append(("floor, no fsync, burst", floor, False, None, args.articles))
    if "steady" in scenarios:
        plan.append((f"full, durable, steady {args.rate:g}/s", full, True, args.rate, args.steady_articles))
        if "floor" in scenarios:
            plan.append((f"floor, durable, steady {args.rate:g}/s", floor, True, args.rate, args.steady_articles))

    results = []
    # Runs interleave (A B C A B C …) so a slow spell on the shared machine does not hit one scenario only.
    for run in range(args.runs):
        for label, stages, durable, rate, n in plan:
            r = run_drop(args, corpus, stages=stages, durable=durable, rate=rate, n=n, label=label)
            r["run"] = run + 1
            results.append(r)
            log(f"[{run + 1}/{args.runs}] {label}: {r['articles_per_s']:.0f} articles/s, "
                f"p99 {fmt(r['latency_log_ms']['p99'])} ms, peak RSS {r['peak_rss_mib']:.1f} MiB")

    extra = {}
    if "startup" in scenarios:
        times, rss = [], []
        for i in range(args.startup_runs):
            t, r = run_startup(args)
            times.append(t * 1000)
            rss.append(r)
            progress(f"start-up {i + 1}/{args.startup_runs}: {t * 1000:.0f} ms")
        progress_done()
        extra["startup"] = {"median_ms": median(times), "all_ms": [round(t, 1) for t in times],
                            "idle_rss_mib": median(rss)}
    if "backlog" in scenarios and args.backlog > 0:
        extra["backlog"] = run_backlog(args, corpus, args.backlog, args.backlog_window)

    summary = summarize(results)
    fractions = {}
    for kind in ("durable", "no fsync"):
        f, fl = summary.get(f"full, {kind}, burst"), summary.get(f"floor, {kind}, burst")
        if f and fl and fl["articles_per_s"]:
            fractions[kind] = f["articles_per_s"] / fl["articles_per_s"]
    if fractions:
        extra["floor_fraction"] = fractions
    print_table(summary, extra)
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as fh:
            json.dump({"machine": machine_description(), "corpus": args.corpus, "corpus_articles": len(corpus),
                       "log_level": args.log_level, "summary": summary, "runs": results, **extra}, fh, indent=1)


if __name__ == "__main__":
    main()
