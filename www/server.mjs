// A small static server for the demo: serves www/ at / and the built package at /pkg/.
// Usage: node www/server.mjs [port]   (port 0 picks a free one; the URL is printed)
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const mounts = [["/pkg/", join(root, "pkg")], ["/", join(root, "www")]];
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml",
};
// The page runs under a strict CSP: no inline script, wasm allowed.
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:";

export function startServer(port = 8080, host = "127.0.0.1") {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://x");
      let path = decodeURIComponent(url.pathname);
      if (path.endsWith("/")) path += "index.html";
      const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (!file.startsWith(dir)) throw Object.assign(new Error("outside"), { status: 403 });
      if (!(await stat(file)).isFile()) throw Object.assign(new Error("not a file"), { status: 404 });
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": types[extname(file)] ?? "application/octet-stream",
        "content-security-policy": csp,
        "cache-control": "no-store",
      });
      res.end(body);
    } catch (e) {
      res.writeHead(e.status ?? 404, { "content-type": "text/plain" });
      res.end(e.status === 403 ? "forbidden" : "not found");
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const server = await startServer(port);
  console.log(`chatguard demo: http://127.0.0.1:${server.address().port}/`);
}
