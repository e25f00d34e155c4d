// The peer libraries of the benchmarks (pinned in bench/package.json), each set up for the
// work it does, and the adversarial inputs. Shared by peers.mjs and adversarial.mjs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("./package.json", import.meta.url));
const version = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), "utf8")).version;

/** `[value of f(), milliseconds it took]`. */
async function timedInit(f) {
  const a = performance.now();
  const v = await f();
  return [v, performance.now() - a];
}

/**
 * Each peer, named by its npm package: its area (the work it is compared on), what it lacks against chatguard, and `load`, which sets it up and returns
 * `init` (ms spent constructing it, 0 when it needs no construction) and one of `clean`
 * (text -> sanitised text), `spans` (text -> promise of [start, end] ranges) or `score`
 * (text -> number); `version` when more than the one package's version is reported.
 */
const PEERS = {
  "redact-pii": {
    area: "pii",
    lacks: "no streaming, no placeholders/restore, no IBAN/NINO/NHS/MAC/crypto, no Luhn check, no secrets",
    load: async () => {
      const [r, init] = await timedInit(() => new (require("redact-pii").SyncRedactor)());
      return { init, clean: (t) => r.redact(t) };
    },
  },
  "@redactpii/node": {
    area: "pii",
    lacks: "no streaming, no placeholders/restore, no IBAN/NINO/NHS/crypto, no secrets",
    load: async () => {
      const { Redactor } = await import("@redactpii/node");
      const [r, init] = await timedInit(() => new Redactor());
      return { init, clean: (t) => r.redact(t) };
    },
  },
  "@coffeeandfun/remove-pii": {
    area: "pii",
    lacks: "no streaming, no placeholders/restore, no checksum validation of IBAN/NHS/crypto, no secrets",
    load: async () => {
      const m = await import("@coffeeandfun/remove-pii");
      return { init: 0, clean: (t) => m.removePII(t) };
    },
  },
  "@secretlint/core": {
    area: "secrets",
    version: () => `${version("@secretlint/core")} + preset-recommend ${version("@secretlint/secretlint-rule-preset-recommend")}`,
    lacks: "async file linter: no masking output, no streaming, no personal data, no generic key=value secrets",
    load: async () => {
      const { lintSource } = await import("@secretlint/core");
      const [preset, init] = await timedInit(async () => (await import("@secretlint/secretlint-rule-preset-recommend")).creator);
      const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: preset }] };
      const spans = async (t) => (await lintSource({ source: { filePath: "/input.txt", content: t, contentType: "text" }, options: { config } })).messages.map((m) => m.range);
      return { init, spans };
    },
  },
  obscenity: {
    area: "keywords",
    lacks: "no spaced-out/dotted words, no Cyrillic look-alikes, no streaming",
    load: async () => {
      const ob = require("obscenity");
      const [m, init] = await timedInit(() => new ob.RegExpMatcher({ ...ob.englishDataset.build(), ...ob.englishRecommendedTransformers }));
      const censor = new ob.TextCensor();
      return { init, clean: (t) => censor.applyTo(t, m.getAllMatches(t)) };
    },
  },
  "@2toad/profanity": {
    area: "keywords",
    lacks: "no evasion handling (leetspeak, separators, look-alikes), no streaming",
    load: async () => {
      const { Profanity } = require("@2toad/profanity");
      const [p, init] = await timedInit(() => new Profanity());
      return { init, clean: (t) => p.censor(t) };
    },
  },
  allprofanity: {
    area: "keywords",
    lacks: "no streaming, no grapheme-aware masking",
    load: async () => {
      const ap = require("allprofanity");
      const a = ap.default ?? ap;
      return { init: 0, clean: (t) => a.clean(t) };
    },
  },
  "bad-words": {
    area: "keywords",
    lacks: "no evasion handling, no streaming",
    load: async () => {
      const { Filter } = require("bad-words");
      const [f, init] = await timedInit(() => new Filter());
      return { init, clean: (t) => f.clean(t) };
    },
  },
  "vader-sentiment": {
    area: "sentiment",
    lacks: "no shift detection, no sentence trajectory",
    load: async () => {
      const vader = require("vader-sentiment");
      return { init: 0, score: (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound };
    },
  },
  sentiment: {
    area: "sentiment",
    lacks: "AFINN word sums, not VADER (no negation window, boosters, caps, but-rule); no shift detection",
    load: async () => {
      const Sentiment = require("sentiment");
      const [s, init] = await timedInit(() => new Sentiment());
      return { init, score: (t) => s.analyze(t).comparative };
    },
  },
};

/** The peers' names, in the order the tables list them. */
export const peerNames = Object.keys(PEERS);

/**
 * Sets up the peers named in `only` (default: all), in the tables' order: name -> `{ area,
 * version, lacks, init, clean | spans | score }`.
 */
export async function loadPeers(only = peerNames) {
  const peers = {};
  for (const [name, p] of Object.entries(PEERS)) {
    if (!only.includes(name)) continue;
    peers[name] = { area: p.area, version: p.version?.() ?? version(name), lacks: p.lacks, ...(await p.load()) };
  }
  return peers;
}

/** Messages bench/cold.mjs times in a fresh process: the first this many of the corpus. */
export const COLD = 500;

/** A peer's work on one text: its `clean`, `spans` or `score` (may return a promise). */
export const workOf = (p) => p.clean ?? p.spans ?? p.score;

/** The adversarial inputs, `bytes` long each (ASCII: bytes = characters). */
export function adversarialInputs(bytes) {
  return {
    digits: "7".repeat(bytes),
    at: "@".repeat(bytes),
    token: "a".repeat(bytes),
    "a.": "a.".repeat(bytes >> 1),
  };
}

/**
 * Times `f` (one library's work; may return a promise) on the adversarial `input` (a key
 * of `adversarialInputs`), yielding `{ bytes, s }` per size as soon as it has it: at 64 KB,
 * the second of two runs (the first warms up) unless the first alone took over half a
 * second; then, when that took under a second, at 1 MB the median of up to 6 runs within
 * 3 s, without the first when there are three or more (the first at a new size pays for
 * memory growth; in some processes the next few are slow too: chatguard's sentiment on
 * 1 MB of digits ran at 207, then 355-389 five times, then 534-598). Seconds per run.
 */
export async function* adversarialRuns(f, input) {
  const run = async (t) => {
    const a = performance.now();
    const r = f(t);
    if (r && typeof r.then === "function") await r;
    return (performance.now() - a) / 1e3;
  };
  const small = adversarialInputs(1 << 16)[input];
  let s = await run(small);
  if (s < 0.5) s = await run(small);
  yield { bytes: small.length, s };
  if (s >= 1) return;
  const big = adversarialInputs(1 << 20)[input];
  const times = [];
  const start = performance.now();
  do times.push(await run(big));
  while (times.length < 6 && performance.now() - start < 3000);
  if (times.length >= 3) times.shift();
  times.sort((a, b) => a - b);
  yield { bytes: big.length, s: times[Math.floor(times.length / 2)] };
}

/** How the tables name each adversarial input of `adversarialInputs`. */
export const adversarialNames = { digits: "digits", at: "`@`", token: "one token (`a`)", "a.": "`a.` repeated" };
