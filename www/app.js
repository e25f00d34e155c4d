// The demo chat page. Everything the person types is screened here before it is sent; the
// model's streamed reply is screened token by token before it is shown. The guard runs on
// the main thread or in a Web Worker, behind the same async interface.
import init, { Guard, defaultPolicy, sseTextDeltas, warmUp } from "/pkg/index.js";
import { WorkerGuard } from "/pkg/worker.js";
import { drawChart } from "./chart.js";

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("data-")) e.setAttribute(k, v);
    else e[k] = v;
  }
  e.append(...children);
  return e;
};

/** The local guard behind the same promise-returning interface as WorkerGuard. */
class LocalGuard {
  #g;
  constructor(g) {
    this.#g = g;
    this.fingerprint = g.fingerprint;
    this.mode = "local";
  }
  static async create(policy) {
    await init();
    return new LocalGuard(new Guard(policy ?? undefined));
  }
  async fork() {
    return new LocalGuard(this.#g.fork());
  }
  async scan(text, direction) {
    return this.#g.scan(text, direction);
  }
  async restore(text) {
    return this.#g.restore(text);
  }
  transformStream(direction, options) {
    return this.#g.transformStream(direction, options);
  }
  free() {
    this.#g.free();
  }
  terminate() {}
}

async function makeGuard(policy, worker) {
  if (!worker) return LocalGuard.create(policy);
  const w = new Worker(new URL("./guard-worker.js", import.meta.url), { type: "module" });
  try {
    const g = await WorkerGuard.create(w, policy);
    g.mode = "worker";
    return g;
  } catch (e) {
    w.terminate();
    throw e;
  }
}

const state = {
  guard: null,
  policyText: null, // null: the embedded default policy
  history: [], // what the model has seen: sanitised user turns and its own replies
  turns: [], // { role, compound, shift }
  lastSentences: [],
  findingsCount: 0,
  previewSeq: 0,
  exchanges: 0,
  busy: false,
};

// ---- rendering ------------------------------------------------------------------------

/** `text` with the findings' output spans highlighted (no raw values: spans of `text`). */
function highlighted(text, findings) {
  const frag = document.createDocumentFragment();
  const spans = findings
    .filter((f) => f.action !== "flag" && f.kind !== "sentiment_shift" && f.outEnd > f.outStart)
    .sort((a, b) => a.outStart - b.outStart);
  let at = 0;
  for (const f of spans) {
    if (f.outStart < at || f.outEnd > text.length) continue;
    frag.append(text.slice(at, f.outStart));
    const cls = f.action === "restore" ? "restored" : f.action === "block" ? "blocked" : "masked";
    frag.append(el("mark", { class: cls, title: `${f.kind} · ${f.action}` }, text.slice(f.outStart, f.outEnd)));
    at = f.outEnd;
  }
  frag.append(text.slice(at));
  return frag;
}

function describe(f) {
  if (f.kind === "sentiment_shift") return `sentiment shift (${f.rule}) · change ${f.score?.toFixed(2) ?? "?"}`;
  const what = f.action === "restore" ? "placeholder restored" : f.action;
  return `${f.kind} · ${what}${f.replacement ? ` → ${f.replacement}` : ""}`;
}

function addFindings(label, findings) {
  const list = $("findings");
  for (const f of findings) {
    state.findingsCount++;
    list.append(el("li", { "data-kind": f.kind, "data-action": f.action }, el("span", { class: "who" }, label), " ", describe(f), el("span", { class: "span" }, ` [${f.start}, ${f.end})`)));
  }
}

function chart() {
  drawChart($("chart"), state.turns, state.lastSentences);
}

function blockReasons(r) {
  const kinds = [...new Set(r.findings.filter((f) => f.action === "block").map((f) => f.kind))];
  return kinds.length ? kinds.join(", ") : "policy";
}

async function preview() {
  const seq = ++state.previewSeq;
  const text = $("msg").value;
  const g = state.guard;
  if (!g) return;
  // scan on a copy of the conversation: exactly what sending would produce (the same
  // placeholder numbers), without making it a turn
  const copy = await g.fork();
  let r;
  try {
    r = await copy.scan(text, "input");
  } finally {
    copy.free();
  }
  if (seq !== state.previewSeq) return;
  $("preview").replaceChildren(highlighted(r.text, r.findings));
  const status = $("preview-status");
  status.dataset.verdict = r.verdict;
  status.textContent = r.verdict === "block"
    ? `Blocked (${blockReasons(r)}): this message will not be sent.`
    : r.verdict === "redact" ? "Personal data and banned words are replaced before sending." : "Nothing to screen.";
}

// ---- sending and the streamed reply ---------------------------------------------------

async function send() {
  const text = $("msg").value;
  if (!text.trim() || state.busy || !state.guard) return;
  state.busy = true;
  $("send").disabled = true;
  try {
    const r = await state.guard.scan(text, "input");
    const turn = ++state.exchanges;
    addFindings(`turn ${turn} · you`, r.findings);
    if (r.verdict === "block") {
      $("log").append(el("li", { class: "msg user blocked", "data-verdict": "block" },
        el("p", { class: "who" }, "You · not sent"),
        el("p", {}, `Blocked by the policy (${blockReasons(r)}). Nothing left the page.`)));
      return;
    }
    $("log").append(el("li", { class: "msg user", "data-verdict": r.verdict },
      el("p", { class: "who" }, "You · sent as"),
      el("p", { class: "text" }, highlighted(r.text, r.findings))));
    state.turns.push({ role: "user", compound: r.sentiment?.compound ?? 0, shift: r.findings.some((f) => f.kind === "sentiment_shift") });
    state.history.push({ role: "user", content: r.text });
    $("msg").value = "";
    preview();
    chart();
    await reply(turn);
  } catch (e) {
    $("log").append(el("li", { class: "msg error", role: "alert" }, `Error: ${e.message}`));
  } finally {
    state.busy = false;
    $("send").disabled = false;
  }
}

async function reply(turn) {
  const text = el("p", { class: "text" });
  const notes = el("ul", { class: "notes" });
  const item = el("li", { class: "msg model streaming" }, el("p", { class: "who" }, "Model"), text, notes);
  $("log").append(item);
  const headers = { "content-type": "application/json" };
  const key = $("ep-key").value.trim();
  if (key) headers.authorization = `Bearer ${key}`;
  const res = await fetch($("ep-url").value, {
    method: "POST",
    headers,
    body: JSON.stringify({ model: $("ep-model").value, stream: true, messages: state.history }),
  });
  if (!res.ok || !res.body) throw new Error(`the endpoint answered ${res.status}`);

  let raw = ""; // what the model sent, for the model's own history only; never shown
  let shown = "";
  const findings = [];
  let sentiment = null;
  const tap = new TransformStream({
    transform(chunk, controller) {
      raw += chunk;
      controller.enqueue(chunk);
    },
  });
  const screened = res.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(sseTextDeltas())
    .pipeThrough(tap)
    .pipeThrough(state.guard.transformStream("output", {
      onChunk(c) {
        findings.push(...c.findings);
        if (c.sentiment) sentiment = c.sentiment;
      },
    }));
  const reader = screened.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    shown += value;
    text.replaceChildren(highlighted(shown, findings));
  }
  text.replaceChildren(highlighted(shown, findings));
  item.classList.remove("streaming");
  const shifts = findings.filter((f) => f.kind === "sentiment_shift");
  for (const s of shifts) {
    notes.append(el("li", { class: "shift" }, `Sentiment shift (${s.rule}): “${shown.slice(s.outStart, s.outEnd).trim()}”`));
  }
  if (shifts.length) item.classList.add("shifted");
  addFindings(`turn ${turn} · model`, findings);
  state.history.push({ role: "assistant", content: raw });
  state.turns.push({ role: "model", compound: sentiment?.compound ?? 0, shift: shifts.length > 0 });
  state.lastSentences = (sentiment?.sentences ?? []).map((s) => ({
    compound: s.compound,
    // the sentence-level finding has the sentence's span; the turn-level one, the reply's
    shift: shifts.some((f) => f.rule.includes("sentence") && f.start === s.start),
  }));
  chart();
  item.dataset.done = "1";
}

