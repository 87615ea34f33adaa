#!/usr/bin/env python3
"""Builds Sources/WiredeskPipeline/Models/word-clusters.tsv: distributional word classes for the NER tagger.

Words seen at least MIN_COUNT times in unlabeled news text are described by the counts of their left and right
neighbours among the CONTEXT most frequent words, weighted by positive pointwise mutual information (context
probabilities smoothed with exponent 0.75; `--weighting log` gives the older log(1 + count)), L2-normalized, projected
on their top DIMS principal directions, and clustered with spherical k-means at three granularities (64, 256, 1024
classes, seed 7). The tagger uses the class ids as features, so words it never saw in training ("Stoltenberg",
"Grushko") behave like words it did see in the same contexts. A poor man's Brown clustering; it needs only numpy.

Usage: python3 scripts/build-word-clusters.py CORPUS_DIR... [--out PATH] [--min-count N] [--max-words N]
           [--context N] [--dims N] [--ks A,B,C] [--weighting ppmi|log] [--seed N]
  the shipped file: python3 scripts/build-word-clusters.py ../shared/corpora/bbc-train \
           ../shared/corpora/polnear/train/text ../shared/corpora/conll2003/train.txt ../shared/corpora/unlabeled-news
Text files (*.txt, or *.txt.gz with one article per line) are read as UTF-8 (Latin-1 fallback); a CoNLL file
contributes its first column. valid.txt must not be given (it is the evaluation set). The output is the same byte for
byte on the same inputs and numpy/OpenBLAS build (numpy 2.4.6 here); another BLAS may round the projection differently
and move a few words between classes.
"""
import argparse
import collections
import gzip
import os
import re

import numpy as np

MIN_COUNT = 4
MAX_WORDS = 60000
CONTEXT = 1200
DIMS = 96
KS = (64, 256, 1024)
SEED = 7

TOKEN = re.compile(r"[A-Za-z\u00C0-\u024F]+(?:[-.'][A-Za-z\u00C0-\u024F]+)*\.?|\d+(?:[.,-]\d+)*|'s|n't|\S")


def fold(word):
    word = word.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    word = re.sub(r"\d", "0", word)
    return word.lower()


def sentences(paths, transform=fold):
    """Token lists of every line (CoNLL: every sentence) of the text files under `paths`, each token passed through
    `transform` (`fold` here; build-word-casing.py keeps the case)."""
    for root in paths:
        files = [root] if os.path.isfile(root) else [
            os.path.join(d, f) for d, _, fs in os.walk(root) for f in sorted(fs)
            if f.endswith(".txt") or f.endswith(".txt.gz")]
        for path in sorted(files):
            raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            if "-DOCSTART-" in text[:200]:
                words = []
                for line in text.split("\n"):
                    parts = line.split(" ")
                    if not line.strip():
                        if words:
                            yield words
                        words = []
                    elif parts[0] != "-DOCSTART-":
                        words.append(transform(parts[0]))
                if words:
                    yield words
            else:
                for line in text.split("\n"):
                    line = re.sub(r"(\w)(['\u2019]s)\b", r"\1 \2", line)
                    words = [transform(t) for t in TOKEN.findall(line)]
                    if words:
                        yield words


def kmeans(x, k, rng, iterations=20):
    centers = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(iterations):
        labels = np.empty(len(x), dtype=np.int32)
        for start in range(0, len(x), 8192):
            labels[start:start + 8192] = np.argmax(x[start:start + 8192] @ centers.T, axis=1)
        for c in range(k):
            members = x[labels == c]
            if len(members):
                v = members.sum(axis=0)
                centers[c] = v / (np.linalg.norm(v) + 1e-9)
            else:
                centers[c] = x[rng.integers(len(x))]
    return labels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--out", default=os.path.join(
        os.path.dirname(__file__), "..", "Sources", "WiredeskPipeline", "Models", "word-clusters.tsv"))
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument("--max-words", type=int, default=MAX_WORDS)
    parser.add_argument("--context", type=int, default=CONTEXT)
    parser.add_argument("--dims", type=int, default=DIMS)
    parser.add_argument("--weighting", choices=("log", "ppmi"), default="ppmi")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--ks", default=",".join(map(str, KS)), help="three class counts, e.g. 64,256,1024")
    args = parser.parse_args()
    ks = tuple(int(k) for k in args.ks.split(","))
    assert len(ks) == 3, "--ks needs three class counts"
    corpus = list(sentences(args.inputs))
    counts = collections.Counter(w for s in corpus for w in s)
    vocab = [w for w, c in counts.most_common(args.max_words) if c >= args.min_count and "\t" not in w]
    index = {w: i for i, w in enumerate(vocab)}
    context = {w: i for i, w in enumerate(vocab[:args.context])}
    # Neighbour counts, left context in the first half of the columns, right context in the second.
    c = args.context
    ids = np.array([index.get(w, -1) for s in corpus for w in s] + [-1], dtype=np.int64)
    ctx = np.array([context.get(w, -1) for s in corpus for w in s] + [-1], dtype=np.int64)
    starts = np.zeros(len(ids), dtype=bool)
    starts[np.cumsum([0] + [len(s) for s in corpus])] = True
    ok = (ids[1:] >= 0) & (ctx[:-1] >= 0) & ~starts[1:]
    left = np.bincount(ids[1:][ok] * (2 * c) + ctx[:-1][ok], minlength=len(vocab) * 2 * c)
    ok = (ids[:-1] >= 0) & (ctx[1:] >= 0) & ~starts[1:]
    right = np.bincount(ids[:-1][ok] * (2 * c) + c + ctx[1:][ok], minlength=len(vocab) * 2 * c)
    m = (left + right).reshape(len(vocab), 2 * c).astype(np.float32)
    if args.weighting == "ppmi":
        # Positive pointwise mutual information, context probabilities smoothed with exponent 0.75.
        total = m.sum()
        rows = m.sum(axis=1, keepdims=True) + 1e-9
        cols = m.sum(axis=0, keepdims=True) ** 0.75
        cols = cols / cols.sum() * total
        with np.errstate(divide="ignore"):
            m = np.maximum(np.log(m * total / (rows * cols + 1e-9)), 0).astype(np.float32)
    else:
        m = np.log1p(m)
    m /= np.linalg.norm(m, axis=1, keepdims=True) + 1e-9
    m -= m.mean(axis=0)
    _, vectors = np.linalg.eigh(m.T @ m)
    x = m @ vectors[:, -args.dims:]
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    rng = np.random.default_rng(args.seed)
    labels = [kmeans(x, k, rng) for k in ks]
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("# word\tclass/%d\tclass/%d\tclass/%d — built by scripts/build-word-clusters.py\n" % ks)
        for i, w in enumerate(vocab):
            out.write("%s\t%d\t%d\t%d\n" % (w, labels[0][i], labels[1][i], labels[2][i]))
    print("%d sentences, %d words clustered -> %s" % (len(corpus), len(vocab), args.out))


if __name__ == "__main__":
    main()
