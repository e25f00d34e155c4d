// JS tests against the built package (pkg/): node --test tests/js
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import init, { Guard, defaultPolicy, warmUp } from "../../pkg/node.js";

await init();
const load = (name) => JSON.parse(readFileSync(new URL(`../data/${name}`, import.meta.url), "utf8"));
// each shared table, with the detectors whose findings its `kinds` list
const tables = [
  { table: load("keywords.json"), detectors: ["keywords"] },
  { table: load("pii.json"), detectors: ["pii", "secrets", "placeholders", "regex"] },
];
const table = tables[0].table;

function guardFor(c, t = table) {
  const g = c.policy ? new Guard(t.policies[c.policy]) : new Guard();
  for (const b of c.before ?? []) g.scan(b, "input");
  return g;
}

function streamed(c, cuts, t = table) {
  const s = guardFor(c, t).stream(c.direction ?? "input");
  let text = "";
  const findings = [];
  let prev = 0;
  for (const cut of [...cuts, c.text.length]) {
    const r = s.push(c.text.slice(prev, cut));
    text += r.text;
    findings.push(...r.findings);
    prev = cut;
  }
  const r = s.finish();
  text += r.text;
  findings.push(...r.findings);
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text, findings, verdict: s.verdict };
}

test("case names are unique", () => {
  const names = tables.flatMap(({ table: t }) => t.cases.map((c) => c.name));
  assert.equal(new Set(names).size, names.length);
});

for (const { table: t, detectors } of tables)
for (const c of t.cases) {
  test(`case ${c.name}`, () => {
    const r = guardFor(c, t).scan(c.text, c.direction ?? "input");
    assert.equal(r.text, c.expect);
    // each table lists its own detectors' findings; sentiment has its own tests
    assert.deepEqual(r.findings.filter((f) => detectors.includes(f.detector)).map((f) => f.kind), c.kinds);
    if (c.verdict) assert.equal(r.verdict, c.verdict);
    for (const f of r.findings) {
      // UTF-16 spans: slicing the JS strings gives the finding
      assert.ok(f.start <= f.end && f.end <= c.text.length);
      assert.equal(f.value, undefined, "no raw value unless asked");
      if ((f.action === "mask" || f.action === "block") && c.policy !== "tail") {
        assert.match(r.text.slice(f.outStart, f.outEnd), /^\*+$/);
      }
    }
    // the stream gives the same text and findings at every cut, including inside surrogate pairs
    const want = { text: r.text, findings: [...r.findings].sort((a, b) => a.start - b.start || a.end - b.end) };
    const units = [...Array(c.text.length).keys()].slice(1);
    for (const cuts of [[], units, ...units.map((u) => [u])]) {
      const got = streamed(c, cuts, t);
      assert.equal(got.text, want.text, `cuts ${cuts}`);
      assert.deepEqual(got.findings, want.findings, `cuts ${cuts}`);
    }
  });
}

test("spans are UTF-16 units after emoji and astral characters", () => {
  const g = new Guard();
  const text = "😀👍🏽 𝒳 family 👨‍👩‍👧 then shit";
  const r = g.scan(text, "input");
  assert.equal(r.findings.length, 1);
  const f = r.findings[0];
  assert.equal(text.slice(f.start, f.end), "shit");
  assert.equal(r.text.slice(f.outStart, f.outEnd), "****");
});

test("mask writes one character per grapheme", () => {
  const g = new Guard({ input: { rules: [{ id: "e", detector: "keywords", terms: ["fu👍🏽ck"], action: "mask" }] } });
  // the emoji is a separator inside the term; the masked span has 5 graphemes
  const r = g.scan("x fu👍🏽ck y", "input");
  assert.equal(r.text, "x ***** y");
});

