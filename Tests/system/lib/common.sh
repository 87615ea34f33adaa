# Shared helpers of the system tests (sourced). Counts PASS/FAIL lines and ends with "N passed, N failed".
# shellcheck shell=bash
SYSTEM_TESTS=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO=$(cd "$SYSTEM_TESTS/../.." && pwd)
LIB=$SYSTEM_TESTS/lib
passed=0
failed=0

ok() { echo "PASS: $*"; passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { # check DESCRIPTION COMMAND...: PASS when the command succeeds
    local what=$1; shift
    if "$@"; then ok "$what"; else bad "$what"; fi
}

# A missing prerequisite (root, namespaces, debootstrap, …) skips the test loudly on a developer's machine and fails
# it in CI (CI=true), where everything must run.
require() { # require DESCRIPTION COMMAND...
    local what=$1; shift
    if ! "$@" >/dev/null 2>&1; then
        if [[ ${CI:-} == true ]]; then
            echo "FAIL: prerequisite missing in CI: $what"
            echo "0 passed, 1 failed"
            exit 1
        fi
        echo "SKIP: $(basename "$0"): $what is not available here (runs in CI with CI=true)"
        exit 0
    fi
}

is_root() { [[ $(id -u) == 0 ]]; }
can_unshare() { unshare --mount --pid --fork --propagation private true; }

# The debug binary that `swift build` (make test) produced; WIREDESK_BIN overrides.
wiredesk_bin() {
    local bin=${WIREDESK_BIN:-$REPO/.build/debug/wiredesk}
    [[ -x $bin ]] || { echo "no wiredesk binary at $bin (run swift build first)" >&2; return 1; }
    echo "$bin"
}

# wait_for SECONDS COMMAND...: polls every 0.1 s until the command succeeds.
wait_for() {
    local limit=$1; shift
    local end=$((SECONDS + limit))
    while ((SECONDS < end)); do
        "$@" 2>/dev/null && return 0
        sleep 0.1
    done
    "$@" 2>/dev/null
}

finish() {
    echo "$passed passed, $failed failed"
    [[ $failed == 0 ]]
}
