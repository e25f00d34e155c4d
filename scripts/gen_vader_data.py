#!/usr/bin/env python3
"""Writes data/vader/ from the installed `vadersentiment` 3.3.2 package (PyPI, MIT, (c) C.J.
Hutto): the lexicon as `word<TAB>mean` lines in file order (duplicate keys are kept, the
last one wins as in the reference), and the emoji lexicon's single-code-point entries (the
reference replaces emoji one code point at a time, so other keys can never match), with
the package's licence. Run: pip install vadersentiment==3.3.2 && python3 scripts/gen_vader_data.py
"""
import os
import shutil
import vaderSentiment

src = os.path.dirname(vaderSentiment.__file__)
dist = os.path.join(os.path.dirname(src), "vaderSentiment-3.3.2.dist-info", "LICENSE.txt")
out = os.path.join(os.path.dirname(__file__), "..", "data", "vader")
os.makedirs(out, exist_ok=True)

lines = []
for line in open(os.path.join(src, "vader_lexicon.txt"), encoding="utf-8").read().rstrip("\n").split("\n"):
    if not line:
        continue
    word, measure = line.strip().split("\t")[0:2]
    lines.append(f"{word}\t{measure}")
open(os.path.join(out, "lexicon.tsv"), "w", encoding="utf-8").write("\n".join(lines) + "\n")

emoji = {}
for line in open(os.path.join(src, "emoji_utf8_lexicon.txt"), encoding="utf-8").read().rstrip("\n").split("\n"):
    e, desc = line.strip().split("\t")[0:2]
    emoji[e] = desc
single = [f"{e}\t{d}" for e, d in emoji.items() if len(e) == 1]
open(os.path.join(out, "emoji.tsv"), "w", encoding="utf-8").write("\n".join(single) + "\n")
shutil.copy(dist, os.path.join(out, "LICENSE.txt"))
print(f"lexicon {len(lines)} lines, emoji {len(single)} single-code-point entries")
