#!/usr/bin/env bash
# Fuzz smoke run of the normalize stage: libFuzzer for FUZZ_SECONDS (default 30 here), seeded with inbox-example/.
# See Tests/fuzz/run.sh (it falls back to the deterministic replay fuzzer, loudly, when libFuzzer cannot be built).
set -uo pipefail
FUZZ_SECONDS=${FUZZ_SECONDS:-30} "$(dirname "$0")/../fuzz/run.sh"
