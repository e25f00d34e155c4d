// Sentiment throughput on the ~1 MB corpus, one message (line) per call, side by side in
// one process: chatguard (WASM), vader-sentiment (npm, VADER in JS), sentiment (npm, AFINN).
// Checks chatguard against the reference implementation's scores on 2,000 lines when
// target/bench/vader_sample.json exists (bench/vader_sample.py writes it).
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import init, { Guard } from "../pkg/node.js";
import { corpus } from "./corpus.mjs";

const require = createRequire(new URL("./package.json", import.meta.url));
const vader = require("vader-sentiment");
const Sentiment = require("sentiment");
const afinn = new Sentiment();

await init();
const g = new Guard();
const { text } = corpus();
const lines = text.split("\n");
const bytes = Buffer.byteLength(text);

const sample = new URL("../target/bench/vader_sample.json", import.meta.url);
if (existsSync(sample)) {
  const want = JSON.parse(readFileSync(sample, "utf8"));
  const bad = want.filter((w, i) => g.sentiment(lines[i]).compound !== w).length;
  if (bad) { console.error(`FAIL: ${bad} of ${want.length} lines differ from the reference`); process.exitCode = 1; }
  else console.log(`check: ${want.length}/${want.length} lines identical to the reference implementation`);
} else {
  console.log("check skipped: no target/bench/vader_sample.json (pip install vadersentiment; python3 bench/vader_sample.py)");
}

function run(name, f, rounds) {
  const times = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const a = performance.now();
    for (const l of lines) sink += f(l);
    times.push(performance.now() - a);
  }
  times.sort((a, b) => a - b);
  const med = times[Math.floor(times.length / 2)];
  return { name, mbps: bytes / 1e6 / (med / 1e3), best: bytes / 1e6 / (times[0] / 1e3), sink };
}
const results = [
  run("chatguard (WASM)", (l) => g.sentiment(l).compound, 9),
  run("vader-sentiment 1.1.3", (l) => vader.SentimentIntensityAnalyzer.polarity_scores(l).compound, 3),
  run("sentiment 5.0.2 (AFINN)", (l) => afinn.analyze(l).comparative, 5),
];
for (const r of results) {
  console.log(`${r.name.padEnd(26)} median ${r.mbps.toFixed(1).padStart(6)} MB/s, best ${r.best.toFixed(1).padStart(6)} MB/s  (${lines.length} messages, ${(bytes / 1e6).toFixed(2)} MB)`);
}

// The same corpus as 64 KB texts (16 calls): per-call overhead no longer dominates. VADER
// semantics on such long texts are not meaningful; this measures the scorer's throughput.
const blocks = [];
for (let i = 0; i < text.length; i += 65536) blocks.push(text.slice(i, i + 65536));
function runBlocks(name, f, rounds) {
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const a = performance.now();
    for (const b of blocks) f(b);
    times.push(performance.now() - a);
  }
  times.sort((a, b) => a - b);
  const med = times[Math.floor(times.length / 2)];
  console.log(`${name.padEnd(26)} median ${(bytes / 1e6 / (med / 1e3)).toFixed(1).padStart(6)} MB/s, best ${(bytes / 1e6 / (times[0] / 1e3)).toFixed(1).padStart(6)} MB/s  (${blocks.length} texts of 64 KB)`);
}
runBlocks("chatguard (WASM)", (b) => g.sentiment(b).compound, 9);
runBlocks("sentiment 5.0.2 (AFINN)", (b) => afinn.analyze(b).comparative, 5);
