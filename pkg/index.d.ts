/**
 * chatguard: guardrails inside a web chat front end. Screens what a person types before
 * it is sent to a model, and the model's streamed reply as it arrives.
 *
 * ```js
 * import init, { Guard } from "chatguard";
 * await init();
 * const guard = new Guard();              // embedded default policy
 * const r = guard.scan("you are a f.u.c.k.i.n.g idiot", "input");
 * r.text;      // "you are a ************* *****"
 * r.findings;  // [{ detector: "keywords", kind: "profanity", start: 10, end: 23, ... }, ...]
 * ```
 *
 * Units: every `start`/`end` is in UTF-16 code units, so `text.slice(f.start, f.end)` is
 * the finding's text in JavaScript.
 */

/**
 * Loads the WebAssembly module (once; later calls return the same promise). In browsers
 * and workers the `.wasm` next to the package is fetched; in Node it is read from disk.
 * @param input optional URL, Response, BufferSource or WebAssembly.Module to load instead.
 */
export default function init(input?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;

/** Whether `init()` has completed. */
export function isReady(): boolean;

/** Which way text is going: `"input"` (typed by the person) or `"output"` (the model's reply). */
/**
 * The embedded default policy that `new Guard()` compiles, as a fresh object: a starting
 * point to tune (`const p = defaultPolicy(); p.input.rules.push(...); new Guard(p)`).
 * Needs `init()` first.
 */
export function defaultPolicy(): Policy;

/**
 * Runs the engine's usual paths once on built-in sample texts with the embedded default
 * policy (scans both ways, a stream, sentiment), and returns the milliseconds it took.
 * The engine (V8 and other WebAssembly engines) compiles each function at its first call,
 * so a page's first scans otherwise pay for that compilation: call this when the page is
 * idle (`requestIdleCallback(() => warmUp())`), after `init()`. Optional; it changes no
 * state a Guard can see. Needs `init()` first.
 */
export function warmUp(): number;

export type Direction = "input" | "output";

/**
 * What a rule does with a match: `mask` (one mask character per grapheme, or keep a tail
 * with `keepLast`), `replace` (the rule's `replacement`), `redact` (the kind in brackets,
 * `[EMAIL]`), `placeholder` (`[EMAIL_1]`, restored by `guard.restore`), `block` (verdict
 * `"block"`, and masked), `flag` (report only), `restore` (placeholders rules: put the
 * original back).
 */
export type Action = "mask" | "replace" | "redact" | "placeholder" | "block" | "flag" | "restore";

/** The decision on a text: unchanged, changed, or must not be sent/shown. */
export type Verdict = "allow" | "redact" | "block";

/** One finding. Spans are UTF-16 code units. */
export interface Finding {
  /**
   * The engine that found it: `"keywords"`, `"pii"`, `"secrets"`, `"placeholders"`,
   * `"regex"` or `"sentiment"`.
   */
  detector: string;
  /**
   * The kind: a keyword category (`"profanity"`, `"insult"`, `"sexual"`, `"slur"`, a
   * rule's own `category`); a {@link PiiKind} or {@link SecretKind}; `"placeholder"` (a
   * placeholder restored in a reply, or one the person typed, escaped to `[EMAIL-1]`);
   * a regex rule's category; `"sentiment_shift"`; or `"overlong"` (held text past
   * `maxHoldBytes`, masked).
   */
  kind: string;
  /**
   * The id of the rule that matched; for sentiment shifts, why: `"sentiment.turn"` (moved
   * from the previous turn), `"sentiment.baseline"` (from the smoothed baseline),
   * `"sentiment.floor"` (at or below the floor), `"sentiment.sentence"` (a sentence moved
   * from the previous one; the span is that sentence).
   */
  rule: string;
  /** What was done. */
  action: Action;
  /** Start in the screened text (for a stream: in the whole stream's text). */
  start: number;
  /** End (exclusive) in the screened text. */
  end: number;
  /** Start in the sanitised text (`result.text`; for a stream, all released text). */
  outStart: number;
  /** End (exclusive) in the sanitised text. */
  outEnd: number;
  /** What replaced the text, for `replace` and `placeholder`. */
  replacement?: string;
  /** For sentiment shifts: the change in compound score (or the score, for the floor). */
  score?: number;
  /** The matched original text: only when the policy sets `includeMatchedText: true`. */
  value?: string;
}

/** VADER scores: `compound` in [-1, 1]; `pos + neu + neg` ≈ 1 (all 0 for a text with no words). */
export interface SentimentScores {
  compound: number;
  pos: number;
  neu: number;
  neg: number;
}

/** Sentiment of a screened text, with the trajectory of its sentences. */
export interface Sentiment extends SentimentScores {
  /** Each sentence's span (UTF-16 units in the screened text) and compound score. */
  sentences: { start: number; end: number; compound: number }[];
}

/** The result of `Guard.scan`. */
export interface ScanResult {
  /** The sanitised text. */
  text: string;
  /** The decision. */
  verdict: Verdict;
  /** Findings, sorted by start. */
  findings: Finding[];
  /** Sentiment of the text (absent when the policy sets `sentiment.enabled: false`). */
  sentiment?: Sentiment;
  /** Fingerprint of the policy that made this decision (`cg1-` + 32 hex digits). */
  fingerprint: string;
}

/** Text released by a stream push or finish. */
export interface StreamChunk {
  /** Newly released sanitised text (may be empty while a possible match is held back). */
  text: string;
  /** Findings that became final with this chunk (spans into the whole stream). */
  findings: Finding[];
  /** On `finish`: the sentiment of the whole streamed text. */
  sentiment?: Sentiment;
}

/** One keyword rule. */
export interface KeywordRule {
  /** Unique within its direction; reported as `finding.rule`. */
  id: string;
  detector: "keywords";
  /** Category reported for your own terms (default: the id). */
  category?: string;
  /**
   * Your terms. Phrases match across spaces. A `*` at the start or end lifts the word
   * boundary on that side (`"fuck*"` also matches "fucking"); the finding covers the word.
   */
  terms?: string[];
  /** A built-in list: `"en"` (English profanity, insults, sexual terms, slurs). */
  builtin?: "en";
  /** With `builtin`: only these categories (`"profanity" | "insult" | "sexual" | "slur"`). */
  categories?: string[];
  /** `"word"` (default): whole words only. `"substring"`: anywhere, even inside a word. */
  match?: "word" | "substring";
  action: Action;
  /** Text written by `replace` (default `"[REDACTED]"`). */
  replacement?: string;
  /**
   * Words that cancel a match they contain (`"classic"` for `ass` in substring mode),
   * written as one word in the text (not spaced out, not across words).
   */
  allow?: string[];
  /** Set false to switch the rule off (default true). */
  enabled?: boolean;
}

/** Kinds of personal data a `pii` rule detects (default: all but `url`). */
export type PiiKind =
  | "email" | "phone" | "credit_card" | "iban" | "us_ssn" | "uk_nino" | "uk_nhs"
  | "ip_address" | "mac_address" | "url" | "crypto";

/** Kinds of credentials a `secrets` rule detects (default: all). */
export type SecretKind =
  | "aws_access_key" | "aws_secret_key" | "github_token" | "gitlab_token" | "slack_token"
  | "slack_webhook" | "stripe_key" | "openai_key" | "anthropic_key" | "google_api_key"
  | "jwt" | "private_key" | "secret";

/** Fields every non-keyword rule shares. */
interface RuleBase {
  /** Unique within its direction; reported as `finding.rule`. */
  id: string;
  action: Action;
  /** Text written by `replace` (default `"[REDACTED]"`). */
  replacement?: string;
  /** With `mask`: keep this many trailing letters/digits and keep separators (`**** 1111`). */
  keepLast?: number;
  /** Set false to switch the rule off (default true). */
  enabled?: boolean;
}

/**
 * Personal data: each kind is a candidate pattern plus a validator (Luhn and issuer ranges
 * for cards, country length and mod-97 for IBANs, mod-11 for NHS numbers, allocation rules
 * for SSNs and NINOs, address parsing for IPs, base58check/bech32 for Bitcoin).
 */
export interface PiiRule extends RuleBase {
  detector: "pii";
  /** The kinds covered (default: every {@link PiiKind} but `url`). */
  kinds?: PiiKind[];
}

/** Credentials: provider key formats, JWTs, PEM private keys, `password = <value>` secrets. */
export interface SecretsRule extends RuleBase {
  detector: "secrets";
  /** The kinds covered (default: every {@link SecretKind}). */
  kinds?: SecretKind[];
}

/**
 * Output only: restore the placeholders this conversation issued, as models write them
 * back (`[EMAIL_1]`, `[email_1]`, `EMAIL_1`, `EMAIL 1`, `{EMAIL_1}`). Unknown placeholders
 * are left untouched; restored values are never reported in findings.
 */
export interface PlaceholdersRule extends RuleBase {
  detector: "placeholders";
  action: "restore" | "flag";
}

/**
 * Your own pattern (Rust `regex` syntax, at most 1,000 characters, compiled once; an
 * invalid or too large pattern is a policy error at `...rules[i].pattern`). It matches
 * inside one whitespace-separated token or a group of joined tokens (digit groups,
 * `key = value`), not across arbitrary words.
 */
export interface RegexRule extends RuleBase {
  detector: "regex";
  pattern: string;
  /**
   * The kind reported (default: the id); also the placeholder label, in capitals
   * (`VALUE_` before one shorter than two characters or not starting with a letter).
   */
  category?: string;
}

/** A rule of any detector. */
export type Rule = KeywordRule | PiiRule | SecretsRule | PlaceholdersRule | RegexRule;

/** A policy: JSON you can edit without rebuilding. Unknown fields are rejected. */
export interface Policy {
  /** A free-form name (part of the fingerprint). */
  name?: string;
  /** The character `mask` writes once per grapheme (default `"*"`). */
  maskChar?: string;
  /** When true, findings carry the matched text in `value` (default false). */
  includeMatchedText?: boolean;
  /**
   * Most bytes a stream may hold back while a match is still possible (default 4096;
   * 256 to 16777216). Past it the screen fails closed: the held text is masked as a finding
   * of kind `"overlong"` and matching restarts. Checked every 256 bytes of the text, so a
   * one-shot scan of the same text does the same.
   */
  maxHoldBytes?: number;
  /** Rules for what the person types. */
  input?: { rules: Rule[] };
  /** Rules for the model's reply. */
  output?: { rules: Rule[] };
  /** Sentiment scoring and abrupt-change detection. */
  sentiment?: SentimentPolicy;
}

/**
 * Sentiment settings. A `sentiment_shift` finding is reported when a turn's compound
 * score moves from the previous turn in its direction by `turnDelta` or more, or from the
 * smoothed baseline (EWMA) by `baselineDelta` or more, or is at or below `floor`; and when
 * a sentence moves from the previous sentence of the same text by `sentenceDelta` or more.
 * Texts shorter than `minChars` and texts with no sentiment words never trigger.
 */
export interface SentimentPolicy {
  /** Score texts at all (default true). */
  enabled?: boolean;
  /** Directions checked for shifts (default both). */
  directions?: Direction[];
  /** Default 0.9 (e.g. from +0.5 to -0.4). */
  turnDelta?: number;
  /** Default 0.8. */
  baselineDelta?: number;
  /** Weight of the newest turn in the baseline, 0 < alpha <= 1 (default 0.3). */
  alpha?: number;
  /** Default -0.75. */
  floor?: number;
  /** Default 1.0 (e.g. from +0.5 to -0.5). */
  sentenceDelta?: number;
  /** Default 12. */
  minChars?: number;
  /** `"flag"` (default) or `"block"`. */
  action?: "flag" | "block";
}

/**
 * Errors thrown by chatguard are `Error`s with a stable `code` and, for policy errors, the
 * JSON `path` of the offending value (`"input.rules[3].action"`).
 * Codes: `policy_syntax`, `policy_unknown_field`, `policy_type`, `policy_missing_field`,
 * `policy_invalid_value`, `policy_duplicate_id`, `policy_too_large`, `invalid_state`,
 * `invalid_argument`, `not_initialized`, and `unsupported` in the keywords-only package
 * (`chatguard/keywords`): a `pii`, `secrets` or `regex` rule (path `….detector`),
 * `sentiment.enabled: true`, or a call to `sentiment()`. A non-string text is a `TypeError`.
 */
export interface ChatguardError extends Error {
  code: string;
  path: string;
}

/**
 * Parses an OpenAI-style chat-completions SSE body into text deltas:
 * `response.body.pipeThrough(new TextDecoderStream()).pipeThrough(sseTextDeltas())
 *  .pipeThrough(guard.transformStream("output"))`. Events may be split across chunks;
 * CRLF, comments, multi-line `data:` and `data: [DONE]` are handled.
 */
export function sseTextDeltas(): TransformStream<string, string>;

/** Options of {@link Guard.transformStream}. */
export interface TransformOptions {
  /** Called with each push's result (text released, findings final by then). */
  onChunk?: (chunk: StreamChunk) => void;
}

/** One conversation screened with one policy: its placeholder vault lives here. */
export class Guard {
  /**
   * Compiles a policy (object or JSON string); the embedded default policy if omitted.
   * @throws ChatguardError with `code` and `path` on a bad policy; no guard is created.
   */
  constructor(policy?: Policy | string);
  /** The policy fingerprint. */
  readonly fingerprint: string;
  /** A new conversation (fresh vault) sharing this guard's compiled policy: cheap. */
  newConversation(): Guard;
  /**
   * An independent copy of this conversation (its placeholders and sentiment history):
   * scanning on the copy shows exactly what a message would become, without making it a
   * turn of this conversation. Free it when done.
   */
  fork(): Guard;
  /** Screens a whole text. Same result as streaming the same text in any chunks. */
  scan(text: string, direction?: Direction): ScanResult;
  /** VADER scores of a text (the reference `vadersentiment` 3.3.2 semantics); no history. */
  sentiment(text: string): SentimentScores;
  /**
   * Replaces placeholders issued in this conversation (`[EMAIL_1]`) with the originals,
   * also as models mangle them: any case, brackets `[]`/`{}`/`<>`/`()` or none, a space
   * for the underscore when upper case (`EMAIL 1`). Unknown placeholders stay as they are.
   */
  restore(text: string): string;
  /** A streaming session on this policy and conversation (default direction `"output"`). */
  stream(direction?: Direction): GuardStream;
  /**
   * A `TransformStream<string, string>` that screens text chunks, e.g. a fetch body. The
   * stream's findings and final sentiment reach `options.onChunk`, called with each push's
   * result that carries text or findings, and always with the last one.
   */
  transformStream(direction?: Direction, options?: TransformOptions): TransformStream<string, string>;
  /** Frees the wasm memory of this guard. */
  free(): void;
}

/**
 * A streaming session. `push` returns the text that is final; it holds back only what a
 * later chunk could still turn into a match. Chunks may split surrogate pairs.
 */
export class GuardStream {
  /** Feeds a chunk. @throws ChatguardError `invalid_state` after `finish`. */
  push(chunk: string): StreamChunk;
  /** Releases the rest and closes the session. */
  finish(): StreamChunk;
  /** The verdict so far. */
  readonly verdict: Verdict;
  /** Frees the wasm memory of this session. */
  free(): void;
}
