#!/usr/bin/env python3
"""Snippet scoring on html-eval for a reference extractor (a measuring tool only; nothing here ships).

The same rules as `wiredesk eval html` (WiredeskLab/Normalize/HTMLEvaluation.swift): a `with` snippet found in
the extracted text is a true positive, else a false negative; a `without` snippet found is a false positive;
snippets and text are compared after collapsing white space. A page counts as English when at least 15 % of
the words of its `with` snippets are common English function words.

  pip install trafilatura
  python3 scripts/html-eval-reference.py --pages ../shared/corpora/html-eval/pages   # trafilatura
  python3 scripts/html-eval-reference.py --pages DIR --wiredesk-jsonl out.jsonl      # `wiredesk process` output
"""
import argparse, gzip, json, os, re, statistics, time

ENGLISH = set("the of and to a in is that for it on with as was be by at this are from have has an not".split())


def collapse(s):
    return " ".join(s.split())


def is_english(snippets):
    words = re.findall(r"[A-Za-z']+", " ".join(snippets).lower())
    return bool(words) and sum(w in ENGLISH for w in words) / len(words) >= 0.15


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", required=True)
    ap.add_argument("--evaldata")
    ap.add_argument("--wiredesk-jsonl", help="results of `wiredesk process` on the decompressed pages")
    args = ap.parse_args()
    evaldata = json.load(open(args.evaldata or os.path.join(os.path.dirname(os.path.abspath(args.pages)), "evaldata.json")))
    texts, times = {}, []
    if args.wiredesk_jsonl:
        for line in open(args.wiredesk_jsonl, encoding="utf-8"):
            r = json.loads(line)
            name = r["source"]["name"]
            texts[name[:-3] if name.endswith(".gz") else name] = (r.get("article") or {}).get("text", "")
    else:
        import trafilatura
        for v in evaldata.values():
            path = os.path.join(args.pages, v["file"] + ".gz")
            data = gzip.open(path).read() if os.path.exists(path) else open(os.path.join(args.pages, v["file"]), "rb").read()
            start = time.perf_counter()
            texts[v["file"]] = trafilatura.extract(data) or ""
            times.append((time.perf_counter() - start) * 1000)
    rows = {"all": [0, 0, 0, 0], "english": [0, 0, 0, 0]}
    for v in evaldata.values():
        text = collapse(texts.get(v["file"], ""))
        groups = ["all"] + (["english"] if is_english(v["with"]) else [])
        for g in groups:
            rows[g][3] += 1
            for s in v["with"]:
                rows[g][0 if collapse(s) in text else 2] += 1
            for s in v["without"]:
                if collapse(s) in text:
                    rows[g][1] += 1
    for g, (tp, fp, fn, pages) in rows.items():
        p = tp / max(tp + fp, 1)
        r = tp / max(tp + fn, 1)
        f = 2 * p * r / max(p + r, 1e-9)
        print(f"{g:8} pages {pages:4}  precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    if times:
        times.sort()
        print(f"ms/page median {statistics.median(times):.1f}  p95 {times[int(len(times) * 0.95)]:.1f}")


if __name__ == "__main__":
    main()
