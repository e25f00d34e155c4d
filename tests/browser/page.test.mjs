// Browser test in real Chromium (Debian's, driven by playwright-core): the demo page loads
// the package with no bundler under a strict CSP and screens what is typed.
// Screenshots go to tests/browser/out/.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { startServer } from "../../www/server.mjs";

const outDir = new URL("./out/", import.meta.url);
mkdirSync(outDir, { recursive: true });
let server, browser, base;

before(async () => {
  server = await startServer(0);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
});
after(async () => {
  await browser?.close();
  server?.close();
});

test("the page screens typed text in the browser, under a strict CSP", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(base);
  await page.waitForSelector("html[data-ready='1']", { timeout: 20_000 });
  const readyMs = await page.evaluate(() => document.documentElement.dataset.readyMs);
  console.log(`# guard ready in Chromium: ${readyMs} ms after module start`);
  assert.equal(await page.textContent("#out"), "you are a ************* *****, **** happens in Scunthorpe");
  await page.fill("#msg", "😀 sh1t and a $hit, my n1gger friend");
  assert.equal(await page.textContent("#out"), "😀 **** and a ****, my ****** friend");
  assert.equal(await page.getAttribute("#status", "data-verdict"), "block");
  assert.equal(await page.locator("#findings li").count(), 3);
  // spans from the page's JS slice correctly in UTF-16
  const sliced = await page.evaluate(async () => {
    const { Guard } = await import("/pkg/index.js");
    const text = "👨‍👩‍👧 𝒳 fuuuck";
    const f = new Guard().scan(text, "input").findings[0];
    return text.slice(f.start, f.end);
  });
  assert.equal(sliced, "fuuuck");
  await page.screenshot({ path: new URL("page.png", outDir).pathname, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
