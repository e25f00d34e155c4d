// A web app can import the package: `npm pack` pkg/, install the tarball into a fresh
// temporary Vite 7 project, build it (main thread and a module Worker both import
// chatguard), serve the built files under the same strict CSP and load them in Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readdirSync, rmSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, extname, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./chromium.mjs";
import { CSP } from "../../www/server.mjs";

const VITE = "7.3.8";
const pkgDir = fileURLToPath(new URL("../../pkg/", import.meta.url));

const files = {
  "package.json": (tgz) => JSON.stringify({
    name: "chatguard-vite-check", private: true, type: "module",
    dependencies: { chatguard: `file:${tgz}` },
    devDependencies: { vite: VITE },
  }, null, 2),
  "index.html": () => `<!doctype html><html><head><meta charset="utf-8"><title>vite app</title><link rel="icon" href="data:,">
<script type="module" src="/src/main.js"></script></head><body><p id="out"></p><p id="worker"></p></body></html>`,
  "src/main.js": () => `import init, { Guard, warmUp } from "chatguard";
import { WorkerGuard } from "chatguard/worker";
await init();
if (!(warmUp() >= 0)) throw new Error("warmUp did not return its milliseconds");
const guard = new Guard();
const r = guard.scan("I'm jane@corp.example.com, you f.u.c.k.i.n.g idiot", "input");
document.getElementById("out").textContent = r.text;
const w = new Worker(new URL("./guard-worker.js", import.meta.url), { type: "module" });
const wg = await WorkerGuard.create(w);
if (!(await wg.warmUp() >= 0)) throw new Error("the worker's warmUp did not return its milliseconds");
document.getElementById("worker").textContent = (await wg.scan("call me at a@b.io", "input")).text;
document.documentElement.dataset.ok = "1";
`,
  "src/guard-worker.js": () => `import { serveGuard } from "chatguard/worker";\nserveGuard();\n`,
  "vite.config.js": () => `export default { worker: { format: "es" }, build: { target: "es2022" } };\n`,
};

test("the packed package installs, builds and runs in a fresh Vite 7 app (main thread and Worker)", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "chatguard-vite-"));
  try {
    execFileSync("npm", ["pack", pkgDir, "--pack-destination", dir, "--silent"], { stdio: ["ignore", "pipe", "inherit"] });
    const tgz = join(dir, readdirSync(dir).find((f) => f.endsWith(".tgz")));
    const packed = execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" });
    for (const f of ["package/index.js", "package/worker.js", "package/index.d.ts", "package/wasm/chatguard_bg.wasm"]) {
      assert.ok(packed.includes(f), `${f} missing from the tarball`);
    }
    const app = join(dir, "app");
    for (const [name, body] of Object.entries(files)) {
      const p = join(app, name);
      execFileSync("mkdir", ["-p", join(p, "..")]);
      writeFileSync(p, body(tgz));
    }
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app, stdio: "inherit" });
    execFileSync(join(app, "node_modules/.bin/vite"), ["build", "--logLevel", "warn"], { cwd: app, stdio: "inherit" });
    const dist = join(app, "dist");
    const assets = readdirSync(join(dist, "assets"));
    assert.ok(assets.some((f) => f.endsWith(".wasm")), `no .wasm among ${assets}`);

    const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
    const server = createServer((req, res) => {
      let path = new URL(req.url, "http://x").pathname;
      if (path.endsWith("/")) path += "index.html";
      const file = normalize(join(dist, path));
      try {
        if (!file.startsWith(dist) || !statSync(file).isFile()) throw new Error();
        res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "content-security-policy": CSP });
        res.end(readFileSync(file));
      } catch {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
    const browser = await launch();
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      await page.goto(`http://127.0.0.1:${server.address().port}/`);
      await page.waitForSelector("html[data-ok='1']", { timeout: 30_000 });
      assert.equal(await page.textContent("#out"), "I'm [EMAIL_1], you ************* *****");
      assert.equal(await page.textContent("#worker"), "call me at [EMAIL_1]");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
