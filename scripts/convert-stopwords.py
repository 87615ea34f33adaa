#!/usr/bin/env python3
"""Converts the English list of the PyPI package `stop-words` (BSD-3-Clause) into
Sources/WiredeskPipeline/Models/stopwords-en.txt: one lower-case word per line, sorted, unique.

Usage: python3 scripts/convert-stopwords.py [--version 2025.11.4]
Fetches the wheel with `pip download` (no install), reads stop_words/stop-words/english.txt from it.
"""
import argparse
import glob
import hashlib
import os
import subprocess
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "WiredeskPipeline", "Models", "stopwords-en.txt")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", default="2025.11.4")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pip", "download", "--no-deps", "--dest", tmp, f"stop-words=={args.version}"],
            check=True, stdout=subprocess.DEVNULL)
        wheel = glob.glob(os.path.join(tmp, "stop_words-*.whl"))[0]
        with zipfile.ZipFile(wheel) as z:
            raw = z.read("stop_words/stop-words/english.txt")
    words = sorted({w.strip().lower() for w in raw.decode("utf-8").splitlines() if w.strip()})
    body = ("\n".join(words) + "\n").encode("utf-8")
    with open(OUT, "wb") as f:
        f.write(body)
    print(f"{OUT}: {len(words)} words, source sha256 {hashlib.sha256(raw).hexdigest()}")


if __name__ == "__main__":
    main()
