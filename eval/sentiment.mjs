// Sentiment evaluation against labelled data from outside the project (the VADER paper's
// sets), through the built package (WASM in Node):
//   node eval/sentiment.mjs ../shared/eval/sentiment
// Prints per corpus: agreement with the reference implementation's compound scores
// (within 0.001), Pearson r with the human ratings, and 3-class weighted F1 at ±0.05, for
// chatguard and for the reference scores stored in the data.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import init, { Guard } from "../pkg/node.js";

const dir = process.argv[2] ?? "../shared/eval/sentiment";
await init();
const g = new Guard();

function pearson(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
const cls = (v, t = 0.05) => (v >= t ? 1 : v <= -t ? -1 : 0);
function weightedF1(gold, pred) {
  let f1 = 0;
  for (const c of [-1, 0, 1]) {
    let tp = 0, fp = 0, fn = 0, support = 0;
    for (let i = 0; i < gold.length; i++) {
      if (gold[i] === c) support++;
      if (pred[i] === c && gold[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    f1 += (p + r ? (2 * p * r) / (p + r) : 0) * support;
  }
  return f1 / gold.length;
}

let total = 0, agree = 0;
console.log("corpus     n      within 0.001 of reference   Pearson r (ours / reference)   3-class F1 (ours / reference)");
for (const [name, file] of [["tweets", "vader_tweets.jsonl"], ["movies", "vader_movie_reviews.jsonl"], ["amazon", "vader_amazon_reviews.jsonl"], ["nyt", "vader_nyt_editorials.jsonl"]]) {
  const path = join(dir, file);
  if (!existsSync(path)) { console.log(`${name}: ${path} not found`); continue; }
  const rows = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const ours = rows.map((r) => g.sentiment(r.text).compound);
  const ref = rows.map((r) => r.vader_ref_compound);
  const human = rows.map((r) => r.human_mean);
  const ok = ours.filter((v, i) => Math.abs(v - ref[i]) <= 0.001).length;
  total += rows.length; agree += ok;
  const gold = human.map((h) => cls(h));
  console.log(`${name.padEnd(9)} ${String(rows.length).padEnd(6)} ${ok} (${((100 * ok) / rows.length).toFixed(3)}%)`.padEnd(46) +
    `${pearson(ours, human).toFixed(4)} / ${pearson(ref, human).toFixed(4)}`.padEnd(31) +
    `${weightedF1(gold, ours.map((v) => cls(v))).toFixed(4)} / ${weightedF1(gold, ref.map((v) => cls(v))).toFixed(4)}`);
}
console.log(`all: ${agree}/${total} within 0.001 of the stored reference compound (${((100 * agree) / total).toFixed(3)}%)`);
