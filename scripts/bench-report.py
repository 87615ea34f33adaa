#!/usr/bin/env python3
"""Writes Benchmarks/RESULTS.md from the outputs of one `make bench` run (issue #6).

usage: bench-report.py RESULTS_DIR OUTPUT.md

Benchmarks/RESULTS-notes.md (hand-written analysis) is appended as it is.
RESULTS_DIR holds what scripts/bench-all.sh collected: e2e.json (scripts/bench-e2e.py), spacy.json
(scripts/bench-spacy.sh), stages.md (`wiredesk bench`), micro.md (ordo-one/benchmark), meta.json, and *.status
files with the exit status of each step. A missing or failed part is reported as such, never invented.
"""
import json
import os
import sys

MB = 1_000_000 / 1_048_576  # 150 MB (10^6 bytes) in MiB, per MB


def load_json(path):
    try:
        with open(path) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def read_text(path):
    try:
        with open(path) as fh:
            return fh.read().strip()
    except OSError:
        return None


def fmt(v, digits=1):
    return "–" if v is None else f"{v:,.{digits}f}"


def verdict(value, target, higher_is_better):
    if value is None:
        return "not measured"
    ok = value >= target if higher_is_better else value <= target
    return "met" if ok else "**missed**"


def main():
    results, output = sys.argv[1], sys.argv[2]
    e2e = load_json(os.path.join(results, "e2e.json")) or {}
    spacy = load_json(os.path.join(results, "spacy.json")) or {}
    meta = load_json(os.path.join(results, "meta.json")) or {}
    stages = read_text(os.path.join(results, "stages.md"))
    micro = read_text(os.path.join(results, "micro.md"))
    summary = e2e.get("summary", {})

    burst = summary.get("full, durable, burst", {})
    steady = next((v for k, v in summary.items() if k.startswith("full, durable, steady")), {})
    steady_label = next((k for k in summary if k.startswith("full, durable, steady")), "full, durable, steady")
    startup = e2e.get("startup", {})
    backlog = e2e.get("backlog", {})
    floor_fraction = e2e.get("floor_fraction", {})
    wiredesk_aps = burst.get("articles_per_s")
    spacy_aps = spacy.get("best_articles_per_s")
    ratio = (wiredesk_aps / spacy_aps) if (wiredesk_aps and spacy_aps) else None
    peak_rss_mb = burst.get("peak_rss_mib") / MB if burst.get("peak_rss_mib") else None
    growth = backlog.get("growth_after_2s")

    lines = ["# Wiredesk benchmark results", ""]
    lines.append(
        "Written by `make bench` (scripts/bench-all.sh → scripts/bench-report.py); numbers are medians of several "
        "runs on a shared, noisy machine: read the ratios more than the absolute values. Targets from issue #6."
    )
    lines.append("")
    lines.append(f"- When: {meta.get('date', '?')}, commit `{meta.get('commit', '?')}`")
    lines.append(f"- Machine: {e2e.get('machine') or meta.get('machine', '?')}; file system of the spool: "
                 f"{meta.get('filesystem', '?')}; {meta.get('swift', '')}")
    lines.append(f"- Load on the machine at the start (1/5/15 min): {meta.get('loadavg', '?')}")
    lines.append(f"- Corpus: {e2e.get('corpus', '?')} ({e2e.get('corpus_articles', '?')} articles, cycled); "
                 f"daemon log level {e2e.get('log_level', '?')} (logs to a file)")
    lines.append("")
    lines.append("## Targets (full pipeline, durable commits)")
    lines.append("")
    lines.append("| figure | target | measured | |")
    lines.append("| --- | --- | ---: | --- |")
    lines.append(f"| articles/s end to end through the daemon (burst of {burst.get('articles', '?')}) | ≥ 1,000 "
                 f"| {fmt(wiredesk_aps, 0)} | {verdict(wiredesk_aps, 1000, True)} |")
    lines.append(f"| … as a multiple of spaCy small's articles/s (same run, best of n_process=1/2) | ≥ 50× "
                 f"| {fmt(ratio, 1)}× ({fmt(spacy_aps, 1)} articles/s) | {verdict(ratio, 50, True)} |")
    p99 = (steady.get("latency_log_ms") or {}).get("p99")
    lines.append(f"| p99 arrival-to-commit latency, {steady_label.split(', ')[-1]} | ≤ 50 ms | {fmt(p99)} ms "
                 f"| {verdict(p99, 50, False)} |")
    lines.append(f"| peak RSS (VmHWM), all models loaded, burst | ≤ 150 MB | {fmt(peak_rss_mb)} MB "
                 f"| {verdict(peak_rss_mb, 150, False)} |")
    lines.append(f"| RSS growth while {backlog.get('files', '100,000')} files wait in the inbox | ≤ 10 % "
                 f"| {fmt(growth * 100 if growth is not None else None)} % | "
                 f"{verdict(growth * 100 if growth is not None else None, 10, False)} |")
    lines.append(f"| start-up to READY=1 (models loaded) | ≤ 300 ms | {fmt(startup.get('median_ms'), 0)} ms "
                 f"| {verdict(startup.get('median_ms'), 300, False)} |")
    for kind, frac in floor_fraction.items():
        lines.append(f"| full pipeline as a fraction of the floor ({kind}) | (report) | {fmt(frac * 100)} % | |")
    lines.append(f"| CPU per article, full, durable, burst | (report) "
                 f"| {fmt((burst.get('cpu_s_per_article') or 0) * 1000, 3)} ms | |")
    lines.append("")

    lines.append("## End to end (`scripts/bench-e2e.py`)")
    lines.append("")
    if summary:
        lines.append("The floor is the same daemon with `[pipeline] stages = [\"none\"]` (claim, read, hash, commit "
                     "only). Latency: from the daemon first seeing the file to its commit (event log `latency_ms`); "
                     "the observed column is from the script's rename to the commit time in the log.")
        lines.append("")
        lines.append("| scenario | articles/s (median) | runs | latency p50 / p95 / p99 ms (log) "
                     "| observed p50 / p99 ms | peak RSS MiB | CPU ms/article | failed |")
        lines.append("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
        for label, s in summary.items():
            lat, obs = s["latency_log_ms"], s["latency_observed_ms"]
            runs = ", ".join(f"{v:,.0f}" for v in s.get("articles_per_s_all", []))
            note = "" if s.get("complete", True) else " (incomplete!)"
            lines.append(
                f"| {label}{note} | {fmt(s['articles_per_s'], 0)} | {runs} | {fmt(lat['p50'])} / {fmt(lat['p95'])} / "
                f"{fmt(lat['p99'])} | {fmt(obs['p50'])} / {fmt(obs['p99'])} | {fmt(s['peak_rss_mib'])} "
                f"| {fmt((s['cpu_s_per_article'] or 0) * 1000, 3)} | {s.get('failed', 0)} |"
            )
        lines.append("")
        if startup:
            lines.append(f"Start-up to READY: median {fmt(startup.get('median_ms'), 0)} ms of "
                         f"{startup.get('all_ms')} ms; idle RSS after READY {fmt(startup.get('idle_rss_mib'))} MiB.")
        if backlog:
            lines.append(
                f"Backlog: {backlog['files']:,} files renamed into the inbox of a running daemon; RSS idle "
                f"{fmt(backlog['idle_rss_mib'])} MiB, 2 s after the drop {fmt(backlog['rss_at_2s_mib'])} MiB, "
                f"peak {fmt(backlog['peak_rss_mib'])} MiB over {backlog['window_s']:g} s; "
                f"{backlog['waiting_at_end']:,} files were still waiting at the end."
            )
    else:
        lines.append(f"Not measured (exit status {read_text(os.path.join(results, 'e2e.status')) or '?'}).")
    lines.append("")

    lines.append("## spaCy side by side (`scripts/bench-spacy.sh`)")
    lines.append("")
    if spacy:
        lines.append(f"spaCy {spacy['spacy']}, model {spacy['model']} ({', '.join(spacy['pipes'])}); "
                     f"{spacy['articles']} articles of the same corpus (every k-th file); model load "
                     f"{spacy['load_s']:.2f} s (not counted).")
        lines.append("")
        lines.append("| system | articles/s | runs |")
        lines.append("| --- | ---: | --- |")
        for mode, m in spacy["modes"].items():
            lines.append(f"| spaCy `nlp.pipe`, {mode} | {fmt(m['articles_per_s'])} | {m['all']} |")
        if wiredesk_aps:
            lines.append(f"| Wiredesk daemon, full pipeline, durable, 2 workers | {fmt(wiredesk_aps, 0)} | "
                         f"{burst.get('articles_per_s_all')} |")
    else:
        lines.append(f"Not measured (exit status {read_text(os.path.join(results, 'spacy.status')) or '?'}).")
    lines.append("")

    lines.append("## In process, each stage alone (`wiredesk bench`)")
    lines.append("")
    lines.append(stages or f"Not measured (exit status {read_text(os.path.join(results, 'stages.status')) or '?'}).")
    lines.append("")
    lines.append("## Micro benchmarks, one article per iteration (`Benchmarks/`, ordo-one/benchmark)")
    lines.append("")
    lines.append(micro or f"Not measured (exit status {read_text(os.path.join(results, 'micro.status')) or '?'}).")
    lines.append("")
    # The analysis (why a target is missed, what was changed) is written by people and kept across re-runs.
    notes = read_text(os.path.join(os.path.dirname(os.path.abspath(output)), "RESULTS-notes.md"))
    if notes:
        lines.append(notes)
        lines.append("")
    with open(output, "w") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