test("policy errors are Errors with code and path; no guard is built", () => {
  const bad = [
    [{ input: { rules: [{ id: "a", detector: "keywords", terms: ["x"], action: "smash" }] } }, "policy_type", "input.rules[0].action"],
    [{ input: { rules: [{ id: "a", detector: "keywords", terms: [], action: "mask" }] } }, "policy_invalid_value", "input.rules[0].terms"],
    [{ output: { rules: [{ id: "a", detector: "keywords", terms: ["x"], action: "mask", colour: 1 }] } }, "policy_unknown_field", "output.rules[0].colour"],
    ["{not json", "policy_syntax", ""],
  ];
  for (const [policy, code, path] of bad) {
    assert.throws(() => new Guard(policy), (e) => e instanceof Error && e.code === code && e.path === path);
  }
  assert.throws(() => new Guard(42), TypeError);
});

test("non-string text is a TypeError; bad direction an error with a code", () => {
  const g = new Guard();
  for (const v of [undefined, null, 42, {}, ["a"]]) {
    assert.throws(() => g.scan(v, "input"), TypeError);
  }
  assert.throws(() => g.scan("x", "sideways"), (e) => e.code === "invalid_argument");
  assert.throws(() => g.stream("output").push(7), TypeError);
});

test("default policy, fingerprint, verdicts", () => {
  const g = new Guard();
  assert.match(g.fingerprint, /^cg1-[0-9a-f]{32}$/);
  const r = g.scan("hello there", "input");
  assert.deepEqual(r, {
    text: "hello there", verdict: "allow", findings: [], fingerprint: g.fingerprint,
    sentiment: { compound: 0, pos: 0, neu: 1, neg: 0, sentences: [{ start: 0, end: 11, compound: 0 }] },
  });
  assert.equal(new Guard().fingerprint, g.fingerprint);
  assert.equal(g.scan("you n1gger", "input").verdict, "block");
});

test("10 MB input, lone surrogates, empty, only zero-width: results, never a panic", () => {
  const g = new Guard();
  const big = "hello you fucking idiot 😀 ".repeat(400_000); // ~10.8 MB of UTF-16
  const r = g.scan(big, "input");
  assert.equal(r.findings.filter((f) => f.detector === "keywords").length, 800_000);
  assert.ok(!r.text.includes("fuck"));
  // lone surrogates become U+FFFD (same UTF-16 length, spans stay aligned)
  const lone = "a\ud800b shit \udc00";
  const r2 = g.scan(lone, "input");
  assert.equal(r2.text, "a\ufffdb **** \ufffd");
  assert.equal(lone.slice(r2.findings[0].start, r2.findings[0].end), "shit");
  // a typed U+FFFD beside a lone surrogate, and alone
  assert.equal(g.scan("\ufffd\udbff shit", "input").text, "\ufffd\ufffd ****");
  assert.equal(g.scan("\ufffd shit", "input").text, "\ufffd ****");
  // a lone surrogate after the last edit, in a short and a long text; wide characters and
  // no lone surrogate (the core tells JS it saw no U+FFFD: the text is kept as it is)
  assert.equal(g.scan("shit 😀 \ud800", "input").text, "**** 😀 \ufffd");
  const tail = "é ".repeat(3000);
  assert.equal(g.scan("shit " + tail + "\udc00", "input").text, "**** " + tail + "\ufffd");
  assert.equal(g.scan("😀 shit é", "input").text, "😀 **** é");
  assert.equal(g.scan("", "input").text, "");
  const zw = "\u200b\u200c\u200d\ufeff";
  assert.equal(g.scan(zw, "input").text, zw);
  // the module still works afterwards
  assert.equal(g.scan("shit", "output").text, "****");
});

