// What the built-in keyword list flags in real English: scans the VADER paper's 23,703
// texts (tweets, movie and product reviews, NYT editorial snippets, in ../shared/eval,
// read by path) with the keywords policy and prints each flagged word (the whole word
// around the match) with its kind and how many texts it was flagged in. For reading, to
// find false positives in ordinary text; it asserts nothing.
//
//   node bench/keyword_real_text.mjs [path/to/shared/eval]
import { readFileSync, existsSync } from "node:fs";
import init, { Guard } from "../pkg/node.js";

const evalDir = process.argv[2] ?? new URL("../../shared/eval/", import.meta.url).pathname;
const files = ["tweets", "movie_reviews", "amazon_reviews", "nyt_editorials"].map((c) => `${evalDir}/sentiment/vader_${c}.jsonl`);
if (!files.every(existsSync)) {
  console.error(`no VADER texts under ${evalDir}/sentiment`);
  process.exit(2);
}
await init();
const policies = JSON.parse(readFileSync(new URL("./policies.json", import.meta.url), "utf8"));
const guard = new Guard(policies.keywords);
const isWord = (c) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
const counts = new Map();
let texts = 0;
let flagged = 0;
for (const f of files) {
  for (const line of readFileSync(f, "utf8").split("\n").filter(Boolean)) {
    const { text } = JSON.parse(line);
    texts++;
    const { findings } = guard.scan(text, "input");
    if (findings.length) flagged++;
    for (const x of new Set(findings.map((g) => {
      let a = g.start, b = g.end;
      while (isWord(text[a - 1])) a--;
      while (isWord(text[b])) b++;
      return `${g.kind}\t${text.slice(a, b).toLowerCase()}`;
    }))) counts.set(x, (counts.get(x) ?? 0) + 1);
  }
}
console.log(`${flagged} of ${texts} texts have a finding; flagged words (texts, kind, word):`);
for (const [k, n] of [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))) console.log(`${n}\t${k}`);
