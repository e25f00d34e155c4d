#!/usr/bin/env python3
"""Writes the reference implementation's compound scores for the first 2,000 lines of the
benchmark corpus (target/bench/vader_sample.json), which bench/sentiment.mjs checks
chatguard against, so a fast wrong answer fails. Needs: pip install vadersentiment==3.3.2
"""
import json

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

a = SentimentIntensityAnalyzer()
lines = open("target/bench/corpus.txt", encoding="utf-8").read().split("\n")[:2000]
json.dump([a.polarity_scores(l)["compound"] for l in lines], open("target/bench/vader_sample.json", "w"))
print(f"reference scores for {len(lines)} corpus lines")