test("short and long messages cross alike, before and after the memory grows", () => {
  // short texts go through the guard's input buffer, long ones through a text buffer
  // sized one byte per unit, then grown for what did not fit: both must give the stream's
  // answer, at the size limit and around it
  const g = new Guard();
  const check = (text) => {
    const r = g.scan(text, "input");
    const s = g.fork().stream("input");
    const want = s.push(text).text + s.finish().text;
    assert.equal(r.text, want);
    const f = r.findings.find((x) => x.detector === "keywords");
    assert.equal(text.slice(f.start, f.end), "shit");
  };
  check("no match yet shit");
  // `units` UTF-16 units of `word` and spaces (no long run of one letter: that is held
  // back, and cut as overlong)
  const fill = (word, units) => (word + " ").repeat(units).slice(0, units).replace(/[\ud800-\udbff]$/, "a");
  for (const n of [4095, 4096, 4097]) {
    check(fill("é", n - 5) + " shit"); // 2-byte characters
    check(fill("€€", n - 5) + " shit"); // 3-byte: the buffer's worst case at 4096
    check(fill("😀", n - 5) + " shit"); // astral pairs
  }
  // long texts: all ASCII (one step), ASCII then wider characters (the buffer grows after
  // the ASCII part, at every point of the first step's end), lone surrogates
  check(fill("abc", 5000) + " shit");
  for (const k of [1, 2, 3, 4]) check(fill("abc", 5000 - k) + "é😀€".slice(0, k) + fill(" é😀€", 300) + " shit");
  check(fill("abc", 5000) + "\ud800 \udc00 shit");
  // sentiment's long path reads the whole text (the tail decides the sign) and agrees with
  // the scan's whole-text scores
  assert.ok(g.sentiment(fill("the ", 8000) + " I hate this, it is terrible and awful").compound < 0);
  const mixed = fill("good 😀 okay ", 9000);
  const [a, b] = [g.sentiment(mixed), g.scan(mixed, "input").sentiment];
  assert.deepEqual([a.compound, a.pos, a.neu, a.neg], [b.compound, b.pos, b.neu, b.neg]);
  g.scan("word ".repeat(4_000_000), "input"); // 20 MB: the memory grows, views go stale
  check("after growth: shit");
  check("\ud800 lone then shit");
});

test("the raw binding refuses misuse with errors, and keeps working", async () => {
  // what index.js drives internally: a wrong size or length is an error, never a trap
  const { RawGuard } = await import("../../pkg/wasm/chatguard.js");
  const raw = new RawGuard(undefined);
  assert.throws(() => raw.inputBuffer(2 ** 30), (e) => e.code === "invalid_argument");
  const ptr = raw.inputBuffer(16);
  // scanInput and sentimentInput return 1 on misuse, the error waiting in takeError
  const refused = (status) => {
    assert.equal(status, 1);
    const e = raw.takeError();
    assert.ok(e instanceof Error && e.code === "invalid_argument", String(e));
    assert.equal(raw.takeError(), undefined, "taken once");
  };
  refused(raw.scanInput(1 << 20, 0));
  refused(raw.scanInput(4, 7));
  refused(raw.sentimentInput(1 << 20));
  // the long-text buffer: a length past it, a wrong direction, too much to allocate
  refused(raw.scanText(5, 0));
  raw.textBuffer(0, 4);
  refused(raw.scanText(4, 7));
  raw.textBuffer(0, 4);
  refused(raw.sentimentText(5));
  assert.throws(() => raw.textBuffer(0, 2 ** 31 + 5), (e) => e.code === "invalid_argument");
  // bytes that are not UTF-8 in the buffer: an error, not a scan of them
  const { initSync } = await import("../../pkg/wasm/chatguard.js");
  new Uint8Array(initSync().memory.buffer, ptr, 2).set([0xc3, 0x28]);
  refused(raw.scanInput(2, 0));
  refused(raw.sentimentInput(2));
  new Uint8Array(initSync().memory.buffer, raw.textBuffer(0, 2), 2).set([0xc3, 0x28]);
  refused(raw.scanText(2, 0));
  new Uint8Array(initSync().memory.buffer, raw.textBuffer(0, 2), 2).set([0xc3, 0x28]);
  refused(raw.sentimentText(2));
  new Uint8Array(initSync().memory.buffer, ptr, 2).set([0x68, 0x69]);
  assert.equal(raw.scanInput(2, 0), 0, "valid input scans");
  assert.equal(typeof ptr, "number");
  raw.free();
  assert.equal(new Guard().scan("still works: shit", "input").text, "still works: ****");
});

test("stream misuse is an error, not a crash", () => {
  const s = new Guard().stream("output");
  s.push("hi");
  s.finish();
  assert.throws(() => s.push("x"), (e) => e.code === "invalid_state");
  assert.throws(() => s.finish(), (e) => e.code === "invalid_state");
});

