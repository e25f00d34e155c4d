// One library's first calls in a fresh process: the cost per message of the first COLD
// messages of the chat corpus, one call each, right after the library is set up (its
// code not yet optimised by the engine: what a page's first messages pay). Prints one
// JSON line `{"us":…}` (µs per message). With COLD_WARM=1, chatguard first runs warmUp()
// and the line also holds `warmMs`, the milliseconds that took.
//
//   node bench/cold.mjs <library> <area>     (library: "chatguard (WASM)" or a peer's name)
import { readFileSync } from "node:fs";
import init, { Guard, warmUp } from "../pkg/node.js";
import { corpus } from "./corpus.mjs";
import { COLD, loadPeers, workOf } from "./libraries.mjs";

const [lib, area] = process.argv.slice(2);
const policies = JSON.parse(readFileSync(new URL("./policies.json", import.meta.url), "utf8"));
let work;
let warmMs;
if (lib === "chatguard (WASM)") {
  await init();
  // COLD_WARM=1: what a page that calls warmUp() first pays (its own time is printed too)
  if (process.env.COLD_WARM === "1") warmMs = warmUp();
  const g = area === "sentiment" ? new Guard() : new Guard(policies[area]);
  work = area === "sentiment" ? (t) => g.sentiment(t) : (t) => g.scan(t, "input");
} else {
  const peers = await loadPeers([lib]);
  if (!peers[lib] || peers[lib].area !== area) {
    console.error(`usage: node bench/cold.mjs <library> <area>; no ${lib} for ${area}`);
    process.exit(2);
  }
  work = workOf(peers[lib]);
}
const messages = corpus().text.split("\n").filter(Boolean).slice(0, COLD);
const a = performance.now();
for (const m of messages) {
  const r = work(m);
  if (r && typeof r.then === "function") await r;
}
console.log(JSON.stringify({ us: ((performance.now() - a) * 1e3) / messages.length, warmMs }));
