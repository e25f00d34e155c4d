// Labelled profanity cases for the benchmark's quality table, written for it (taken from
// no peer): common English profanities in the evasive spellings a filter may claim to see
// through, one kind per spelling, and near misses (ordinary words, names and phrases that
// contain a banned string), one kind per sort. Generated, so every word gets every
// spelling; separate from tests/data/keywords.json, which the test suites share.
//
//   node bench/keyword_cases.mjs      prints recall per spelling and false positives per
//                                     sort, for chatguard and the keyword peers
//
// The words are the ones every library of the comparison flags in their plain spelling
// ("oh fuck again"), so a spelling's recall measures the spelling, not the word list.

/** Profanities that chatguard and every keyword peer flag when plainly spelt. */
export const WORDS = ["fuck", "shit", "bitch", "cunt", "asshole", "dick", "bastard", "slut", "cock", "pussy", "motherfucker", "twat", "dildo", "tits"];

const map = (w, f) => [...w].map(f).join("");
const sub = (table) => (w) => map(w, (c) => table[c] ?? c);
const VOWELS = new Set(["a", "e", "i", "o", "u"]);
/** `w` with its first vowel replaced by `by`. */
const firstVowel = (w, by) => {
  const i = [...w].findIndex((c) => VOWELS.has(c));
  return w.slice(0, i) + by(w[i]) + w.slice(i + 1);
};
const LEET = { a: "4", e: "3", i: "1", o: "0", s: "5", t: "7" };
const LEET_ONE = { a: "@", e: "3", i: "1", o: "0", u: "v" };
const CYRILLIC = { a: "\u0430", c: "\u0441", e: "\u0435", o: "\u043e", p: "\u0440", x: "\u0445", y: "\u0443", i: "\u0456", s: "\u0455" };
const GREEK = { a: "\u03b1", i: "\u03b9", o: "\u03bf", u: "\u03c5", k: "\u03ba" };
const ACUTE = { a: "\u00e1", e: "\u00e9", i: "\u00ed", o: "\u00f3", u: "\u00fa" };
const between = (sep) => (w) => [...w].join(sep);

/**
 * The evasive spellings: kind -> word -> spelling (undefined: the kind does not apply to
 * the word).
 */
export const SPELLINGS = {
  plain: (w) => w,
  capitals: (w) => w.toUpperCase(),
  mixed_case: (w) => map(w, (c, i) => (i % 2 ? c : c.toUpperCase())),
  plural: (w) => (w.endsWith("s") ? undefined : w.endsWith("y") ? `${w.slice(0, -1)}ies` : /(ch|sh|s|x)$/.test(w) ? `${w}es` : `${w}s`),
  leet_one: (w) => firstVowel(w, (c) => LEET_ONE[c]),
  leet_all: sub(LEET),
  vowel_asterisk: (w) => firstVowel(w, () => "*"),
  accents: sub(ACUTE),
  combining_accents: (w) => map(w, (c) => (VOWELS.has(c) ? `${c}\u0301` : c)),
  cyrillic_lookalikes: sub(CYRILLIC),
  greek_lookalikes: sub(GREEK),
  fullwidth: (w) => map(w, (c) => String.fromCodePoint(0xff41 + c.charCodeAt(0) - 97)),
  math_bold: (w) => map(w, (c) => String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97)),
  zero_width: between("\u200b"),
  soft_hyphens: between("\u00ad"),
  spaced: between(" "),
  dotted: between("."),
  dashed: between("-"),
  stretched: (w) => map(w, (c) => (VOWELS.has(c) ? c.repeat(4) : c)),
  combined: (w) => between(".")(firstVowel(w, (c) => LEET_ONE[c]).toUpperCase()),
};

