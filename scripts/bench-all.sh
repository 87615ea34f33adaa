#!/usr/bin/env bash
# `make bench`: every benchmark of issue #6 in one go, then Benchmarks/RESULTS.md.
#
#   1. in process, each stage alone and the pipeline   .build/release/wiredesk bench
#   2. micro benchmarks with allocations per article     swift package --package-path Benchmarks benchmark
#   3. end to end through the daemon                    scripts/bench-e2e.py
#   4. spaCy small over the same articles               scripts/bench-spacy.sh
#   5. the table                                        scripts/bench-report.py → Benchmarks/RESULTS.md
#
# A step that fails is reported as "not measured" in the table; the others still run. Raw outputs stay in
# .build/bench/. Environment knobs (defaults in brackets): BENCH_CORPUS [../shared/corpora/bbc-train, else
# Benchmarks/Fixtures], BENCH_RUNS [3], BENCH_ARTICLES [20000], BENCH_QUICK=1 (small sizes, for trying the harness),
# BENCH_SKIP (comma list of stages, micro, e2e, spacy), BENCH_E2E_ARGS (extra flags for bench-e2e.py).
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
out="$repo/.build/bench"
rm -rf "$out" && mkdir -p "$out"

corpus=${BENCH_CORPUS:-$repo/../shared/corpora/bbc-train}
if [ ! -d "$corpus" ]; then
    echo "bench: no corpus at $corpus; using the small fixtures in Benchmarks/Fixtures (numbers not comparable)" >&2
    corpus="$repo/Benchmarks/Fixtures"
fi
corpus=$(realpath "$corpus")
runs=${BENCH_RUNS:-3}
articles=${BENCH_ARTICLES:-20000}
e2e_args=(--runs "$runs" --articles "$articles")
spacy_args=(--runs "$runs")
passes=5
if [ "${BENCH_QUICK:-0}" = 1 ]; then
    e2e_args=(--runs 1 --articles 2000 --steady-articles 400 --backlog 10000 --backlog-window 5 --startup-runs 2)
    spacy_args=(--runs 1 --articles 20)
    passes=1
fi
skip=",${BENCH_SKIP:-},"
binary="$repo/.build/release/wiredesk"

step() {  # step NAME COMMAND… : runs it, keeps its exit status for the report
    local name=$1
    shift
    if [[ $skip == *",$name,"* ]]; then
        echo "skipped" >"$out/$name.status"
        return
    fi
    echo "== $name: $*" >&2
    "$@"
    echo $? >"$out/$name.status"
}

{
    echo "{\"date\": \"$(date -u +%Y-%m-%dT%H:%MZ)\","
    echo " \"commit\": \"$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo '+dirty')\","
    echo " \"filesystem\": \"$(df -T "${TMPDIR:-/tmp}" | awk 'NR==2 {print $2}') (${TMPDIR:-/tmp})\","
    echo " \"loadavg\": \"$(cut -d' ' -f1-3 /proc/loadavg)\","
    echo " \"swift\": \"$(swift --version 2>/dev/null | head -1 | sed 's/"//g')\"}"
} >"$out/meta.json"

[ -x "$binary" ] || { echo "bench: build first: swift build -c release" >&2; exit 1; }

step stages bash -c "'$binary' bench --corpus '$corpus' --passes $passes | tee '$out/stages.md'"

# ordo-one/benchmark prints its markdown tables on stdout after the build output: keep the part from its header on.
micro() {
    WIREDESK_BENCH_CORPUS="$corpus" swift package --package-path Benchmarks benchmark --format markdown --no-progress \
        >"$out/micro.raw" || return 1
    sed -n '/^## /,$p' "$out/micro.raw" | sed 's/^### /#### /; s/^## /### /' >"$out/micro.md"
    cat "$out/micro.md"
}
step micro micro

step e2e "$repo/scripts/bench-e2e.py" --binary "$binary" --corpus "$corpus" --json "$out/e2e.json" "${e2e_args[@]}" \
    ${BENCH_E2E_ARGS:-}

step spacy "$repo/scripts/bench-spacy.sh" --corpus "$corpus" --json "$out/spacy.json" "${spacy_args[@]}"

python3 "$repo/scripts/bench-report.py" "$out" "$repo/Benchmarks/RESULTS.md"
