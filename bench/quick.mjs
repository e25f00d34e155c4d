// Quick WASM-in-Node throughput of each workload of the peer benchmark (no peers): a fast
// loop for tuning. `node bench/quick.mjs` after `bash scripts/build.sh` and `node bench/corpus.mjs`.
import { readFileSync } from "node:fs";
import init, { Guard } from "../pkg/node.js";
import { corpus } from "./corpus.mjs";

await init();
const { text, profane } = corpus();
const bytes = Buffer.byteLength(text);
const lines = text.split("\n");
const policies = JSON.parse(readFileSync(new URL("./policies.json", import.meta.url), "utf8"));
const def = JSON.parse(readFileSync(new URL("../data/default-policy.json", import.meta.url), "utf8"));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
function mbps(f, runs = 12) {
  f(); f();
  const t = [];
  for (let i = 0; i < runs; i++) { const a = performance.now(); f(); t.push(performance.now() - a); }
  return (bytes / 1e6 / (median(t) / 1e3)).toFixed(1);
}
const only = process.argv[2];
const work = {
  keywords: () => { const g = new Guard(policies.keywords); const n = g.scan(text, "input").findings.length; if (n !== profane) throw new Error(`keywords ${n} != ${profane}`); return () => g.scan(text, "input"); },
  pii: () => { const g = new Guard(policies.pii); return () => g.scan(text, "input"); },
  secrets: () => { const g = new Guard(policies.secrets); return () => g.scan(text, "input"); },
  rules: () => { const g = new Guard({ ...def, sentiment: { enabled: false } }); return () => g.scan(text, "input"); },
  full: () => { const g = new Guard(); return () => g.scan(text, "input"); },
  sentiment: () => { const g = new Guard(); return () => { for (const l of lines) g.sentiment(l); }; },
};
for (const [name, mk] of Object.entries(work)) {
  if (only && !only.split(",").includes(name)) continue;
  console.log(`wasm ${name}: ${mbps(mk())} MB/s`);
}
