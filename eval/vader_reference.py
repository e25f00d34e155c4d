#!/usr/bin/env python3
"""Scores every text of an eval folder's sentiment sets with the live reference
implementation (pip install vadersentiment==3.3.2) into target/eval/vader_live_ref.jsonl,
for `cargo run --release --example vader_live_ref` to compare field by field.
Usage: python3 eval/vader_reference.py ../shared/eval/sentiment
"""
import glob
import json
import os
import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

folder = sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/sentiment"
analyzer = SentimentIntensityAnalyzer()
os.makedirs("target/eval", exist_ok=True)
n = 0
with open("target/eval/vader_live_ref.jsonl", "w") as out:
    for f in sorted(glob.glob(os.path.join(folder, "vader_*.jsonl"))):
        for line in open(f):
            text = json.loads(line)["text"]
            out.write(json.dumps({"text": text, "ref": analyzer.polarity_scores(text)}) + "\n")
            n += 1
print(f"{n} texts scored by vadersentiment into target/eval/vader_live_ref.jsonl")
