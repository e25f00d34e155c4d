// Deterministic chat-like corpus for the benchmarks (~1 MB), written to
// target/bench/corpus.txt with target/bench/corpus.json holding the number of profane
// words inserted, which every benchmark checks against its finding count.
// Also writes target/bench/policy5000.json: 5,000 generated terms.
import { mkdirSync, writeFileSync } from "node:fs";

export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

const words = ("the a to and of you I it is that for on with this my your we can be have are not do " +
  "what how about just so like will if me at or but was from get know all there one time please thanks " +
  "model reply question answer help code error deploy server page message chat user data weekend " +
  "meeting tomorrow today idea plan ship feature review test release Scunthorpe classic assassin " +
  "cocktail therapist Essex passage glass class grass bass analysis Dickens shiitake").split(" ");
// profane words in plain and evasive spellings; each counts as one finding
const bad = ["shit", "sh1t", "f.u.c.k", "fuuuck", "a$$hole", "ѕhit", "ｓｈｉｔ", "bitch", "idiot", "s h i t", "fucking", "b1tch"];
const emoji = ["😀", "👍🏽", "🙏", "🚀", "👨‍👩‍👧"];

/**
 * The same chat, with personal data and secrets among the words when `pii` is a rate (per
 * word): e-mail addresses, phone numbers, payment cards, IBANs, IPv4 addresses and GitHub
 * tokens, each one finding of the default policy (counted in `pii`). Values vary with the
 * seed; cards and IBANs are valid (Luhn, mod-97).
 */
export function corpus(targetBytes = 1 << 20, seed = 42, pii = 0) {
  const r = rng(seed);
  const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const makers = [
    () => `${pick(["jane", "bob.smith", "ops", "k.lee"])}${Math.floor(r() * 1000)}@${pick(["example.com", "corp.io", "mail.co.uk"])}`,
    () => pick(["+44 20 7946 0958", "+1 415 555 0132", "+49 30 901820", "(212) 555-0188", "+33 1 42 68 53 00"]),
    () => pick(["4111 1111 1111 1111", "5500-0000-0000-0004", "3400 000000 00009", "4012888888881881"]),
    () => pick(["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "FR1420041010050500013M02606"]),
    () => `10.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`,
    () => "ghp_" + Array.from({ length: 36 }, () => pick(alnum)).join(""),
  ];
  let found = 0;
  const lines = [];
  let size = 0;
  let profane = 0;
  while (size < targetBytes) {
    const n = 4 + Math.floor(r() * 18);
    const msg = [];
    for (let i = 0; i < n; i++) {
      const x = r();
      if (x < 0.01) { msg.push(bad[Math.floor(r() * bad.length)]); profane++; }
      else if (x < 0.01 + pii && i > 0) { msg.push(pick(makers)()); found++; }
      else if (x < 0.03) msg.push(emoji[Math.floor(r() * emoji.length)]);
      else msg.push(words[Math.floor(r() * words.length)]);
    }
    let line = msg.join(" ");
    line = line[0].toUpperCase() + line.slice(1) + (r() < 0.3 ? "?" : ".");
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return { text: lines.join("\n") + "\n", profane, pii: found };
}

export function termPolicy(n = 5000, seed = 7) {
  const r = rng(seed);
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const terms = new Set();
  while (terms.size < n) {
    const len = 5 + Math.floor(r() * 6);
    let t = "";
    for (let i = 0; i < len; i++) t += letters[Math.floor(r() * 26)];
    terms.add(t);
  }
  const list = [...terms];
  // keyword-only: sentiment scoring off
  return { policy: { input: { rules: [{ id: "big", detector: "keywords", terms: list, action: "mask" }] }, sentiment: { enabled: false } }, terms: list };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = new URL("../target/bench/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  const c = corpus();
  writeFileSync(new URL("corpus.txt", dir), c.text);
  writeFileSync(new URL("corpus.json", dir), JSON.stringify({ bytes: Buffer.byteLength(c.text), profane: c.profane }));
  const p = termPolicy();
  writeFileSync(new URL("policy5000.json", dir), JSON.stringify(p.policy));
  console.log(`corpus: ${Buffer.byteLength(c.text)} bytes, ${c.profane} profane words; policy5000: ${p.terms.length} terms`);
}
