#!/usr/bin/env bash
# deploy/spark/wiredesk_spark.py in local[2] mode: 2,000 generated articles (JSON Lines, plus one malformed line)
# piped through `wiredesk process -`, then a directory of article files written as Parquet. Checks counts, ids,
# that every result has a headline, entities and a topic, and that the bad line is one error object and fails no
# task (in local mode any failed task fails the job).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
N=${SPARK_ARTICLES:-2000}
if [ -n "${WIREDESK_PYSPARK_RC:-}" ]; then  # .ci/run installs PySpark in the background: wait for it
    wait_until 1200 [ -e "$WIREDESK_PYSPARK_RC" ]
    echo "  pyspark install: exit $(cat "$WIREDESK_PYSPARK_RC" 2>/dev/null || echo 'not finished')"
fi
if ! python3 -c 'import pyspark' 2>/dev/null || ! command -v java >/dev/null; then
    if [ "${CI:-}" = true ]; then
        bad "pyspark or java is missing (.ci/run installs both)"
        finish
        exit 1
    fi
    echo "  skipped: pyspark or java not installed (python3 -m pip install pyspark; apt-get install openjdk-17-jre-headless)"
    exit 0
fi
root=$(mktemp -d /tmp/wiredesk-spark.XXXXXX)
trap 'rm -rf "$root"' EXIT
submit=$(python3 -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit"))')
export SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON=python3
spark() {
    "$submit" --master 'local[2]' --conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=2 \
        --driver-java-options '-Dlog4j2.level=ERROR' "$repo/deploy/spark/wiredesk_spark.py" "$@" --binary "$WIREDESK"
}

echo "--- $N generated articles + 1 malformed line, JSON Lines in and out"
mkdir -p "$root/jsonl"
python3 "$repo/Tests/system/lib/gen-articles.py" "$N" --bad 1 > "$root/jsonl/articles.jsonl"
t0=$SECONDS
spark "$root/jsonl" "$root/out-jsonl" --partitions 2 > "$root/spark1.log" 2>&1
rc=$?
check "spark job exits 0 ($rc) in $((SECONDS - t0)) s" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || tail -30 "$root/spark1.log"
python3 - "$root/out-jsonl" "$N" <<'PY' && ok "counts, ids, headlines, entities, topics; one error object" || bad "JSON Lines results"
import glob, json, sys
out, n = sys.argv[1], int(sys.argv[2])
rows = [json.loads(l) for p in sorted(glob.glob(out + "/part-*")) for l in open(p) if l.strip()]
results = [r for r in rows if "error" not in r]
errors = [r for r in rows if "error" in r]
ids = [r["source"].get("caller_id") for r in results]
print(f"  {len(rows)} lines: {len(results)} results, {len(errors)} errors")
assert len(rows) == n + 1, "one output line per input line"
assert len(errors) == 1 and errors[0]["error"]["code"] == "undecodable", errors[:2]
assert sorted(ids) == ["gen-%06d" % i for i in range(n)], "every id echoed once"
for r in results:
    assert r["article"]["headline"], r["source"]
    assert r.get("entities"), ("no entities", r["source"])
    assert r["classification"]["topic"]["label"], r["source"]
assert len({r["id"] for r in results}) == n
PY

echo "--- a directory of article files, Parquet out"
mkdir -p "$root/files"
for i in $(seq 1 20); do
    printf 'Harbour strike %d ends in Rotterdam\n\nROTTERDAM (Reuters) - Dock workers in Rotterdam ended a strike on Monday after the union and the port authority agreed on wages, officials said.\n' "$i" > "$root/files/strike-$i.txt"
done
spark "$root/files" "$root/out-parquet" --output-format parquet > "$root/spark2.log" 2>&1
rc=$?
check "spark job over files exits 0 ($rc)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || tail -30 "$root/spark2.log"
check "parquet written" [ -e "$root/out-parquet/_SUCCESS" -a "$(find "$root/out-parquet" -name '*.parquet' | wc -l)" -ge 1 ]
finish
