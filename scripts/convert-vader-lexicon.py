#!/usr/bin/env python3
"""Converts the VADER lexicon (vaderSentiment, MIT licence) into Wiredesk's compact tone resource.

Usage: pip install vaderSentiment==3.3.2
       scripts/convert-vader-lexicon.py > Sources/WiredeskPipeline/Models/vader-tone.tsv

Output, one entry per line, tab separated, sorted so the file diffs well:
  L <word> <valence>   lexicon word with its mean valence (-4 .. +4)
  B <word> <delta>     booster (intensifier, or damper when negative), VADER's BOOSTER_DICT
  N <word>             negation word, VADER's NEGATE list
Only entries made of letters, apostrophes and hyphens are kept: Wiredesk reads news, not emoticons.
"""
import os
import re
import sys

import vaderSentiment
from vaderSentiment import vaderSentiment as vs

WORD = re.compile(r"^[a-z][a-z'\-]*$")


def main() -> None:
    base = os.path.dirname(vaderSentiment.__file__)
    lexicon = {}
    with open(os.path.join(base, "vader_lexicon.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            word = parts[0].strip().lower()
            if WORD.match(word):
                lexicon[word] = float(parts[1])
    out = sys.stdout
    out.write("# VADER %s lexicon (vaderSentiment, MIT licence), converted by scripts/convert-vader-lexicon.py\n"
              % getattr(vs, "__version__", "3.3.2"))
    for word in sorted(lexicon):
        out.write("L\t%s\t%s\n" % (word, repr(lexicon[word])))
    for word in sorted(vs.BOOSTER_DICT):
        if WORD.match(word):
            out.write("B\t%s\t%s\n" % (word, repr(vs.BOOSTER_DICT[word])))
    for word in sorted(set(w.lower() for w in vs.NEGATE)):
        if WORD.match(word):
            out.write("N\t%s\n" % word)


if __name__ == "__main__":
    main()
