// The keywords-only package (pkg/keywords, `import ... from "chatguard/keywords"`) against
// the full one (pkg/), in one Node process: the same keyword results, and a clear
// `unsupported` error for what it leaves out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import initFull, * as full from "../../pkg/node.js";
import initKw, * as kw from "../../pkg/keywords/node.js";

await initFull();
await initKw();
const table = JSON.parse(readFileSync(new URL("../data/keywords.json", import.meta.url), "utf8"));

/** A scan's keyword results, and the same text streamed cut at `cuts`. */
function run(lib, c, cuts) {
  const make = () => {
    const g = c.policy ? new lib.Guard(table.policies[c.policy]) : new lib.Guard();
    for (const b of c.before ?? []) g.scan(b, "input");
    return g;
  };
  const dir = c.direction ?? "input";
  const r = make().scan(c.text, dir);
  const s = make().stream(dir);
  let text = "";
  let prev = 0;
  for (const cut of [...cuts, c.text.length]) {
    text += s.push(c.text.slice(prev, cut)).text;
    prev = cut;
  }
  text += s.finish().text;
  const keywords = r.findings.filter((f) => f.detector === "keywords");
  return { text: r.text, streamed: text, verdict: r.verdict, keywords };
}

for (const c of table.cases) {
  test(`keywords-only: case ${c.name}`, () => {
    const cuts = [1, 2, 3, 5, 8, 13, 21].filter((u) => u < c.text.length);
    const got = run(kw, c, cuts);
    assert.equal(got.text, c.expect);
    assert.equal(got.streamed, c.expect);
    assert.deepEqual(got.keywords.map((f) => f.kind), c.kinds);
    if (c.verdict) assert.equal(got.verdict, c.verdict);
    // finding for finding what the full package reports (spans, rules, actions)
    assert.deepEqual(got.keywords, run(full, c, cuts).keywords);
  });
}

test("keywords-only: PII, secrets and regex rules are refused with code and path", () => {
  const policy = full.defaultPolicy(); // the full package's default has PII rules
  const first = policy.input.rules.findIndex((r) => r.detector !== "keywords");
  assert.ok(first > 0);
  assert.throws(() => new kw.Guard(policy), (e) => e.code === "unsupported" && e.path === `input.rules[${first}].detector`);
  for (const rule of [{ id: "r", detector: "regex", pattern: "a+", action: "mask" }, { id: "s", detector: "secrets", action: "mask" }]) {
    assert.throws(() => new kw.Guard({ output: { rules: [rule] } }), (e) => e.code === "unsupported" && e.path === "output.rules[0].detector");
    assert.doesNotThrow(() => new full.Guard({ output: { rules: [rule] } }));
  }
});

test("keywords-only: sentiment is off, asking for it is refused", () => {
  assert.throws(() => new kw.Guard({ sentiment: { enabled: true } }), (e) => e.code === "unsupported" && e.path === "sentiment.enabled");
  const g = new kw.Guard({ sentiment: { enabled: false } });
  assert.throws(() => g.sentiment("I love it"), (e) => e.code === "unsupported");
  assert.throws(() => g.sentiment("x".repeat(5000)), (e) => e.code === "unsupported");
  const r = new kw.Guard().scan("I love this so much. I hate it, it is the worst!", "input");
  assert.equal(r.sentiment, undefined);
  // the guard still works after the refusals
  assert.equal(g.scan("fine", "input").text, "fine");
});

test("keywords-only: its default policy is the full default's keyword and placeholder rules", () => {
  const mine = kw.defaultPolicy();
  const theirs = full.defaultPolicy();
  for (const d of ["input", "output"]) {
    const kept = theirs[d].rules.filter((r) => r.detector === "keywords" || r.detector === "placeholders");
    assert.deepEqual(mine[d].rules, kept);
  }
  assert.equal(mine.sentiment.enabled, false);
  const r = new kw.Guard().scan("mail jane@corp.com, you sh1t", "input");
  assert.equal(r.text, "mail jane@corp.com, you ****");
  assert.notEqual(new kw.Guard().fingerprint, new full.Guard().fingerprint);
});

test("warmUp works in the keywords-only package (no personal data, secrets or sentiment to run)", () => {
  assert.ok(Number.isFinite(kw.warmUp()));
  assert.ok(Number.isFinite(full.warmUp()));
  assert.equal(new kw.Guard().scan("you idiot", "input").text, "you *****");
});
