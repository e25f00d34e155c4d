/**
 * chatguard in a Web Worker: the screening runs off the main thread behind an async mirror
 * of the {@link Guard} API. Results, findings and errors (`code`, `path`) are the same as
 * the local guard's.
 *
 * ```js
 * // guard-worker.js, started as a module worker
 * import { serveGuard } from "chatguard/worker";
 * serveGuard();
 *
 * // the page
 * import { WorkerGuard } from "chatguard/worker";
 * const worker = new Worker(new URL("./guard-worker.js", import.meta.url), { type: "module" });
 * const guard = await WorkerGuard.create(worker);          // embedded default policy
 * const r = await guard.scan("I'm jane@corp.com", "input"); // r.text === "I'm [EMAIL_1]"
 * ```
 * @module
 */
import type { Direction, Policy, ScanResult, SentimentScores, StreamChunk, TransformOptions, Verdict } from "./index.js";

/**
 * Call once in a module worker: answers a {@link WorkerGuard}'s requests.
 * @param scope the worker's global scope (default `globalThis`)
 * @param wasm passed to `init()`: where to load the .wasm from (default: next to this file)
 */
export function serveGuard(scope?: object, wasm?: string | URL | Request | Response | BufferSource | WebAssembly.Module): void;

/** A Guard whose engine runs in a Web Worker; every method returns a promise. */
export class WorkerGuard {
  /**
   * Starts a guard in `worker` (which called {@link serveGuard}) on `policy` (object or
   * JSON string; the embedded default if omitted).
   * @throws (rejects) ChatguardError with `code` and `path` if the policy does not compile.
   */
  static create(worker: Worker, policy?: Policy | string): Promise<WorkerGuard>;
  /** The policy fingerprint. */
  readonly fingerprint: string;
  /** A new conversation (fresh vault) on the same compiled policy, in the same worker. */
  newConversation(): Promise<WorkerGuard>;
  /** An independent copy of this conversation (see `Guard.fork`). */
  fork(): Promise<WorkerGuard>;
  /** See `Guard.scan`. */
  scan(text: string, direction?: Direction): Promise<ScanResult>;
  /** See `Guard.sentiment`. */
  sentiment(text: string): Promise<SentimentScores>;
  /** See `Guard.restore`. */
  restore(text: string): Promise<string>;
  /** See `warmUp`: runs the engine's usual paths once in the worker; resolves to its milliseconds. */
  warmUp(): Promise<number>;
  /** A streaming session in the worker. */
  stream(direction?: Direction): Promise<WorkerGuardStream>;
  /** See `Guard.transformStream`; the screening runs in the worker. */
  transformStream(direction?: Direction, options?: TransformOptions): TransformStream<string, string>;
  /** Frees this conversation in the worker. */
  free(): void;
  /** Stops the worker, and with it every guard and stream it holds. */
  terminate(): void;
}

/** A streaming session running in the worker; see `GuardStream`. */
export class WorkerGuardStream {
  /** The stream's verdict (final after `finish`). */
  readonly verdict: Verdict;
  /** See `GuardStream.push`. */
  push(chunk: string): Promise<StreamChunk>;
  /** See `GuardStream.finish`. */
  finish(): Promise<StreamChunk>;
  /** Frees the stream in the worker. */
  free(): void;
}
