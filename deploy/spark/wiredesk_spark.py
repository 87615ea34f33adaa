#!/usr/bin/env python3
"""Backfill articles with Spark: every partition is piped through `wiredesk process -`.

    spark-submit [--files wiredesk | --archives wiredesk-spark.tar.gz#wiredesk] wiredesk_spark.py \
        INPUT OUTPUT [--input-format auto|jsonl|files] [--output-format jsonl|parquet] [--partitions N]

INPUT is a directory (or glob) of JSON Lines files (one article object per line, as `wiredesk process -` reads
them) or of article files (.txt, .md, .html, ...). Each article file becomes one JSON object: `id` = its path,
plain text and Markdown split into `title` (the first non-empty line) and `body`, HTML passed as `body` (the
normalizer extracts its main text). A JSON Lines line without an `id` passes unchanged; its result is found by
`source.line` within the partition, so give ids when you need to join results back.

OUTPUT receives one JSON object per input line: a result (`docs/result.schema.json`; `source.caller_id` is the
input's id) or an error object `{"error": {stage, code, message}, "source": {...}}`. A malformed line is data,
not a task failure: the binary answers it with an error object and exits 0. A task fails only when the binary
cannot be started, exits non-zero, or returns a different number of lines than it was given.

The binary is found, on each executor, in this order: --binary (absolute, or relative to the executor's working
directory), SparkFiles (`--files .../wiredesk`), `./wiredesk/bin/wiredesk` (`--archives ...#wiredesk`, see
package.sh), `wiredesk` on PATH.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import threading


def article_from_file(path, text):
    """One article file as the JSON line `wiredesk process -` reads."""
    stripped = text.lstrip()
    if stripped[:1] == "<":
        return json.dumps({"id": path, "body": text}, ensure_ascii=False)
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return json.dumps({"id": path, "body": ""}, ensure_ascii=False)
    title = lines[first].strip().lstrip("#").strip()
    body = "\n".join(lines[first + 1:]).strip()
    if not body:  # a one-line article: the line is the body
        return json.dumps({"id": path, "body": title}, ensure_ascii=False)
    return json.dumps({"id": path, "title": title, "body": body}, ensure_ascii=False)


def find_binary(configured):
    """The wiredesk executable on this executor."""
    candidates = []
    if configured:
        candidates.append(configured)
    try:
        from pyspark import SparkFiles

        candidates.append(SparkFiles.get("wiredesk"))
    except Exception:  # no SparkContext files on this worker
        pass
    candidates.append(os.path.join(os.getcwd(), "wiredesk", "bin", "wiredesk"))
    for candidate in candidates:
        if candidate and os.path.isfile(candidate):
            if not os.access(candidate, os.X_OK):  # --files does not keep the mode everywhere
                os.chmod(candidate, 0o755)
            return os.path.abspath(candidate)
    found = shutil.which("wiredesk")
    if found:
        return found
    raise RuntimeError("wiredesk binary not found (tried %s and PATH)" % ", ".join(candidates))


def pipe_partition(lines, binary, workers, config):
    """Runs one `wiredesk process -` per partition; yields one output line per input line, in order."""
    exe = find_binary(binary)
    cmd = [exe, "process", "-", "--workers", str(workers)]
    if config:
        cmd += ["--config", config]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sent = [0]
    feed_error = []

    def feed():
        try:
            for line in lines:
                data = line.encode("utf-8") if isinstance(line, str) else line
                # A newline inside an element would split it into two input lines: escape-free JSON has none,
                # so anything else is replaced (and so becomes one malformed line, answered with an error).
                proc.stdin.write(data.replace(b"\n", b" ").replace(b"\r", b" ") + b"\n")
                sent[0] += 1
            proc.stdin.close()
        except BaseException as e:  # BrokenPipe when the binary died; reported below
            feed_error.append(e)
            try:
                proc.stdin.close()
            except Exception:
                pass

    stderr = []
    err_thread = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)
    err_thread.start()
    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    received = 0
    for out in proc.stdout:
        received += 1
        yield out.decode("utf-8").rstrip("\n")
    feeder.join()
    code = proc.wait()
    err_thread.join()
    if code != 0 or feed_error or received != sent[0]:
        message = (stderr[0] if stderr else b"").decode("utf-8", "replace")[-2000:]
        raise RuntimeError(
            "wiredesk process - failed: exit %s, %d lines in, %d out, %s: %s"
            % (code, sent[0], received, feed_error[:1], message))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", help="directory or glob of JSON Lines files or article files")
    ap.add_argument("output", help="output directory (must not exist)")
    ap.add_argument("--input-format", choices=["auto", "jsonl", "files"], default="auto",
                    help="auto: *.jsonl / *.json input is JSON Lines, anything else article files")
    ap.add_argument("--output-format", choices=["jsonl", "parquet"], default="jsonl")
    ap.add_argument("--partitions", type=int, default=0, help="repartition the input to this many partitions")
    ap.add_argument("--binary", help="path of wiredesk on the executors (default: see the module doc)")
    ap.add_argument("--workers", type=int, default=1,
                    help="threads per `wiredesk process -` (match spark.task.cpus; default 1)")
    ap.add_argument("--config", help="a wiredesk.toml present on the executors ([normalize]/[extract]/[classify])")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("wiredesk-backfill").getOrCreate()
    sc = spark.sparkContext
    fmt = args.input_format
    if fmt == "auto":
        probe = args.input.rstrip("/")
        if os.path.isdir(probe):
            names = [n for n in os.listdir(probe) if not n.startswith((".", "_"))]
            fmt = "jsonl" if names and all(n.endswith((".jsonl", ".json")) for n in names) else "files"
        else:
            fmt = "jsonl" if probe.endswith((".jsonl", ".json")) else "files"
    if fmt == "jsonl":
        lines = sc.textFile(args.input)
    else:
        lines = sc.wholeTextFiles(args.input).map(lambda kv: article_from_file(kv[0], kv[1]))
    if args.partitions > 0:
        lines = lines.repartition(args.partitions)
    binary, workers, config = args.binary, args.workers, args.config
    results = lines.mapPartitions(lambda part: pipe_partition(part, binary, workers, config))
    if args.output_format == "jsonl":
        results.saveAsTextFile(args.output)
    else:
        spark.read.json(results).write.parquet(args.output)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
