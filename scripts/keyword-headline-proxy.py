#!/usr/bin/env python3
"""A rough keyphrase proxy: how many headline words the top-10 keywords of the body find, for wiredesk and YAKE.

There is no keyphrase set like issue 12's held-out one (crowd-chosen keyphrases of news stories), so this asks a
weaker question on BBC train articles: with the headline taken away, do the top 10 keyphrases of the body name
what the headline names? Gold is the set of Porter stems of the headline's content words (stop words are
Models/stopwords-en.txt). Reported per system, averaged over articles:
  word P / R / F1   stems of the top-10 phrases against the headline's stems;
  phrases inside    share of the top-10 phrases all of whose stems are headline stems.
It is a proxy with known bias (headlines are short, punny, and lean on names), not the held-out metric.

  pip install yake nltk
  python3 scripts/keyword-headline-proxy.py --wiredesk .build/release/wiredesk \
      --corpus ../shared/corpora/bbc-train --articles 300
"""
import argparse, glob, json, os, random, re, subprocess, sys, tempfile

import yake
from nltk.stem import PorterStemmer


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wiredesk", default=".build/release/wiredesk")
    ap.add_argument("--corpus", default="../shared/corpora/bbc-train")
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    stop = set(open(os.path.join(repo, "Sources/WiredeskPipeline/Models/stopwords-en.txt")).read().split())
    hand = open(os.path.join(repo, "Benchmarks/keywords/hand-labelled.tsv")).read()
    stemmer = PorterStemmer()

    def stems(s):
        words = re.findall(r"[a-z0-9]+", s.lower().replace("'s", ""))
        return {stemmer.stem(w) for w in words if w not in stop and len(w) > 1}

    files = sorted(glob.glob(os.path.join(args.corpus, "*", "*.txt")))
    random.Random(args.seed).shuffle(files)
    gold, bodies = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            name = os.path.basename(f)
            if name[:-4] in hand:  # the hand-labelled articles stay out
                continue
            lines = open(f, encoding="utf-8", errors="replace").read().split("\n")
            head, body = lines[0].strip(), "\n".join(lines[1:]).strip()
            if not head or len(body) < 300:
                continue
            path = os.path.join(tmp, name)
            open(path, "w").write(body + "\n")
            gold[name], bodies[name] = stems(head), path
            if len(gold) >= args.articles:
                break
        out = subprocess.run([args.wiredesk, "process", *bodies.values()], capture_output=True, text=True).stdout
        ours = {}
        for line in out.splitlines():
            d = json.loads(line)
            ours[d["source"]["name"]] = [k["text"] for k in d.get("keywords") or []]
        extractor = yake.KeywordExtractor(lan="en", n=3, top=10)
        theirs = {n: [k for k, _ in extractor.extract_keywords(open(p).read())] for n, p in bodies.items()}

    print(f"{len(gold)} BBC articles, headline stems as gold, top 10 of the body")
    print(f"{'system':10s} {'word P':>7s} {'R':>6s} {'F1':>6s}  phrases inside")
    for system, pred in [("wiredesk", ours), ("yake", theirs)]:
        p = r = inside = total = 0.0
        for name, g in gold.items():
            phrases = pred.get(name, [])[:10]
            words = set().union(*[stems(k) for k in phrases]) if phrases else set()
            hit = len(words & g)
            p += hit / len(words) if words else 0
            r += hit / len(g) if g else 0
            inside += sum(1 for k in phrases if stems(k) and stems(k) <= g)
            total += len(phrases)
        p, r = p / len(gold), r / len(gold)
        f1 = 2 * p * r / (p + r) if p + r else 0
        print(f"{system:10s} {p*100:7.1f} {r*100:6.1f} {f1*100:6.1f}  {inside / max(total, 1) * 100:6.1f}%")


if __name__ == "__main__":
    sys.exit(main())