/** Near misses by sort: none contains a profanity as a word of its own. */
export const NEAR_MISSES = {
  inside_words: [
    "class", "classic", "bass", "grass", "brass", "passage", "assassin", "assume", "assessment", "embassy", "compass", "cassette",
    "massage", "harass", "bassoon", "cocktail", "peacock", "cockpit", "cockroach", "shuttlecock", "shiitake", "title", "petition",
    "constitution", "titan", "appetite", "competition", "attitude", "hello", "shell", "seashell", "analysis", "canal", "analyst",
    "banal", "grape", "drape", "scrape", "therapist", "skyscraper", "document", "cucumber", "accumulate", "cumin", "circumstance",
    "sextant", "shoe", "horseshoe", "arsenal", "arsenic", "button", "butter", "buttress", "spice", "conspicuous", "night", "scrap",
    "scrapbook", "prickly", "swank", "bitcoin", "pushover", "mishap", "cocoa", "dickey", "twattle",
  ],
  names_and_places: [
    "Scunthorpe", "Penistone", "Lightwater", "Clitheroe", "Essex", "Sussex", "Middlesex", "Dickens", "Dickinson", "Hitchcock",
    "Hancock", "Cockburn", "Matsushita", "Cumbria", "Titicaca", "Nigeria", "Shitake Road", "Cockermouth",
  ],
  across_words: [
    "push it", "wash it off", "finish it", "this hit song", "fresh item", "pass it on", "a sip", "I see", "u turn", "the cunning plan",
    "bad ick", "as sole owner", "Mr. Hancock's kit", "English item",
  ],
};

const TEMPLATES = [(x) => `oh ${x} again`, (x) => `you ${x}!`, (x) => `${x}, that was close`];

/**
 * The labelled cases: `{ kind, text, positive }`, positives first (each word in each
 * spelling, in one of three short sentences), then the near misses (each in a sentence).
 */
export function keywordCases() {
  const cases = [];
  for (const [kind, spell] of Object.entries(SPELLINGS)) {
    WORDS.forEach((w, i) => {
      const s = spell(w);
      if (s !== undefined) cases.push({ kind, text: TEMPLATES[i % TEMPLATES.length](s), positive: true });
    });
  }
  for (const [kind, words] of Object.entries(NEAR_MISSES)) {
    words.forEach((w, i) => cases.push({ kind, text: TEMPLATES[i % TEMPLATES.length](w), positive: false }));
  }
  return cases;
}

/**
 * Scores `clean` (text -> sanitised text) on the cases: a positive is found, and a near
 * miss flagged, when the output differs from the input. Per kind `{ n, hits }`, and the
 * totals `{ pos, found, neg, flagged }`.
 */
export function scoreKeywords(clean, cases = keywordCases()) {
  const by = {};
  let pos = 0, found = 0, neg = 0, flagged = 0;
  for (const c of cases) {
    let out;
    try {
      out = clean(c.text);
    } catch {
      out = c.text;
    }
    const hit = out !== c.text;
    const k = (by[c.kind] ??= { n: 0, hits: 0, positive: c.positive });
    k.n++;
    if (hit) k.hits++;
    if (c.positive) {
      pos++;
      if (hit) found++;
    } else {
      neg++;
      if (hit) flagged++;
    }
  }
  return { by, pos, found, neg, flagged };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import("node:fs");
  const { loadPeers } = await import("./libraries.mjs");
  const { default: init, Guard } = await import("../pkg/node.js");
  await init();
  const policies = JSON.parse(readFileSync(new URL("./policies.json", import.meta.url), "utf8"));
  const g = new Guard(policies.keywords);
  const libs = { chatguard: (t) => g.scan(t, "input").text };
  for (const [n, p] of Object.entries(await loadPeers())) if (p.area === "keywords") libs[n] = p.clean;
  const cases = keywordCases();
  const scores = Object.fromEntries(Object.entries(libs).map(([n, f]) => [n, scoreKeywords(f, cases)]));
  const kinds = Object.keys(scores.chatguard.by);
  console.log(["kind".padEnd(20), ...Object.keys(libs).map((n) => n.split("/").pop().padStart(12))].join(""));
  for (const k of kinds) console.log([`${k} (${scores.chatguard.by[k].n})`.padEnd(20), ...Object.values(scores).map((s) => `${s.by[k].hits}`.padStart(12))].join(""));
  if (process.argv[2] === "-v") {
    for (const c of cases) {
      const hit = g.scan(c.text, "input").text !== c.text;
      if (hit !== c.positive) console.log(`chatguard ${c.positive ? "misses" : "flags"} [${c.kind}] ${JSON.stringify(c.text)}`);
    }
  }
}
