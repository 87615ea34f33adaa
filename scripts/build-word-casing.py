#!/usr/bin/env python3
"""Builds Sources/WiredeskPipeline/Models/word-casing.tsv: how news text writes each word away from sentence starts.

At the start of a sentence a capital says nothing, so the NER tagger cannot tell "Netflix added 16 million
subscribers" (a name it never saw) from "Officials added ..." (a word). Unlabeled news text can: "officials" is
written in lower case wherever the case means something, "netflix" never is. For each lower-cased word seen at
least MIN_COUNT times after the first word of a line or sentence, the share of capitalized occurrences gives a class:
1 (under 5 % capitalized), 2 (under 50 %), 3 (under 95 %), 4 (95 % or more). Lines mostly in capitals (results
tables) and lines where half the words or more are capitalized (title-case headlines) are skipped. The tagger reads the class as a feature (feature set 7); words not in the file are
class 0.

Usage: python3 scripts/build-word-casing.py CORPUS_DIR... [--out PATH] [--min-count N]
  the shipped file: python3 scripts/build-word-casing.py ../shared/corpora/bbc-train \
           ../shared/corpora/polnear/train/text ../shared/corpora/conll2003/train.txt ../shared/corpora/unlabeled-news
The same inputs as word-clusters.tsv; CoNLL valid.txt and polnear/dev must not be given. Deterministic.
"""
import argparse
import collections
import importlib.util
import os

MIN_COUNT = 3
SENTENCE_END = {".", "!", "?", ":", ";", '"', "'", "(", "[", "-", "--", "\u201c", "\u201d", "\u2018", "\u2019"}

# The corpus reader and tokenizer of build-word-clusters.py, so both files count the same tokens.
_spec = importlib.util.spec_from_file_location(
    "build_word_clusters", os.path.join(os.path.dirname(os.path.abspath(__file__)), "build-word-clusters.py"))
clusters = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(clusters)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--out", default=os.path.join(
        os.path.dirname(__file__), "..", "Sources", "WiredeskPipeline", "Models", "word-casing.tsv"))
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    args = parser.parse_args()
    upper = collections.Counter()
    total = collections.Counter()
    for words in clusters.sentences(args.inputs, transform=lambda word: word):
        letters = [w for w in words if w[0].isalpha()]
        if len(letters) >= 3 and sum(1 for w in letters if len(w) > 1 and w.isupper()) * 10 >= len(letters) * 7:
            continue
        # Title case ("Trump Says The Wall Will Be Built", HuffPost and AG headlines) says nothing either.
        if len(letters) >= 4 and sum(1 for w in letters if w[0].isupper()) * 2 >= len(letters):
            continue
        for i, w in enumerate(words):
            if i == 0 or not w[0].isalpha() or words[i - 1] in SENTENCE_END:
                continue
            key = clusters.fold(w)
            total[key] += 1
            if w[0].isupper():
                upper[key] += 1
    rows = []
    for word in sorted(total):
        n = total[word]
        if n < args.min_count or "\t" in word:
            continue
        share = upper[word] / n
        rows.append((word, 1 if share < 0.05 else 2 if share < 0.5 else 3 if share < 0.95 else 4))
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("# word-casing.tsv: lower-cased word, class (1 lower < 5% capitalized, 2 < 50%, 3 < 95%, 4 >= 95%)\n")
        for word, c in rows:
            out.write(f"{word}\t{c}\n")
    counts = collections.Counter(c for _, c in rows)
    print(f"{len(rows)} words from {sum(total.values())} tokens; classes {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
