// Streaming cost per push, WASM in Node: a ~400 KB reply from the corpus pushed in
// 4-character tokens through the full default policy (output direction). Prints the median
// and p99 per push, the median over the first and last 5,000 pushes (flatness), and the
// hold-back (characters pushed but not yet released) after each push. Checks that the
// streamed text equals the one-shot scan. Then runs itself again in a process with one V8
// worker thread (see the end) and prints that run's median, p99 and max.
import { execFileSync } from "node:child_process";
import init, { Guard } from "../pkg/node.js";
import { corpus } from "./corpus.mjs";

await init();
const g = new Guard();
const text = corpus(400 * 1024, 9).text;
const tokens = [];
for (let i = 0; i < text.length; i += 4) tokens.push(text.slice(i, i + 4));

const oneShot = g.newConversation().scan(text, "output").text;
const s = g.newConversation().stream("output");
const times = new Float64Array(tokens.length);
const held = new Int32Array(tokens.length);
let out = "";
let pushed = 0;
for (let i = 0; i < tokens.length; i++) {
  const a = performance.now();
  const r = s.push(tokens[i]);
  times[i] = performance.now() - a;
  out += r.text;
  pushed += tokens[i].length;
  held[i] = pushed - out.length; // equal lengths outside redactions: masks keep one unit per grapheme
}
const f0 = performance.now();
out += s.finish().text;
const finishMs = performance.now() - f0;
const slowest = times.indexOf(Math.max(...times));
if (out !== oneShot) { console.error("FAIL: streamed text differs from the one-shot scan"); process.exitCode = 1; }

const us = (xs) => Array.from(xs).map((x) => x * 1000).sort((a, b) => a - b);
const q = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const all = us(times);
const first = us(times.slice(0, 5000));
const last = us(times.slice(-5000));
const h = Array.from(held).sort((a, b) => a - b);
if (process.env.STREAM_CHILD) {
  // (the run under --v8-pool-size=1 below: its figures only)
  console.log(JSON.stringify({ median: q(all, 0.5), p99: q(all, 0.99), max: all[all.length - 1] }));
  process.exit(process.exitCode ?? 0);
}
console.log(`stream: ${tokens.length} pushes of 4 chars (${(text.length / 1024).toFixed(0)} K chars), full default policy, output`);
console.log(`per push: median ${q(all, 0.5).toFixed(2)} µs, p99 ${q(all, 0.99).toFixed(2)} µs, max ${all[all.length - 1].toFixed(1)} µs`);
console.log(`flatness: median first 5,000 ${q(first, 0.5).toFixed(2)} µs, last 5,000 ${q(last, 0.5).toFixed(2)} µs (ratio ${(q(last, 0.5) / q(first, 0.5)).toFixed(2)})`);
console.log(`slowest push: #${slowest}; finish (rest of the text, last sentence, whole-reply sentiment): ${finishMs.toFixed(1)} ms`);
console.log(`hold-back after a push (chars): median ${q(h, 0.5)}, p99 ${q(h, 0.99)}, max ${h[h.length - 1]}; streamed text ${out === oneShot ? "equals" : "DIFFERS FROM"} the one-shot scan`);

// Many of the slowest pushes come in the first fraction of a second, while V8 compiles the
// module's hot functions on its worker threads: on a machine with two cores those threads
// can take the CPU from this one for milliseconds at a time. The same run with one worker
// thread shows how much of the max that is.
const child = JSON.parse(
  execFileSync(process.execPath, ["--v8-pool-size=1", new URL(import.meta.url).pathname], {
    encoding: "utf8",
    env: { ...process.env, STREAM_CHILD: "1" },
  }),
);
console.log(`same run in a process with one V8 worker thread (--v8-pool-size=1): median ${child.median.toFixed(2)} µs, p99 ${child.p99.toFixed(2)} µs, max ${child.max.toFixed(1)} µs`);
