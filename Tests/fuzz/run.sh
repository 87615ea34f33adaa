#!/usr/bin/env bash
# Fuzz smoke run of the normalize stage (CI runs it through Tests/system/test-fuzz.sh; by hand: Tests/fuzz/run.sh).
# Builds Tests/fuzz with libFuzzer (swiftc -sanitize=fuzzer) and runs it for FUZZ_SECONDS (default 45) on a corpus
# seeded with inbox-example/ (copied to a temporary directory, so new corpus entries never land in the repo).
# Linking: SwiftPM aliases `main` to `normalize_fuzz_main`, which NormalizeFuzz.swift defines for the libFuzzer build
# (it calls LLVMFuzzerRunDriver). The link uses lld because gold 2.40 dies with "internal error in
# format_file_lineno" while reporting on the instrumented objects.
# When the libFuzzer build fails, says why and runs the deterministic replay fuzzer of the same source instead.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
seconds=${FUZZ_SECONDS:-45}
work=$(mktemp -d /tmp/wiredesk-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
cp "$repo"/inbox-example/* "$work/corpus/"
rm -f "$work/corpus/README.md"
# A few seeds for the paths the issue found: noise after FF FE, stray NULs, deep nesting, a long JSON Lines batch.
printf '\xff\xfe\x41\x00\x9c\xd8' > "$work/corpus/ff-fe-noise"
printf 'Headline\n\nText with a stray\0NUL byte.\n' > "$work/corpus/stray-nul.txt"
python3 -c "open('$work/corpus/nested.html','wb').write(b'<div>'*2000+b'x'+b'</div>'*2000)"
if swift build --package-path "$here" --scratch-path "$repo/.build-fuzz" -Xswiftc -sanitize=fuzzer \
    -Xswiftc -DFUZZING -Xswiftc -parse-as-library -Xswiftc -use-ld=lld > "$work/build.log" 2>&1; then
    bin=$(swift build --package-path "$here" --scratch-path "$repo/.build-fuzz" --show-bin-path)/normalize-fuzz
    echo "libFuzzer: $seconds s on $(ls "$work/corpus" | wc -l) seeds"
    mkdir -p "$work/artifacts"
    "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/" "$work/corpus" > "$work/fuzz.log" 2>&1
    rc=$?
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)|ERROR|SUMMARY|deadly" "$work/fuzz.log" | head -20
    if [ $rc -ne 0 ]; then
        tail -40 "$work/fuzz.log"
        mkdir -p "$repo/.build-fuzz/artifacts" && cp "$work/artifacts/"* "$repo/.build-fuzz/artifacts/" 2>/dev/null
        echo "the inputs that failed are in $repo/.build-fuzz/artifacts/"
        echo "FAIL: libFuzzer found a problem (exit $rc)"
        exit 1
    fi
    echo "PASS: libFuzzer smoke run"
else
    echo "NOTE: the libFuzzer build failed; running the deterministic replay fuzzer instead. Build log tail:"
    tail -15 "$work/build.log"
    swift build --package-path "$here" --scratch-path "$repo/.build-fuzz-replay" -Xswiftc -parse-as-library \
        > "$work/replay.log" 2>&1 \
        || { tail -20 "$work/replay.log"; echo "FAIL: the replay fuzzer does not build"; exit 1; }
    bin=$(swift build --package-path "$here" --scratch-path "$repo/.build-fuzz-replay" --show-bin-path)/normalize-fuzz
    timeout $((seconds * 4)) "$bin" --iterations "${FUZZ_ITERATIONS:-3000}" "$work/corpus" || { echo "FAIL: replay fuzzer"; exit 1; }
    echo "PASS: replay fuzzer"
fi
