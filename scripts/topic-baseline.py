#!/usr/bin/env python3
"""Reference scores for the topic trainer: scikit-learn TF-IDF + LinearSVC and MultinomialNB, k-fold.

Runs the SAME folds as `wiredesk eval topic --corpus DIR --folds K`: label folders and files in name order, and
the i-th file of each label goes to fold i mod K. Prints accuracy and macro-F1 per model (and per fold with -v).

    pip install scikit-learn
    scripts/topic-baseline.py --corpus ../shared/corpora/bbc-train
    scripts/topic-baseline.py --corpus ../shared/corpora/topics-iptc --short

--short scores headline + first sentence only (see `short_text`). To give `wiredesk eval topic` the very same
texts, write them out first (never inside the repository):

    scripts/topic-baseline.py --corpus ../shared/corpora/bbc-train --write-short /tmp/bbc-short
    .build/release/wiredesk eval topic --corpus /tmp/bbc-short

The written files keep their names, so folds line up with the original corpus.
"""

import argparse
import os
import re
import sys
import time

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before white space and an
# upper-case letter, digit or opening quote.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[A-Z0-9\"'\u201c\u2018(])")


def short_text(text):
    """Headline and the first sentence of the body.

    A file is `headline\\n\\nbody` (BBC, HuffPost) or one line (AG News: title and description run together,
    then the first sentence of that line is the title plus the description's first sentence).
    """
    text = text.strip()
    if "\n" in text:
        headline, body = text.split("\n", 1)
        body = " ".join(body.split())
        first = SENTENCE_END.split(body, maxsplit=1)[0] if body else ""
        return headline.strip() + "\n\n" + first
    line = " ".join(text.split())
    return SENTENCE_END.split(line, maxsplit=1)[0]


def load(directory):
    """(labels, texts, names, folds-ready per-label positions) in the order `wiredesk eval topic` reads them."""
    labels, texts, names = [], [], []
    for label in sorted(os.listdir(directory)):
        folder = os.path.join(directory, label)
        if label.startswith(".") or not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if name.startswith(".") or not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8", errors="replace") as f:
                texts.append(f.read())
            labels.append(label)
            names.append(label + "/" + name)
    return labels, texts, names


def stratified_folds(labels, k):
    """The i-th example of each label (in order) goes to fold i mod k (TopicTrainer.stratifiedFolds)."""
    seen = {}
    out = []
    for label in labels:
        i = seen.get(label, 0)
        seen[label] = i + 1
        out.append(i % k)
    return out


def models():
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    return {
        # scikit-learn defaults: unigrams, raw tf, smoothed idf, L2 norm; LinearSVC C=1.
        "tfidf+LinearSVC": lambda: make_pipeline(TfidfVectorizer(), LinearSVC()),
        # A stronger, common variant: unigrams + bigrams, sublinear tf, min_df 2.
        "tfidf(1-2,sublinear)+LinearSVC": lambda: make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2), LinearSVC()
        ),
        "counts+MultinomialNB": lambda: make_pipeline(CountVectorizer(), MultinomialNB()),
        "tfidf+MultinomialNB": lambda: make_pipeline(TfidfVectorizer(), MultinomialNB(alpha=0.1)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", required=True, help="folder with one folder of text files per label")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--short", action="store_true", help="headline + first sentence only")
    parser.add_argument("--write-short", metavar="DIR", help="write the short texts as DIR/<label>/<name> and exit")
    parser.add_argument("--model", action="append", help="only these models (repeatable; default all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="scores per fold")
    args = parser.parse_args()

    labels, texts, names = load(args.corpus)
    if args.write_short:
        repo = os.path.realpath(os.path.join(os.path.dirname(__file__), ".."))
        if os.path.realpath(args.write_short).startswith(repo + os.sep):
            sys.exit("refusing to write a corpus inside the repository")
        for name, text in zip(names, texts):
            path = os.path.join(args.write_short, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(short_text(text) + "\n")
        print(f"wrote {len(names)} short texts to {args.write_short}")
        return
    if args.short:
        texts = [short_text(t) for t in texts]

    import numpy as np
    from sklearn.metrics import accuracy_score, f1_score

    folds = np.array(stratified_folds(labels, args.folds))
    y = np.array(labels)
    x = np.array(texts, dtype=object)
    label_set = sorted(set(labels))
    print(
        f"{args.folds}-fold cross-validation on {args.corpus}{' (short: headline + first sentence)' if args.short else ''}"
        f" ({len(texts)} texts, {len(label_set)} labels)"
    )
    print(f"{'model':34} {'accuracy':>9} {'macro-F1':>9} {'seconds':>8}")
    chosen = models()
    for name, make in chosen.items():
        if args.model and name not in args.model:
            continue
        start = time.time()
        predicted = np.empty(len(y), dtype=object)
        for f in range(args.folds):
            train, test = folds != f, folds == f
            model = make().fit(list(x[train]), y[train])
            predicted[test] = model.predict(list(x[test]))
            if args.verbose:
                acc = accuracy_score(y[test], predicted[test])
                print(f"  {name} fold {f + 1}: accuracy {acc:.4f}", file=sys.stderr)
        acc = accuracy_score(y, predicted)
        # Macro-F1 over every label of the corpus (as `wiredesk eval topic` does).
        f1 = f1_score(y, predicted, labels=label_set, average="macro", zero_division=0)
        print(f"{name:34} {acc * 100:8.2f}% {f1 * 100:8.2f}% {time.time() - start:8.1f}")


if __name__ == "__main__":
    main()