// ---- guard lifecycle and policy editor -----------------------------------------------

async function rebuild() {
  const old = state.guard;
  state.guard = null;
  const t0 = performance.now();
  const g = await makeGuard(state.policyText ?? undefined, $("use-worker").checked);
  document.documentElement.dataset.guardMs = (performance.now() - t0).toFixed(1);
  old?.free();
  old?.terminate();
  state.guard = g;
  state.history = [];
  state.turns = [];
  state.lastSentences = [];
  $("log").replaceChildren();
  $("findings").replaceChildren();
  chart();
  document.documentElement.dataset.mode = g.mode;
  document.documentElement.dataset.fingerprint = g.fingerprint;
  meta();
  await preview();
}

let readyMs = 0;
function meta() {
  $("meta").textContent = `Guard ready ${readyMs.toFixed(0)} ms after page load · engine: ${state.guard?.mode ?? "…"} · policy ${state.guard?.fingerprint ?? "…"}`;
}

/** Compiles the editor's text locally; the error (code, path) or null. */
function validate(textValue) {
  try {
    new Guard(textValue).free();
    return null;
  } catch (e) {
    return e;
  }
}

function showPolicyError(e) {
  const box = $("policy-error");
  if (!e) {
    box.textContent = "";
    box.removeAttribute("data-code");
    $("policy").removeAttribute("aria-invalid");
    return;
  }
  box.dataset.code = e.code ?? "error";
  box.dataset.path = e.path ?? "";
  // the library's messages start with the code and the path already
  const m = String(e.message);
  box.textContent = e.code && !m.startsWith(e.code) ? `${e.code}${e.path ? ` at ${e.path}` : ""}: ${m}` : m;
  $("policy").setAttribute("aria-invalid", "true");
}

