// The demo's local server: serves www/ at / and the built package at /pkg/, and plays the
// model: an OpenAI-compatible `POST /v1/chat/completions` that streams scripted replies
// as server-sent events (`data: {"choices":[{"delta":{"content":"..."}}]}` ... `data: [DONE]`).
//
// Usage: node www/server.mjs [port]   (port 0 picks a free one; the URL is printed)
// Env: TOKEN_MS (delay between streamed tokens, default 25).
//
// The scripted replies exercise every guardrail of the default policy, in turn:
//  1. a reply that uses the placeholders the page sent (some mangled, as models do);
//  2. a reply that emits an email and an API key of its own;
//  3. a reply with profanity in evasive spellings;
//  4. a reply that turns from friendly to hostile halfway.
// Then it starts over. `/script N` in a message picks reply N.
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
// The page runs under a strict CSP: no inline script, wasm allowed, workers from this origin.
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
  "style-src 'self'; connect-src *; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The placeholders (`[EMAIL_1]`) in a text, in order, without repeats. */
function placeholdersIn(text) {
  return [...new Set(text.match(/\[[A-Z][A-Z0-9_]*_[0-9]+\]/g) ?? [])];
}

/** The scripted reply for a chat-completions request body. */
export function scriptedReply(body) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const users = messages.filter((m) => m?.role === "user");
  const last = String(users.at(-1)?.content ?? "");
  const pick = /\/script\s*([1-4])/.exec(last);
  const n = pick ? Number(pick[1]) : ((users.length - 1) % 4) + 1;
  if (n === 1) {
    const ph = placeholdersIn(last);
    if (ph.length === 0) return "Happy to help! Tell me your email and I will set things up.";
    // models mangle placeholders: lower case, brackets dropped, a space for the underscore
    const mangled = ph.map((p, i) => (i === 1 ? p.slice(1, -1).replace("_", " ") : i === 2 ? p.toLowerCase() : p));
    return `Thanks! I have noted ${mangled.join(", ")}. I will send the confirmation to ${mangled[0]} ` +
      "within the hour. Is there anything else I can do for you?";
  }
  if (n === 2) {
    return "Sure. If it does not arrive, write to our support desk at help.desk@vendor-support.example.org " +
      "or call +1 415 555 0132. For the sandbox, use the key sk-proj-Zq4Xv8Rm2Tn6Kp1Lw9Hs3Yb7Jd5Fc0GeA7uQ2wE9rT4yU1iO8pL3kJ6hG5 " +
      "(do not share it).";
  }
  if (n === 3) {
    return "Honestly, that f.u.c.k.i.n.g form is a piece of sh1t, and the whole $hit show around it " +
      "is a known bug. Try again in five minutes.";
  }
  return "I'm so glad you asked, this is a wonderful question and I love helping with it! " +
    "Your plan is great and the details are clear. " +
    "But honestly, you are an idiot, this is a stupid, awful, terrible idea and I hate wasting my time on it.";
}

/** Cuts a reply into model-like tokens of 1 to 6 characters (deterministic). */
export function tokens(text) {
  const out = [];
  let i = 0, k = 0;
  while (i < text.length) {
    const n = 1 + ((k * 7 + 3) % 6);
    out.push(text.slice(i, i + n));
    i += n;
    k++;
  }
  return out;
}

async function readBody(req, limit = 1 << 20) {
  let size = 0;
  const parts = [];
  for await (const c of req) {
    size += c.length;
    if (size > limit) throw Object.assign(new Error("request too large"), { status: 413 });
    parts.push(c);
  }
  return Buffer.concat(parts).toString("utf8");
}

async function completions(req, res, opts) {
  const raw = await readBody(req);
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "body is not JSON" } }));
    return;
  }
  opts.requests.push({ raw, body, headers: req.headers });
  const reply = scriptedReply(body);
  const id = `chatcmpl-demo-${opts.requests.length}`;
  const event = (delta, finish = null) => `data: ${JSON.stringify({
    id, object: "chat.completion.chunk", created: 0, model: body.model ?? "chatguard-demo",
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;
  if (body.stream === false) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ id, object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: reply }, finish_reason: "stop" }] }));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
  res.write(event({ role: "assistant", content: "" }));
  for (const t of tokens(reply)) {
    if (res.destroyed) return;
    res.write(event({ content: t }));
    if (opts.tokenMs > 0) await new Promise((ok) => setTimeout(ok, opts.tokenMs));
  }
  res.write(event({}, "stop"));
  res.end("data: [DONE]\n\n");
}

/**
 * Starts the server. Returns the http.Server, with `requests`: every chat-completions
 * request received ({ raw, body, headers }), so tests can check what left the page.
 */
export function startServer(port = 8080, host = "127.0.0.1", { tokenMs = Number(process.env.TOKEN_MS ?? 25) } = {}) {
  const opts = { tokenMs, requests: [] };
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://x");
      if (url.pathname === "/v1/chat/completions") {
        if (req.method === "OPTIONS") {
          res.writeHead(204, { "access-control-allow-origin": "*", "access-control-allow-headers": "content-type, authorization" });
          res.end();
          return;
        }
        if (req.method !== "POST") throw Object.assign(new Error("method"), { status: 405 });
        await completions(req, res, opts);
        return;
      }
      let path = decodeURIComponent(url.pathname);
      if (path.endsWith("/")) path += "index.html";
      const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (!file.startsWith(dir)) throw Object.assign(new Error("outside"), { status: 403 });
      if (!(await stat(file)).isFile()) throw Object.assign(new Error("not a file"), { status: 404 });
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": types[extname(file)] ?? "application/octet-stream",
        "content-security-policy": CSP,
        "x-content-type-options": "nosniff",
        "cache-control": "no-store",
      });
      res.end(body);
    } catch (e) {
      if (res.headersSent) return res.destroy();
      const status = e.status ?? 404;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 403 ? "forbidden" : status === 405 ? "method not allowed" : status === 413 ? "too large" : "not found");
    }
  });
  server.requests = opts.requests;
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const server = await startServer(port);
  console.log(`chatguard demo: http://127.0.0.1:${server.address().port}/`);
  console.log(`model endpoint: http://127.0.0.1:${server.address().port}/v1/chat/completions (scripted, SSE)`);
}
