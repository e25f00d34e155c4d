// chatguard: the hand-written JS surface over the wasm core (see index.d.ts for docs).
// Works in browsers without a bundler (<script type="module">), in bundlers and in Web
// Workers; Node uses node.js, which loads the .wasm from disk.
import wasmInit, { initSync, RawGuard, defaultPolicyJson } from "./wasm/chatguard.js";

let ready = null;
let initialized = false;
let memory = null; // the wasm memory, for views on scores written by the core

/**
 * Loads the WebAssembly module once. `input` may be a URL, a Response, bytes or a
 * compiled WebAssembly.Module; by default the .wasm next to this file is fetched.
 */
export default function init(input) {
  if (!ready) {
    ready = load(input).then((exports) => {
      memory = exports.memory;
      initialized = true;
    });
    ready.catch(() => { ready = null; });
  }
  return ready;
}

/**
 * The module's exports. Bytes and compiled modules are instantiated here, without the
 * glue's async path: that path reads the globals `Response` and `Request`, and in Node
 * reading either loads its fetch implementation (about 20 ms, measured) for nothing.
 */
async function load(input) {
  if (input instanceof WebAssembly.Module) return initSync({ module: input });
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    return initSync({ module: await WebAssembly.compile(input) });
  }
  return wasmInit(input === undefined ? undefined : { module_or_path: input });
}

/** Whether `init()` has completed. */
export function isReady() {
  return initialized;
}

/** The embedded default policy (a fresh object each call): a starting point to tune. */
export function defaultPolicy() {
  needReady();
  return JSON.parse(defaultPolicyJson());
}

// What warmUp() screens: words of the default lists in plain and evasive spellings, the
// common kinds of personal data and secrets, and sentences of both signs (the reply also
// carries back the placeholders the message was given).
const WARM_TEXTS = [
  "Hi! Mail jane.doe@example.com or call +1 415-555-0132; card 4111 1111 1111 1111.",
  "IBAN GB82 WEST 1234 5698 7654 32 from 192.168.1.20, token ghp_16C7e42F292c6912E7710c838347Ae178B4a.",
  "What a sh1t day, you 1d10t. I love this, it is GREAT!! But that was awful?",
];

/**
 * Runs the engine's usual paths once on built-in samples: scans both ways, a stream and
 * sentiment. Returns the milliseconds it took. (The engine compiles each function at its
 * first call: this moves that cost from the page's first real scans to a moment the page
 * chooses, such as an idle callback.) The policy is the embedded default's rules with a
 * few words for each built-in list: the same code runs, without compiling the lists.
 */
export function warmUp() {
  needReady();
  const t = performance.now();
  const policy = defaultPolicy();
  for (const d of [policy.input, policy.output]) {
    for (const r of d?.rules ?? []) {
      if (r.builtin === undefined) continue;
      delete r.builtin;
      delete r.categories;
      r.terms = ["shit", "idiot", "damn"];
    }
  }
  const g = new Guard(policy);
  try {
    for (const text of WARM_TEXTS) {
      const r = g.scan(text, "input");
      const s = g.stream("output");
      for (let i = 0; i < r.text.length; i += 7) s.push(r.text.slice(i, i + 7));
      s.finish();
      s.free();
    }
    // (the keywords-only package scores no sentiment)
    if (defaultPolicy().sentiment?.enabled !== false) g.sentiment(WARM_TEXTS[2]);
  } finally {
    g.free();
  }
  return performance.now() - t;
}

function needReady() {
  if (!initialized) {
    const e = new Error("chatguard: call `await init()` before using Guard");
    e.code = "not_initialized";
    e.path = "";
    throw e;
  }
}

const encoder = new TextEncoder();
// Messages up to this many UTF-16 units cross into wasm through a per-guard buffer
// (encodeInto, no allocation); longer ones through a buffer for the one call (see
// `#encodeLong`).
const SHORT = 4096;