let validateTimer = 0;
$("policy").addEventListener("input", () => {
  clearTimeout(validateTimer);
  validateTimer = setTimeout(() => showPolicyError(validate($("policy").value)), 150);
});
$("policy-apply").addEventListener("click", async () => {
  const textValue = $("policy").value;
  const e = validate(textValue);
  showPolicyError(e);
  if (e) return;
  state.policyText = textValue;
  await rebuild();
});
$("policy-reset").addEventListener("click", async () => {
  $("policy").value = JSON.stringify(defaultPolicy(), null, 2);
  showPolicyError(null);
  state.policyText = null;
  await rebuild();
});
$("use-worker").addEventListener("change", () => rebuild());
$("msg").addEventListener("input", () => preview());
$("msg").addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
    ev.preventDefault();
    send();
  }
});
$("compose").addEventListener("submit", (ev) => {
  ev.preventDefault();
  send();
});
// CSP violations are counted, so the browser test can assert there are none
document.addEventListener("securitypolicyviolation", (ev) => {
  const n = Number(document.documentElement.dataset.cspViolations ?? 0) + 1;
  document.documentElement.dataset.cspViolations = String(n);
  console.error(`CSP violation: ${ev.violatedDirective} ${ev.blockedURI}`);
});

await init();
$("policy").value = JSON.stringify(defaultPolicy(), null, 2);
await rebuild();
readyMs = performance.now(); // since navigation start: page load to guard ready
document.documentElement.dataset.readyMs = readyMs.toFixed(1);
meta();
document.documentElement.dataset.ready = "1";
// once the page is idle, the engine compiles its usual paths, so the first message typed
// does not wait for that (see warmUp in the README)
(window.requestIdleCallback ?? ((f) => setTimeout(f, 0)))(() => warmUp());
