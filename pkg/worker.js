// chatguard in a Web Worker: the screening runs off the main thread, behind an async
// mirror of the Guard API. See index.d.ts ("Worker") for docs.
//
//   // guard-worker.js (a module worker)
//   import { serveGuard } from "chatguard/worker";
//   serveGuard();
//
//   // the page
//   import { WorkerGuard } from "chatguard/worker";
//   const guard = await WorkerGuard.create(new Worker(new URL("./guard-worker.js", import.meta.url), { type: "module" }));
//   const r = await guard.scan("I'm jane@corp.com", "input");
import init, { Guard, warmUp } from "./index.js";

/** Rebuilds an error thrown in the worker, with its `code` and `path`. */
function revive(e) {
  const err = e.name === "TypeError" ? new TypeError(e.message) : new Error(e.message);
  if (e.code !== undefined) err.code = e.code;
  if (e.path !== undefined) err.path = e.path;
  return err;
}

/**
 * Runs in a worker: answers a {@link WorkerGuard}'s requests on `scope` (default: the
 * worker's global). `wasm` is passed to `init()` (default: the .wasm next to this file).
 */
export function serveGuard(scope = globalThis, wasm) {
  const objects = new Map(); // handle -> Guard | GuardStream
  let next = 1;
  const keep = (o) => {
    objects.set(next, o);
    return next++;
  };
  const get = (h) => {
    const o = objects.get(h);
    if (!o) {
      const e = new Error("invalid_state: this guard or stream was freed");
      e.code = "invalid_state";
      e.path = "";
      throw e;
    }
    return o;
  };
  const ops = {
    create: async (policy) => {
      await init(wasm);
      const g = new Guard(policy ?? undefined);
      return { handle: keep(g), fingerprint: g.fingerprint };
    },
    newConversation: (h) => keep(get(h).newConversation()),
    fork: (h) => keep(get(h).fork()),
    scan: (h, text, direction) => get(h).scan(text, direction),
    sentiment: (h, text) => get(h).sentiment(text),
    restore: (h, text) => get(h).restore(text),
    warmUp: () => warmUp(),
    stream: (h, direction) => keep(get(h).stream(direction)),
    push: (h, chunk) => get(h).push(chunk),
    finish: (h) => {
      const s = get(h);
      const r = s.finish();
      return { ...r, verdict: s.verdict };
    },
    free: (h) => {
      objects.get(h)?.free();
      objects.delete(h);
    },
  };
  scope.addEventListener("message", async (ev) => {
    const { id, op, args } = ev.data ?? {};
    if (typeof id !== "number" || !Object.hasOwn(ops, op)) return;
    try {
      const value = await ops[op](...(Array.isArray(args) ? args : []));
      scope.postMessage({ id, ok: true, value });
    } catch (e) {
      scope.postMessage({
        id,
        ok: false,
        error: { name: e?.name, message: String(e?.message ?? e), code: e?.code, path: e?.path },
      });
    }
  });
}

/** The page side of a worker running {@link serveGuard}. */
class Channel {
  #worker;
  #pending = new Map();
  #next = 1;

  constructor(worker) {
    this.#worker = worker;
    worker.addEventListener("message", (ev) => {
      const { id, ok, value, error } = ev.data ?? {};
      const p = this.#pending.get(id);
      if (!p) return;
      this.#pending.delete(id);
      if (ok) p.resolve(value);
      else p.reject(revive(error));
    });
    worker.addEventListener("error", (ev) => {
      const e = new Error(`chatguard worker failed: ${ev.message ?? "unknown error"}`);
      for (const p of this.#pending.values()) p.reject(e);
      this.#pending.clear();
    });
  }

  call(op, ...args) {
    return new Promise((resolve, reject) => {
      const id = this.#next++;
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, op, args });
    });
  }

  terminate() {
    this.#worker.terminate();
  }
}

/**
 * A Guard whose engine runs in a Web Worker: the same methods as `Guard`, returning
 * promises. Results, findings and errors (`code`, `path`) are the same as the local Guard's.
 */
export class WorkerGuard {
  #ch;
  #h;

  /** @private use WorkerGuard.create */
  constructor(channel, handle, fingerprint) {
    this.#ch = channel;
    this.#h = handle;
    this.fingerprint = fingerprint;
  }

  /**
   * Starts the guard in `worker` (a module worker that called `serveGuard()`), compiling
   * `policy` (object or JSON string; the embedded default if omitted) there.
   * Rejects with the policy error (`code`, `path`) if it does not compile.
   */
  static async create(worker, policy) {
    const ch = new Channel(worker);
    const json = policy === undefined || policy === null || typeof policy === "string" ? policy : JSON.stringify(policy);
    const { handle, fingerprint } = await ch.call("create", json ?? null);
    return new WorkerGuard(ch, handle, fingerprint);
  }

  /** A new conversation (fresh vault) on the same compiled policy, in the same worker. */
  async newConversation() {
    return new WorkerGuard(this.#ch, await this.#ch.call("newConversation", this.#h), this.fingerprint);
  }

  /** An independent copy of this conversation (see `Guard.fork`). */
  async fork() {
    return new WorkerGuard(this.#ch, await this.#ch.call("fork", this.#h), this.fingerprint);
  }

  /** See `Guard.scan`. */
  scan(text, direction = "input") {
    return this.#ch.call("scan", this.#h, text, direction);
  }

  /** See `Guard.sentiment`. */
  sentiment(text) {
    return this.#ch.call("sentiment", this.#h, text);
  }

  /** See `Guard.restore`. */
  restore(text) {
    return this.#ch.call("restore", this.#h, text);
  }

  /** See `warmUp`: runs in the worker, where the compilation it does then happens. */
  warmUp() {
    return this.#ch.call("warmUp");
  }

  /** A streaming session; its `push` and `finish` return promises. */
  async stream(direction = "output") {
    return new WorkerGuardStream(this.#ch, await this.#ch.call("stream", this.#h, direction));
  }

  /** See `Guard.transformStream`; the screening runs in the worker. */
  transformStream(direction = "output", options = {}) {
    const onChunk = options?.onChunk;
    let s;
    return new TransformStream({
      start: async () => {
        s = await this.stream(direction);
      },
      async transform(chunk, controller) {
        const r = await s.push(chunk);
        if (r.text) controller.enqueue(r.text);
        if (onChunk && (r.text || r.findings.length)) onChunk(r);
      },
      async flush(controller) {
        const r = await s.finish();
        if (r.text) controller.enqueue(r.text);
        onChunk?.(r);
        s.free();
      },
    });
  }

  /** Frees this conversation in the worker (the worker keeps running). */
  free() {
    this.#ch.call("free", this.#h).catch(() => {});
  }

  /** Stops the worker: every guard and stream of it is gone. */
  terminate() {
    this.#ch.terminate();
  }
}

/** A streaming session running in the worker; see `GuardStream`. */
export class WorkerGuardStream {
  #ch;
  #h;
  /** The verdict so far (updated by `finish`). */
  verdict = "allow";

  constructor(channel, handle) {
    this.#ch = channel;
    this.#h = handle;
  }

  /** See `GuardStream.push`. */
  push(chunk) {
    return this.#ch.call("push", this.#h, chunk);
  }

  /** See `GuardStream.finish`. */
  async finish() {
    const { verdict, ...r } = await this.#ch.call("finish", this.#h);
    this.verdict = verdict;
    return r;
  }

  /** Frees the stream in the worker. */
  free() {
    this.#ch.call("free", this.#h).catch(() => {});
  }
}