function checkText(text, what = "text") {
  if (typeof text !== "string") {
    throw new TypeError(`chatguard: ${what} must be a string, got ${text === null ? "null" : typeof text}`);
  }
}

/** A result's sentiment from the core's form, whose sentences are flat triples. */
function sentimentFrom({ compound, pos, neu, neg, sentences: flat }) {
  const sentences = new Array(flat.length / 3);
  for (let i = 0, k = 0; k < flat.length; i++, k += 3) {
    sentences[i] = { start: flat[k], end: flat[k + 1], compound: flat[k + 2] };
  }
  return { compound, pos, neu, neg, sentences };
}

/** Whether a field of a finding row is present (absent is null in a stream's rows, NaN in a scan's numbers). */
const present = (x) => x != null && x === x;

/**
 * The finding in the ROW numbers at `k` of `a` (a stream's row or a scan's numbers),
 * whose names (detector, kind, rule, action) are indexes into `names` and whose texts
 * (replacement, value) are indexes into `texts`.
 */
function findingAt(names, texts, a, k) {
  const o = { detector: names[a[k]], kind: names[a[k + 1]], rule: names[a[k + 2]], action: names[a[k + 3]], start: a[k + 4], end: a[k + 5], outStart: a[k + 6], outEnd: a[k + 7] };
  if (present(a[k + 8])) o.replacement = texts[a[k + 8]];
  if (present(a[k + 9])) o.score = a[k + 9];
  if (present(a[k + 10])) o.value = texts[a[k + 10]];
  return o;
}

/** Finding objects from the core's compact form (see `JsFindings` in src/wasm/mod.rs). */
function findingsFrom({ strings: s, rows }) {
  return rows.map((f) => findingAt(s, s, f, 0));
}

/** Numbers per finding row in a scan's numeric buffer (`ROW` in src/wasm/mod.rs). */
const ROW = 11;
/** Numbers in a scan's header (`HEADER` in src/wasm/mod.rs). */
const HEADER = 16;

const VERDICTS = ["allow", "redact", "block"];
const NO_TEXTS = [];
// (ignoreBOM: a U+FEFF that starts the blob is a character of its first string, kept)
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * A scan's result from the header, numbers and blob the core left in its memory (see
 * `HEADER` in src/wasm/mod.rs), the guard's table of names (the scan's new names are
 * added to it) and fingerprint. `ascii`: whether `text` is all ASCII (its UTF-8 was as
 * many bytes as it has units). Reads them all before any other call into the module
 * (which could move or grow the memory).
 */
function scanFrom(text, h, names, fingerprint, ascii) {
  const nFind = h[2], nEdits = h[3], nSent = h[4] ? h[9] : 0, nNew = h[13], nTexts = h[14];
  const nNums = nFind * ROW + nEdits * 3 + nSent * 3 + nNew + nTexts;
  // the numbers start at byte h[10] of the memory (a Vec<f64>: 8-byte aligned); `k`
  // counts from there
  const nums = nNums === 0 ? null : memoryViews().f64;
  const base = h[10] / 8;
  let texts = NO_TEXTS;
  if (nNew + nTexts > 0) {
    // the blob: the new names, then the texts, end to end; their ends are the last numbers
    const blob = utf8At(h[11], h[12]);
    let k = base + nNums - nNew - nTexts;
    let at = 0;
    for (let i = 0; i < nNew; i++) names.push(blob.slice(at, (at = nums[k++])));
    texts = new Array(nTexts);
    for (let i = 0; i < nTexts; i++) texts[i] = blob.slice(at, (at = nums[k++]));
  }
  const findings = new Array(nFind);
  let k = base;
  for (let i = 0; i < nFind; i++, k += ROW) findings[i] = findingAt(names, texts, nums, k);
  let out = text;
  if (h[1] === 0) {
    const edits = new Array(nEdits);
    for (let i = 0; i < nEdits; i++, k += 3) edits[i] = [nums[k], nums[k + 1], texts[nums[k + 2]]];
    // (a lone surrogate reached the core as U+FFFD: with none there, there is none here)
    out = applyEdits(text, edits, !ascii && h[15] === 1);
  } else {
    k += nEdits * 3;
  }
  const r = { text: out, verdict: VERDICTS[h[0]], findings, fingerprint };
  if (h[4]) {
    const sentences = new Array(nSent);
    for (let i = 0; i < nSent; i++, k += 3) sentences[i] = { start: nums[k], end: nums[k + 1], compound: nums[k + 2] };
    r.sentiment = { compound: h[5], pos: h[6], neu: h[7], neg: h[8], sentences };
  }
  return r;
}