test("placeholders restore within the conversation only", () => {
  const policy = { input: { rules: [{ id: "p", detector: "keywords", category: "project", terms: ["bluebird"], action: "placeholder" }] } };
  const g = new Guard(policy);
  assert.equal(g.scan("ship Bluebird", "input").text, "ship [PROJECT_1]");
  assert.equal(g.restore("ok [PROJECT_1], not [PROJECT_7]"), "ok Bluebird, not [PROJECT_7]");
  assert.equal(g.newConversation().restore("[PROJECT_1]"), "[PROJECT_1]");
});

test("includeMatchedText opts in to raw values", () => {
  const g = new Guard({ includeMatchedText: true, input: { rules: [{ id: "a", detector: "keywords", terms: ["secret"], action: "mask" }] } });
  assert.equal(g.scan("my SeCr3t", "input").findings[0].value, "SeCr3t");
});

test("many distinct strings in one result keep their own names", () => {
  // 40 addresses: 40 placeholders, past the point where the binding's string table
  // switches from a search to a map; opted-in values and repeats mixed in
  const g = new Guard({ includeMatchedText: true, input: { rules: [{ id: "pii", detector: "pii", kinds: ["email"], action: "placeholder" }] } });
  const mails = Array.from({ length: 40 }, (_, i) => `user${i}@example.com`);
  const text = [...mails, mails[3], mails[39]].join(" and ");
  const r = g.scan(text, "input");
  assert.equal(r.findings.length, 42);
  r.findings.forEach((f, i) => {
    const k = i < 40 ? i : [3, 39][i - 40];
    assert.equal(f.replacement, `[EMAIL_${k + 1}]`);
    assert.equal(f.value, mails[k]);
    assert.equal(text.slice(f.start, f.end), mails[k]);
    assert.equal(f.kind, "email");
    assert.equal(f.rule, "pii");
  });
  assert.equal(r.text, [...mails.map((_, i) => `[EMAIL_${i + 1}]`), "[EMAIL_4]", "[EMAIL_40]"].join(" and "));
});

test("names and texts cross once per guard and per scan, in any script", () => {
  // names (rules, kinds, actions) are sent in the scan that first uses them and kept by
  // the guard; texts (replacements) come with each scan. Non-ASCII and astral names,
  // and a replacement that starts with U+FEFF (a decoder must not take it for a BOM)
  const policy = {
    input: {
      rules: [
        { id: "règle", detector: "keywords", category: "catégorie", terms: ["alpha"], action: "replace", replacement: "\ufeff[A]" },
        { id: "𝔯𝔲𝔩𝔢", detector: "keywords", category: "日本", terms: ["beta"], action: "replace", replacement: "[β😀]" },
        { id: "plain", detector: "keywords", terms: ["gamma"], action: "replace", replacement: "[G]" },
      ],
    },
  };
  const g = new Guard(policy);
  const other = g.newConversation(); // its own table: it has been sent nothing yet
  const seen = (r) => r.findings.map((f) => [f.detector, f.kind, f.rule, f.action, f.replacement]);
  const a = g.scan("x alpha y", "input");
  assert.equal(a.text, "x \ufeff[A] y");
  assert.deepEqual(seen(a), [["keywords", "catégorie", "règle", "replace", "\ufeff[A]"]]);
  const b = g.scan("beta, alpha and gamma then beta", "input");
  assert.equal(b.text, "[β😀], \ufeff[A] and [G] then [β😀]");
  assert.deepEqual(seen(b), [
    ["keywords", "日本", "𝔯𝔲𝔩𝔢", "replace", "[β😀]"],
    ["keywords", "catégorie", "règle", "replace", "\ufeff[A]"],
    ["keywords", "plain", "plain", "replace", "[G]"],
    ["keywords", "日本", "𝔯𝔲𝔩𝔢", "replace", "[β😀]"],
  ]);
  assert.equal(g.scan("nothing here", "input").findings.length, 0);
  // every name known: the U+FEFF text starts what crosses
  const c = g.scan("alpha", "input");
  assert.equal(c.text, "\ufeff[A]");
  assert.equal(c.findings[0].replacement, "\ufeff[A]");
  assert.deepEqual(seen(g.scan("gamma alpha", "input")), [
    ["keywords", "plain", "plain", "replace", "[G]"],
    ["keywords", "catégorie", "règle", "replace", "\ufeff[A]"],
  ]);
  // the other conversation and a fork read their own results right
  assert.deepEqual(seen(other.scan("gamma", "input")), [["keywords", "plain", "plain", "replace", "[G]"]]);
  const f = g.fork();
  assert.deepEqual(seen(f.scan("beta", "input")), [["keywords", "日本", "𝔯𝔲𝔩𝔢", "replace", "[β😀]"]]);
});

