#!/usr/bin/env bash
# Cost of one article by size: 1, 2, 4 and 8 MiB plain-text articles through `wiredesk process`, wall time and peak
# RSS each, and the slope of log(time) over log(size) between consecutive sizes (1.0 = linear, 2.0 = quadratic).
# The articles are paragraphs of inbox-example/ shuffled (deterministically) with numbered sentences, so no two
# paragraphs are identical. Usage: Benchmarks/article-size.sh [WIREDESK_BINARY] [SIZES_MIB...]
# (default: .build/release/wiredesk if built, else .build/debug/wiredesk; sizes 1 2 4 8).
set -euo pipefail
repo=$(realpath "$(dirname "$0")/..")
bin=${1:-}
if [ -z "$bin" ]; then
    bin=$repo/.build/release/wiredesk
    [ -x "$bin" ] || bin=$repo/.build/debug/wiredesk
fi
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 2 4 8)
work=$(mktemp -d /tmp/wiredesk-size.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "binary: $bin"
printf '%8s %10s %10s %10s %8s\n' MiB seconds MiB/s "RSS MiB" slope
prev_t=""
prev_s=""
for mib in "${sizes[@]}"; do
    python3 - "$repo/inbox-example" "$mib" "$work/a-$mib.txt" <<'PY'
import glob, random, sys
src, mib, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
paras = []
for path in sorted(glob.glob(src + "/*.txt")) + sorted(glob.glob(src + "/*.md")):
    try:
        text = open(path, encoding="utf-8").read()
    except UnicodeDecodeError:
        continue
    paras += [p.strip().replace("\n", " ") for p in text.split("\n\n") if len(p.strip()) > 80 and "\0" not in p]
rng = random.Random(15)
target = int(mib * 1024 * 1024)
parts = ["Size benchmark article of %g MiB\n" % mib]
size, n = len(parts[0]), 0
while size < target:
    n += 1
    p = "%s Paragraph %d follows." % (rng.choice(paras), n)
    parts.append(p)
    size += len(p.encode()) + 2
open(out, "w", encoding="utf-8").write("\n\n".join(parts)[:target])
PY
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" process "$work/a-$mib.txt" > "$work/out.json" || true
    read -r t rss < <(tail -n 1 "$work/time")
    slope=""
    if [ -n "$prev_t" ]; then
        slope=$(python3 -c "import math; print('%.2f' % (math.log(max($t,1e-3)/max($prev_t,1e-3))/math.log($mib/$prev_s)))")
    fi
    ok=$(python3 -c "import json,sys; d=json.loads(open('$work/out.json').readline() or '{}'); print('ok' if 'article' in d else 'FAILED: ' + str(d.get('error', d))[:80])")
    printf '%8s %10s %10.2f %10d %8s  %s\n' "$mib" "$t" "$(python3 -c "print($mib/max($t,1e-3))")" $((rss / 1024)) "$slope" "$ok"
    prev_t=$t
    prev_s=$mib
done