let views = null; // views on the whole memory, remade when it grows (a grown memory detaches the old buffer, emptying every view on it)

/** Float64 and byte views on the whole wasm memory: no new view per scan. */
function memoryViews() {
  if (views === null || views.u8.length === 0) {
    const buffer = memory.buffer;
    views = { f64: new Float64Array(buffer, 0, buffer.byteLength >>> 3), u8: new Uint8Array(buffer) };
  }
  return views;
}

/**
 * The `len` bytes of UTF-8 at `ptr` in the memory as a string: a short ASCII run is read
 * here (a mask or placeholder, most of what a scan sends), the rest by the TextDecoder
 * (a call into the runtime, dearer than a few bytes).
 */
function utf8At(ptr, len) {
  const u8 = memoryViews().u8;
  if (len <= 32) {
    let s = "";
    for (let i = ptr; i < ptr + len; i++) {
      const c = u8[i];
      if (c >= 0x80) return decoder.decode(u8.subarray(ptr, ptr + len));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decoder.decode(u8.subarray(ptr, ptr + len));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with each lone surrogate as U+FFFD, as the core saw it (same UTF-16 length). */
function wellFormed(text) {
  if (typeof text.isWellFormed === "function") return text.isWellFormed() ? text : text.toWellFormed();
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

/**
 * The sanitised text: `text` (lone surrogates as U+FFFD) with each `[start, end,
 * replacement]` edit applied. `wide`: whether `text` may hold a lone surrogate (else it is
 * not searched for one).
 */
function applyEdits(text, edits, wide) {
  // the core saw each lone surrogate as U+FFFD, as TextEncoder wrote it
  if (wide) text = wellFormed(text);
  let out = "";
  let at = 0;
  for (const [start, end, replacement] of edits) {
    out += text.slice(at, start) + replacement;
    at = end;
  }
  return out + text.slice(at);
}

function checkDirection(direction) {
  if (direction !== "input" && direction !== "output") {
    const e = new TypeError(`chatguard: direction must be "input" or "output", got ${JSON.stringify(direction)}`);
    e.code = "invalid_argument";
    e.path = "";
    throw e;
  }
}

function policyJson(policy) {
  if (policy === undefined || policy === null) return undefined;
  if (typeof policy === "string") return policy;
  if (typeof policy === "object") return JSON.stringify(policy);
  throw new TypeError("chatguard: policy must be an object, a JSON string, or omitted");
}

/** One conversation screened with one policy. See index.d.ts. */
export class Guard {
  #raw;
  #scores = null;
  #header = null;
  #fingerprint;
  #input = null; // a view on the core's input buffer (scanInput)
  #names = []; // the names the core has sent for this guard, by number (see scanFrom)

  constructor(policy, _raw) {
    needReady();
    this.#raw = _raw ?? new RawGuard(policyJson(policy));
    this.#fingerprint = this.#raw.fingerprint;
  }

  /** The policy fingerprint carried by every result. */
  get fingerprint() {
    return this.#fingerprint;
  }

  /** A fresh conversation (empty vault) on this guard's compiled policy: no recompilation. */
  newConversation() {
    return new Guard(undefined, this.#raw.newConversation());
  }

  /** An independent copy of this conversation (placeholders, sentiment history). */
  fork() {
    return new Guard(undefined, this.#raw.fork());
  }

  /**
   * Writes a short `text` (at most SHORT units) as UTF-8 into the core's input buffer;
   * returns its length in bytes.
   */
  #encode(text) {
    // at most 3 UTF-8 bytes per UTF-16 unit; a grown memory detaches the old buffer,
    // which empties every view on it
    if (this.#input === null || this.#input.length === 0) {
      const ptr = this.#raw.inputBuffer(SHORT * 3);
      this.#input = new Uint8Array(memory.buffer, ptr, SHORT * 3);
    }
    return encoder.encodeInto(text, this.#input).written;
  }

  /**
   * Writes a long `text` as UTF-8 into the core's text buffer (`textBuffer`, freed by the
   * call that reads it); returns its length in bytes. First one byte per UTF-16 unit (all
   * an ASCII text needs), then, if that was too short, 3 more per unit left. (Not as a
   * wasm-bindgen string: that copies ASCII one character at a time in JS, which made a
   * 1 MB ASCII text 3 to 4 ms slower to scan, measured.)
   */
  #encodeLong(text) {
    let ptr = this.#raw.textBuffer(0, text.length);
    let { read, written } = encoder.encodeInto(text, new Uint8Array(memory.buffer, ptr, text.length));
    if (read < text.length) {
      const room = (text.length - read) * 3;
      ptr = this.#raw.textBuffer(written, written + room);
      written += encoder.encodeInto(text.slice(read), new Uint8Array(memory.buffer, ptr + written, room)).written;
    }
    return written;
  }

  scan(text, direction = "input") {
    checkText(text);
    checkDirection(direction);
    const dir = direction === "input" ? 0 : 1;
    const short = text.length <= SHORT;
    const bytes = short ? this.#encode(text) : this.#encodeLong(text);
    const status = short ? this.#raw.scanInput(bytes, dir) : this.#raw.scanText(bytes, dir);
    if (status !== 0) throw this.#raw.takeError();
    // a view on the header the core wrote (remade when the memory has grown)
    if (this.#header === null || this.#header.length === 0) {
      this.#header = new Float64Array(memory.buffer, this.#raw.headerPtr(), HEADER);
    }
    // (as many UTF-8 bytes as UTF-16 units: all ASCII)
    return scanFrom(text, this.#header, this.#names, this.#fingerprint, bytes === text.length);
  }

  sentiment(text) {
    checkText(text);
    const status = text.length <= SHORT ? this.#raw.sentimentInput(this.#encode(text)) : this.#raw.sentimentText(this.#encodeLong(text));
    if (status !== 0) throw this.#raw.takeError();
    // a view on the four numbers the core wrote (remade when the memory has grown)
    if (this.#scores === null || this.#scores.length === 0) {
      this.#scores = new Float64Array(memory.buffer, this.#raw.scoresPtr(), 4);
    }
    const s = this.#scores;
    return { compound: s[0], pos: s[1], neu: s[2], neg: s[3] };
  }

  restore(text) {
    checkText(text);
    return this.#raw.restore(text);
  }

  stream(direction = "output") {
    checkDirection(direction);
    return new GuardStream(this.#raw.stream(direction));
  }

  /**
   * A Web TransformStream<string, string> screening text chunks (e.g. a fetch body piped
   * through TextDecoderStream). `options.onChunk` sees every push's result (text,
   * findings, and the sentiment on the last one).
   */
  transformStream(direction = "output", options = {}) {
    checkDirection(direction);
    const onChunk = options?.onChunk;
    if (onChunk !== undefined && typeof onChunk !== "function") {
      throw new TypeError("chatguard: options.onChunk must be a function");
    }
    const s = this.stream(direction);
    return new TransformStream({
      transform(chunk, controller) {
        const r = s.push(chunk);
        if (r.text) controller.enqueue(r.text);
        if (onChunk && (r.text || r.findings.length)) onChunk(r);
      },
      flush(controller) {
        const r = s.finish();
        if (r.text) controller.enqueue(r.text);
        onChunk?.(r);
        s.free();
      },
    });
  }

  free() {
    this.#raw.free();
  }
}

/** A streaming session; see index.d.ts. */
export class GuardStream {
  #raw;
  #pendingHigh = ""; // a high surrogate at the end of a chunk waits for its partner
  #closed = false;

  constructor(raw) {
    this.#raw = raw;
  }

  push(chunk) {
    checkText(chunk, "chunk");
    if (this.#closed) {
      const e = new Error("invalid_state: push after finish: this stream is closed");
      e.code = "invalid_state";
      e.path = "";
      throw e;
    }
    let s = this.#pendingHigh + chunk;
    this.#pendingHigh = "";
    const last = s.charCodeAt(s.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.#pendingHigh = s.slice(-1);
      s = s.slice(0, -1);
    }
    return this.#result(this.#raw.push(s));
  }

  finish() {
    if (this.#closed) {
      const e = new Error("invalid_state: finish called twice: this stream is closed");
      e.code = "invalid_state";
      e.path = "";
      throw e;
    }
    if (this.#pendingHigh) {
      const h = this.#pendingHigh;
      this.#pendingHigh = "";
      const a = this.#result(this.#raw.push(h));
      const b = this.#result(this.#raw.finish());
      this.#closed = true;
      const r = { text: a.text + b.text, findings: a.findings.concat(b.findings) };
      if (b.sentiment) r.sentiment = b.sentiment;
      return r;
    }
    const r = this.#result(this.#raw.finish());
    this.#closed = true;
    return r;
  }

  get verdict() {
    return this.#raw.verdict;
  }

  free() {
    this.#raw.free();
  }

  #result(meta) {
    const text = this.#raw.takeText();
    if (!meta) return { text, findings: [] };
    const m = JSON.parse(meta);
    const r = { text, findings: findingsFrom(m.findings) };
    if (m.sentiment) r.sentiment = sentimentFrom(m.sentiment);
    return r;
  }
}

/**
 * A TransformStream<string, string> that turns an OpenAI-style chat-completions SSE body
 * (`data: {"choices":[{"delta":{"content":"..."}}]}` ... `data: [DONE]`) into the text
 * deltas, for piping into `guard.transformStream("output")`. Handles events split across
 * chunks, CRLF line ends, comments (`: ...`), multi-line `data:` fields and `[DONE]`.
 * An event whose data is not JSON, or has no text delta, yields nothing.
 */
export function sseTextDeltas() {
  let buf = "";
  let data = [];
  let done = false;
  const dispatch = (controller) => {
    if (data.length === 0) return;
    const payload = data.join("\n");
    data = [];
    if (payload === "[DONE]") {
      done = true;
      return;
    }
    try {
      const ev = JSON.parse(payload);
      const choice = ev?.choices?.[0];
      const text = choice?.delta?.content ?? choice?.text;
      if (typeof text === "string" && text) controller.enqueue(text);
    } catch {
      // not JSON: not a text delta
    }
  };
  const line = (l, controller) => {
    if (l === "") return dispatch(controller); // a blank line ends an event
    if (l.startsWith(":")) return; // comment
    const colon = l.indexOf(":");
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? "" : l.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
  };
  return new TransformStream({
    transform(chunk, controller) {
      if (done) return;
      buf += chunk;
      let i;
      while (!done && (i = buf.search(/\r\n|\r|\n/)) >= 0) {
        const nl = buf[i] === "\r" && buf[i + 1] === "\n" ? 2 : 1;
        // a lone \r at the end may be the first half of \r\n: wait for the next chunk
        if (buf[i] === "\r" && nl === 1 && i === buf.length - 1) break;
        const l = buf.slice(0, i);
        buf = buf.slice(i + nl);
        line(l, controller);
      }
    },
    flush(controller) {
      if (!done && buf) line(buf, controller);
      if (!done) dispatch(controller);
    },
  });
}