test("transformStream screens a piped body", async () => {
  const g = new Guard();
  const parts = ["what the f", "u", "ck, ", "mate"];
  const body = new ReadableStream({
    start(c) { for (const p of parts) c.enqueue(p); c.close(); },
  });
  let out = "";
  for await (const chunk of body.pipeThrough(g.transformStream("output"))) out += chunk;
  assert.equal(out, "what the ****, mate");
});

const sentimentTable = JSON.parse(readFileSync(new URL("../data/sentiment.json", import.meta.url), "utf8"));

test("sentiment matches the reference on every case of our table", () => {
  const g = new Guard();
  for (const c of sentimentTable.cases) {
    assert.deepEqual(g.sentiment(c.text), c.expected, c.name);
  }
});

test("short and long texts score alike, whichever way they cross into wasm", () => {
  // up to 4,096 UTF-16 units a text is written into the core's buffer, longer ones are
  // passed as strings; trailing white space changes no VADER score, so padding a text
  // past the limit must give the same scores by the other path
  const g = new Guard();
  const bodies = ["I love it 😍 but the ending was awful!! ", "Ça va très bien, so happy ", "not good \ud800 at all "];
  for (const body of bodies) {
    for (const len of [4000, 4095, 4096]) {
      let t = body.repeat(Math.ceil(len / body.length)).slice(0, len);
      if (/[\ud800-\udbff]$/.test(t)) t = t.slice(0, -1) + "x"; // never split a pair ourselves
      const short = g.sentiment(t);
      const long = g.sentiment(t + " ".repeat(5000));
      assert.deepEqual(short, long, `${JSON.stringify(body)} at ${len}`);
      assert.ok(short.compound !== 0, "the text scores");
    }
  }
});

test("sentiment scores stay right after the wasm memory grows", () => {
  const g = new Guard();
  const before = g.sentiment("I love this, it is great!");
  g.scan("word ".repeat(4_000_000), "input"); // 20 MB through the core: the memory grows
  assert.deepEqual(g.sentiment("I love this, it is great!"), before);
  assert.deepEqual(g.sentiment("This is awful."), { compound: -0.4588, pos: 0, neu: 0.4, neg: 0.6 });
  // two guards keep their own numbers
  const h = new Guard();
  const a = g.sentiment("great"), b = h.sentiment("terrible");
  assert.ok(a.compound > 0 && b.compound < 0);
});

test("results carry sentiment with sentence spans in UTF-16 units", () => {
  const g = new Guard();
  const text = "😀 Happy to help, this is a great question! Honestly you are a pathetic, stupid idiot.";
  const r = g.scan(text, "output");
  assert.equal(r.sentiment.sentences.length, 2);
  const [a, b] = r.sentiment.sentences;
  assert.equal(text.slice(a.start, a.end), "😀 Happy to help, this is a great question!");
  assert.equal(text.slice(b.start, b.end), "Honestly you are a pathetic, stupid idiot.");
  const shift = r.findings.find((f) => f.rule === "sentiment.sentence");
  assert.equal(shift.kind, "sentiment_shift");
  assert.equal(text.slice(shift.start, shift.end), "Honestly you are a pathetic, stupid idiot.");
  assert.ok(shift.score < -1);
});

