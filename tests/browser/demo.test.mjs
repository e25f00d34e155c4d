// End-to-end tests of the demo page in real Chromium (Debian's, driven by playwright-core):
// what leaves the page, what the reply shows, the Worker mode, the policy editor, the CSP.
// The local server plays the model and records every request it receives.
// Screenshots go to tests/browser/out/.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { launch } from "./chromium.mjs";
import { startServer } from "../../www/server.mjs";

const outDir = new URL("./out/", import.meta.url);
mkdirSync(outDir, { recursive: true });
const shot = (name) => new URL(name, outDir).pathname;
let server, browser, base;

before(async () => {
  server = await startServer(0, "127.0.0.1", { tokenMs: 1 });
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

const EMAIL = "jane.doe@corp.example.com";
const CARD = "4111 1111 1111 1111";
const MESSAGE = `Hi, I'm ${EMAIL} and my card is ${CARD}. This f.u.c.k.i.n.g form keeps failing.`;

/** A page on the demo, with its errors collected; waits until the guard is ready. */
async function open() {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const t0 = Date.now();
  const res = await page.goto(base);
  await page.waitForSelector("html[data-ready='1']", { timeout: 30_000 });
  return { page, errors, res, wallMs: Date.now() - t0 };
}

/** Sends `text` through the compose box and waits for the model's reply to finish. */
async function send(page, text) {
  const replies = await page.locator(".msg.model[data-done='1']").count();
  await page.fill("#msg", text);
  await page.press("#msg", "Control+Enter");
  await page.waitForFunction((n) => document.querySelectorAll(".msg.model[data-done='1']").length > n, replies, { timeout: 30_000 });
  return page.locator(".msg.model[data-done='1']").last();
}

/** What left the page in the latest request: the user turns as the model received them. */
function lastRequest() {
  return server.requests.at(-1);
}

async function conversation(page, label) {
  // 1. the preview shows exactly what will leave the page
  await page.fill("#msg", MESSAGE);
  await page.waitForFunction(() => document.getElementById("preview").textContent.includes("[CARD_1]"));
  const preview = await page.textContent("#preview");
  assert.equal(preview, "Hi, I'm [EMAIL_1] and my card is [CARD_1]. This ************* form keeps failing.");

  // 2. sent: the model receives placeholders, never the values
  const before = server.requests.length;
  let reply = await send(page, MESSAGE);
  assert.equal(server.requests.length, before + 1);
  const req = lastRequest();
  const sent = req.body.messages.filter((m) => m.role === "user").at(-1).content;
  assert.equal(sent, preview);
  for (const raw of [EMAIL, CARD, CARD.replaceAll(" ", ""), "f.u.c.k"]) assert.ok(!req.raw.includes(raw), `${raw} left the page`);
  // the reply used the placeholders (one mangled); the page restored them
  const r1 = await reply.locator(".text").textContent();
  assert.ok(r1.includes(`noted ${EMAIL}, ${CARD}.`), r1);
  assert.ok(!/\[EMAIL_1\]|CARD 1/.test(r1), r1);
  assert.ok((await reply.locator("mark.restored").count()) >= 3);

  // 3. a reply with an email, a phone and an API key of its own: masked
  reply = await send(page, "Thanks! What if the mail does not arrive?");
  const r2 = await reply.locator(".text").textContent();
  for (const raw of ["help.desk@vendor-support.example.org", "415 555 0132", "sk-proj-"]) assert.ok(!r2.includes(raw), `${raw} shown: ${r2}`);
  assert.ok((await reply.locator("mark.masked").count()) >= 3);
  // the model's own history goes back to it as it wrote it; the user's turns stay sanitised
  assert.ok(lastRequest().raw.includes("[EMAIL_1]") && !lastRequest().raw.includes(EMAIL));

  // 4. profanity in evasive spellings: masked
  reply = await send(page, "Is it a bug?");
  const r3 = await reply.locator(".text").textContent();
  for (const raw of ["f.u.c.k", "sh1t", "$hit"]) assert.ok(!r3.includes(raw), `${raw} shown: ${r3}`);
  assert.ok(r3.includes("*************"), r3);

  // 5. a reply that turns hostile halfway: the shift is flagged at that sentence and charted
  reply = await send(page, "Can you review my plan?");
  assert.equal(await reply.evaluate((e) => e.classList.contains("shifted")), true);
  const note = await reply.locator(".notes .shift").first().textContent();
  assert.match(note, /Sentiment shift .*But honestly/);
  assert.ok((await page.locator("#chart [data-shift]").count()) >= 1);
  assert.ok((await page.locator("#findings li[data-kind='sentiment_shift']").count()) >= 1);

  // 6. a private key is blocked: not sent, and the page says why
  const n = server.requests.length;
  await page.fill("#msg", "my key:\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END PRIVATE KEY-----");
  await page.waitForSelector("#preview-status[data-verdict='block']");
  await page.press("#msg", "Control+Enter");
  await page.waitForSelector(".msg.blocked");
  assert.match(await page.textContent(".msg.blocked"), /Blocked by the policy \(private_key\)/);
  assert.equal(server.requests.length, n);

  await page.screenshot({ path: shot(`demo-${label}.png`), fullPage: true });
}

test("local guard: placeholders leave the page, the reply is restored, masked and its shift flagged", async () => {
  const { page, errors, res } = await open();
  const readyMs = await page.evaluate(() => document.documentElement.dataset.readyMs);
  console.log(`# Chromium: page load to guard ready ${readyMs} ms (local)`);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.mode), "local");
  assert.match(res.headers()["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'/);
  await conversation(page, "local");
  // spans from the page's JS slice correctly in UTF-16
  const sliced = await page.evaluate(async () => {
    const { Guard } = await import("/pkg/index.js");
    const text = "👨‍👩‍👧 𝒳 fuuuck";
    const f = new Guard().scan(text, "input").findings[0];
    return text.slice(f.start, f.end);
  });
  assert.equal(sliced, "fuuuck");
  assert.equal(await page.evaluate(() => document.documentElement.dataset.cspViolations), undefined);
  assert.deepEqual(errors, []);
  await page.close();
});

test("worker guard: the same conversation with the guard in a Web Worker", async () => {
  const { page, errors } = await open();
  await page.check("#use-worker");
  await page.waitForSelector("html[data-mode='worker']");
  const ms = await page.evaluate(() => document.documentElement.dataset.guardMs);
  console.log(`# Chromium: worker started and guard compiled in it in ${ms} ms`);
  await conversation(page, "worker");
  assert.equal(await page.evaluate(() => document.documentElement.dataset.cspViolations), undefined);
  assert.deepEqual(errors, []);
  await page.close();
});

test("policy editor: live errors name the failing path; an applied policy takes effect", async () => {
  const { page, errors } = await open();
  await page.click("#policy-box summary");
  const fp0 = await page.evaluate(() => document.documentElement.dataset.fingerprint);
  const policy = JSON.parse(await page.inputValue("#policy"));
  policy.input.rules[1].action = "explode";
  await page.fill("#policy", JSON.stringify(policy, null, 2));
  await page.waitForSelector("#policy-error[data-path='input.rules[1].action']");
  assert.match(await page.textContent("#policy-error"), /^policy_type at input\.rules\[1\]\.action: unknown variant `explode`/);
  assert.equal(await page.getAttribute("#policy", "aria-invalid"), "true");
  await page.fill("#policy", "{ \"input\": ");
  await page.waitForSelector("#policy-error[data-code='policy_syntax']");
  // a valid policy: one banned codename replaced, everything else off
  await page.fill("#policy", JSON.stringify({ input: { rules: [{ id: "codename", detector: "keywords", category: "codename", terms: ["project falcon"], action: "replace", replacement: "[PROJECT]" }] } }));
  await page.waitForFunction(() => document.getElementById("policy-error").textContent === "");
  await page.click("#policy-apply");
  await page.waitForFunction((fp) => document.documentElement.dataset.fingerprint !== fp, fp0);
  await page.fill("#msg", "status of Project  Falcon? mail a@b.io");
  await page.waitForFunction(() => document.getElementById("preview").textContent.includes("[PROJECT]"));
  assert.equal(await page.textContent("#preview"), "status of [PROJECT]? mail a@b.io");
  await page.screenshot({ path: shot("demo-policy.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("the CSP is enforced: an inline script is refused while the guard works", async () => {
  const { page } = await open();
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inline = 1";
    document.body.append(s);
  });
  await page.waitForFunction(() => Number(document.documentElement.dataset.cspViolations ?? 0) >= 1);
  assert.equal(await page.evaluate(() => window.__inline), undefined);
  await page.close();
});