test("a conversation that turns is flagged; the stream reports the same", () => {
  const g = new Guard();
  assert.equal(g.scan("Thanks so much, this is really helpful!", "input").findings.length, 0);
  const turned = g.scan("Actually this is terrible and I am furious about it.", "input");
  assert.deepEqual(turned.findings.map((f) => f.rule), ["sentiment.turn"]);
  const s = g.newConversation().stream("output");
  let out = "";
  for (const piece of ["Happy to help, this is a great", " question! Honestly you are", " a pathetic, stupid idiot."]) out += s.push(piece).text;
  const end = s.finish();
  assert.equal(end.findings.filter((f) => f.kind === "sentiment_shift").length, 1);
  assert.equal(end.sentiment.sentences.length, 2);
});

test("sentiment of odd input: never NaN, never a crash", () => {
  const g = new Guard();
  for (const t of ["", "😀😀", "?!?!", "a".repeat(1 << 20), "\ud800 good \udfff"]) {
    const s = g.sentiment(t);
    for (const v of Object.values(s)) assert.ok(Number.isFinite(v));
  }
  assert.throws(() => g.sentiment(5), TypeError);
});

test("sseTextDeltas + transformStream screen an SSE body split anywhere", async () => {
  const { sseTextDeltas } = await import("../../pkg/node.js");
  const ev = (content) => `data: ${JSON.stringify({ choices: [{ delta: { content } }] })}\r\n\r\n`;
  const body = ": keep-alive\r\n\r\n" + ev("Sure, here") + ev(" is the f") + ev("u") + ev("ck") +
    "data: {not json}\n\n" + 'data: {"choices":[{"delta":{}}]}\n\n' + ev(" answer.") + "data: [DONE]\n\n" + ev("after done");
  // every way of cutting the body into two or three chunks gives the same screened text
  const want = "Sure, here is the **** answer.";
  for (let a = 1; a < body.length; a += 7) {
    for (const b of [a + 1, a + 13, body.length]) {
      const parts = [body.slice(0, a), body.slice(a, b), body.slice(b)].filter((p) => p);
      const src = new ReadableStream({ start(c) { for (const p of parts) c.enqueue(p); c.close(); } });
      let out = "";
      for await (const t of src.pipeThrough(sseTextDeltas()).pipeThrough(new Guard().transformStream("output"))) out += t;
      assert.equal(out, want, `cut at ${a}, ${b}`);
    }
  }
});

test("stream bad input: empty chunks, one 10 MB chunk, 100,000 one-char chunks, lone surrogates", () => {
  const g = new Guard();
  const run = (pieces) => {
    const s = g.newConversation().stream("output");
    let out = "";
    for (const p of pieces) out += s.push(p).text;
    return out + s.finish().text;
  };
  const oneShot = (t) => g.newConversation().scan(t, "output").text;
  // empty chunks anywhere
  assert.equal(run(["", "what the ", "", "", "fuck", ""]), "what the ****");
  // a single 10 MB chunk
  const big = "so much shit to read 😀 ".repeat(420_000);
  assert.equal(run([big]), oneShot(big));
  // 100,000 one-character (UTF-16 unit) chunks, splitting every surrogate pair
  const text = "ok fuuuck 😀 a$$hole and s h i t, 𝐬𝐡𝐢𝐭 ".repeat(2_500).slice(0, 100_000);
  assert.equal(run([...Array(text.length).keys()].map((i) => text[i])), oneShot(text));
  // chunks that are only a lone surrogate
  assert.equal(run(["a", "\ud800", "b"]), "a\ufffdb");
  assert.equal(run(["\udc00"]), "\ufffd");
  assert.equal(run(["x\ud83d", "\ude00 shit"]), "x😀 ****");
});

test("fork previews exactly, without making a turn", () => {
  const g = new Guard();
  assert.equal(g.scan("I'm a@b.io", "input").text, "I'm [EMAIL_1]");
  const copy = g.fork();
  // the copy knows the conversation's placeholders and numbers new values after them
  assert.equal(copy.scan("a@b.io and c@d.io", "input").text, "[EMAIL_1] and [EMAIL_2]");
  copy.free();
  // the preview issued nothing in the conversation
  assert.equal(g.scan("e@f.io", "input").text, "[EMAIL_2]");
  assert.equal(g.restore("[EMAIL_2]"), "e@f.io");
});

test("defaultPolicy is the embedded policy, as a fresh object to tune", () => {
  const p = defaultPolicy();
  assert.equal(new Guard(p).fingerprint, new Guard().fingerprint);
  p.input.rules.push({ id: "codename", detector: "keywords", category: "codename", terms: ["falcon"], action: "replace", replacement: "[X]" });
  const g = new Guard(p);
  assert.notEqual(g.fingerprint, new Guard().fingerprint);
  assert.equal(g.scan("project falcon, a@b.io", "input").text, "project [X], [EMAIL_1]");
  assert.notEqual(defaultPolicy().input.rules.length, p.input.rules.length);
});

test("transformStream reports findings and the final sentiment through onChunk", async () => {
  const g = new Guard();
  g.scan("I'm jane@corp.example.com", "input");
  const seen = [];
  const body = new ReadableStream({
    start(c) {
      for (const t of ["Hi [EMA", "IL_1], contact x@y", ".org. You are an id", "iot."]) c.enqueue(t);
      c.close();
    },
  });
  let text = "";
  for await (const t of body.pipeThrough(g.transformStream("output", { onChunk: (c) => seen.push(c) }))) text += t;
  assert.equal(text, "Hi jane@corp.example.com, contact *******. You are an *****.");
  const kinds = seen.flatMap((c) => c.findings.map((f) => f.kind));
  assert.deepEqual(kinds, ["placeholder", "email", "insult"]);
  assert.ok(seen.at(-1).sentiment && seen.at(-1).sentiment.compound < 0);
  assert.throws(() => g.transformStream("output", { onChunk: 1 }), TypeError);
});

test("init takes bytes, an ArrayBuffer or a compiled module, and never reads Response or Request in Node", async () => {
  // each in a fresh process (a module is initialised once per process); the globals are
  // trapped: reading them in Node loads its fetch implementation (~20 ms) for nothing
  const { execFileSync } = await import("node:child_process");
  const pkg = new URL("../../pkg/", import.meta.url).href;
  const wasm = new URL("../../pkg/wasm/chatguard_bg.wasm", import.meta.url).pathname;
  const inputs = {
    none: "undefined",
    buffer: `readFileSync(${JSON.stringify(wasm)})`,
    arrayBuffer: `new Uint8Array(readFileSync(${JSON.stringify(wasm)})).buffer`,
    module: `await WebAssembly.compile(readFileSync(${JSON.stringify(wasm)}))`,
  };
  for (const [name, expr] of Object.entries(inputs)) {
    const src = `
      import { readFileSync } from "node:fs";
      for (const g of ["Response", "Request"]) {
        Object.defineProperty(globalThis, g, { get() { throw new Error("read " + g); }, configurable: true });
      }
      const { default: init, Guard } = await import(${JSON.stringify(pkg + "node.js")});
      await init(${expr});
      process.stdout.write(new Guard().scan("well shit", "input").text);`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", src], { encoding: "utf8" });
    assert.equal(out, "well ****", name);
  }
});

test("warmUp runs the usual paths on its own guard: no guard sees a trace of it", () => {
  const text = "mail me at jane.doe@example.com, you idiot";
  const before = new Guard().scan(text, "input");
  const g = new Guard();
  assert.equal(g.scan("first: ann@example.org", "input").text, "first: [EMAIL_1]");
  const ms = warmUp();
  assert.ok(Number.isFinite(ms) && ms >= 0, `warmUp returned ${ms}`);
  // a new guard numbers its placeholders from 1 again, with the same policy and results
  assert.deepEqual(new Guard().scan(text, "input"), before);
  // and the guard made before goes on with its own conversation
  assert.equal(g.scan("second: bob@example.org", "input").text, "second: [EMAIL_2]");
  assert.equal(g.restore("[EMAIL_1] [EMAIL_2]"), "ann@example.org bob@example.org");
  // twice is as good as once
  assert.ok(Number.isFinite(warmUp()));
});
