//! The JS binding: `#[wasm_bindgen]` shims only. Each one takes strings in, calls the
//! core, and hands results out as JSON (parsed by the hand-written `pkg/index.js`), with
//! spans converted to UTF-16 code units; `scan` and `sentiment` leave their numbers (and
//! `scan` its strings, as one UTF-8 blob) in the wasm memory for JS to read through
//! typed-array views. Errors are real JS `Error`s with `code` and `path` properties.
//! Nothing here can panic on any input.

use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::guard::{Finding, Guard, Verdict};
use crate::json::{comma, write_f64, write_key, write_str, write_str_array};
use crate::policy::{Action, Direction};
use crate::sentiment::TurnReport;
use crate::stream::{Chunk, Stream, KEEP_BYTES};

fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code().as_str().into());
    let _ = js_sys::Reflect::set(&err, &"path".into(), &e.path().into());
    err.into()
}

/// Findings in a compact form for JS: each one an array `[detector, kind, rule, action,
/// start, end, outStart, outEnd, replacement?, score?, value?]` whose strings are indexes
/// into `strings` (trailing absent fields left out, absent middle ones `null`). Half the
/// JSON of objects with keys, and JS parses arrays of numbers faster; `pkg/index.js`
/// turns them back into objects.
struct JsFindings<'a> {
    strings: Vec<&'a str>,
    rows: Vec<[Option<f64>; ROW]>,
}

impl<'a> JsFindings<'a> {
    fn new(fs: &'a [Finding]) -> JsFindings<'a> {
        let mut strings = Strings::new();
        let rows = fs.iter().map(|f| finding_row(f, &mut strings)).collect();
        JsFindings {
            strings: strings.list,
            rows,
        }
    }
}

/// Numbers the strings of finding rows: names (detector, kind, rule, action), texts
/// (replacements) and values (matched text, opted in: never interned).
trait Numbering<'a> {
    fn name(&mut self, x: &'a str) -> f64;
    fn text(&mut self, x: &'a str) -> f64;
    fn value(&mut self, x: &'a str) -> f64;
}

/// A stream's one table for all.
impl<'a> Numbering<'a> for Strings<'a> {
    fn name(&mut self, x: &'a str) -> f64 {
        self.id(x)
    }
    fn text(&mut self, x: &'a str) -> f64 {
        self.id(x)
    }
    fn value(&mut self, x: &'a str) -> f64 {
        self.push(x)
    }
}

/// A scan's: the guard's names, the scan's texts (see [`HEADER`]).
impl<'a> Numbering<'a> for (&mut Names, &mut Strings<'a>) {
    fn name(&mut self, x: &'a str) -> f64 {
        self.0.id(x)
    }
    fn text(&mut self, x: &'a str) -> f64 {
        self.1.id(x)
    }
    fn value(&mut self, x: &'a str) -> f64 {
        self.1.push(x)
    }
}

/// One finding as numbers: `[detector, kind, rule, action, start, end, outStart, outEnd,
/// replacement?, score?, value?]`, strings as numbered by `n`, offsets in UTF-16.
fn finding_row<'a>(f: &'a Finding, n: &mut impl Numbering<'a>) -> [Option<f64>; ROW] {
    [
        Some(n.name(f.detector)),
        Some(n.name(&f.kind)),
        Some(n.name(&f.rule)),
        Some(n.name(f.action.as_str())),
        Some(f.start16 as f64),
        Some(f.end16 as f64),
        Some(f.out_start16 as f64),
        Some(f.out_end16 as f64),
        f.replacement.as_deref().map(|x| n.text(x)),
        f.score,
        f.value.as_deref().map(|x| n.value(x)),
    ]
}

impl JsFindings<'_> {
    /// Appends `{"strings":[...],"rows":[[...],...]}`.
    fn write(&self, o: &mut String) {
        o.push_str("{\"strings\":");
        write_str_array(o, &self.strings);
        o.push_str(",\"rows\":[");
        for row in &self.rows {
            comma(o);
            o.push('[');
            let n = row.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
            for x in &row[..n] {
                comma(o);
                match x {
                    // whole numbers as integers (indexes, offsets); scores as they are
                    Some(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => {
                        o.push_str(&(*v as i64).to_string())
                    }
                    Some(v) => write_f64(o, *v),
                    None => o.push_str("null"),
                }
            }
            o.push(']');
        }
        o.push_str("]}");
    }
}

fn js_findings(fs: &[Finding]) -> JsFindings<'_> {
    JsFindings::new(fs)
}

struct JsSentiment {
    compound: f64,
    pos: f64,
    neu: f64,
    neg: f64,
    /// Flat: `start, end, compound` of each sentence in turn (half the JSON of objects);
    /// `pkg/index.js` makes the objects.
    sentences: Vec<f64>,
}

fn js_sentiment(r: &Option<TurnReport>) -> Option<JsSentiment> {
    r.as_ref().map(|r| JsSentiment {
        compound: r.scores.compound,
        pos: r.scores.pos,
        neu: r.scores.neu,
        neg: r.scores.neg,
        sentences: r
            .sentences
            .iter()
            .flat_map(|s| [s.start16 as f64, s.end16 as f64, s.compound])
            .collect(),
    })
}

/// How `scan` hands its result to JS: the numbers (finding rows, edits, sentence
/// triples) are `f64`s in the guard's `nums` buffer and a fixed header, which JS reads
/// through views, and the strings they index are UTF-8 in one blob that JS decodes once,
/// only when there are any. No number is formatted or parsed as text (on a 1 MB reply
/// with 15,000 sentences that JSON took longer to parse than the keyword scan), and a
/// clean short message crosses no string at all.
///
/// Strings come in two tables. *Names* (detector, kind, rule, action: a set the policy
/// bounds) are numbered once per guard, and each is sent once, in the scan that first
/// names it: JS keeps the table. *Texts* (replacements, and values when asked for) are
/// numbered per scan and sent with it; a text the scan names twice is sent once, except a
/// value (text a user controls is never interned with a map whose hash it could flood).
///
/// The header ([`HEADER`] numbers at `headerPtr`): verdict (0 allow, 1 redact, 2 block),
/// unchanged (1 when the sanitised text equals the input), findings, edits, has
/// sentiment, compound, pos, neu, neg, sentences, the address of the numbers, the address
/// and byte length of the blob, new names, texts, and (when there are edits) whether the
/// text holds U+FFFD: the character `TextEncoder` writes for a lone surrogate, so with none
/// JS need not look for lone surrogates in its text (see `applyEdits` in pkg/index.js).
///
/// The numbers: `findings` rows of [`ROW`] numbers (see [`JsFindings`]: names at 0 to 3,
/// texts at 8 and 10; an absent field is NaN), then `edits` triples `[start, end, text]`
/// (UTF-16 offsets in the input, the replacement's index in the texts; ascending), then
/// the sentence triples `[start, end, compound]`, then for each new name and then each
/// text, where it ends in the decoded blob (UTF-16 units): the blob is the new names, then
/// the texts, end to end.
const HEADER: usize = 16;

/// Numbers per finding row in the numeric buffer.
const ROW: usize = 11;

/// Interns strings for the `strings` table.
struct Strings<'a> {
    list: Vec<&'a str>,
    /// Made once the list is long (placeholders numbered per value): a scan usually names
    /// a handful of strings, found faster by a look along the list than by building a map.
    /// (FNV: short strings, where SipHash's setup dominated.)
    index: Option<std::collections::HashMap<&'a str, usize, crate::hash::Fnv>>,
}

/// Entries of [`Strings`] searched one by one before it makes its map.
const STRINGS_LINEAR: usize = 16;

impl<'a> Strings<'a> {
    fn new() -> Self {
        Strings {
            list: Vec::new(),
            index: None,
        }
    }

    /// The index of `x`, added if new. Only for strings from a small set (names, actions,
    /// replacements): the map's hash is not keyed, so text a user controls goes through
    /// [`Self::push`].
    fn id(&mut self, x: &'a str) -> f64 {
        let list = &mut self.list;
        if let Some(index) = &mut self.index {
            return *index.entry(x).or_insert_with(|| {
                list.push(x);
                list.len() - 1
            }) as f64;
        }
        // (a long mask is compared often: every overlong block's is the same)
        let same = |s: &str| crate::text::swar::equal(s.as_bytes(), x.as_bytes());
        if let Some(k) = list.iter().position(|&s| same(s)) {
            return k as f64;
        }
        list.push(x);
        if list.len() >= STRINGS_LINEAR {
            // (the first value of equal ones keeps its index, as the search gave it)
            let mut index = std::collections::HashMap::default();
            for (k, &s) in list.iter().enumerate() {
                index.entry(s).or_insert(k);
            }
            self.index = Some(index);
        }
        (list.len() - 1) as f64
    }

    /// Adds `x` (a matched value, opted in) without interning it: its index.
    fn push(&mut self, x: &'a str) -> f64 {
        self.list.push(x);
        (self.list.len() - 1) as f64
    }
}

/// The names a guard has sent to JS (see [`HEADER`]): detectors, kinds, rules and
/// actions, each numbered once for the guard's life. The policy bounds them, and their
/// hash is not keyed: only the policy's author chooses them.
#[derive(Default)]
struct Names {
    index: std::collections::HashMap<Box<str>, u32, crate::hash::Fnv>,
    /// The names numbered since the last scan's result, in order (JS adds them to its
    /// table).
    new: Vec<u32>,
    /// Every name, by number.
    list: Vec<Box<str>>,
    /// Where the last names looked up were (address, length) and their numbers. A
    /// finding's names are the compiled policy's own strings (or constants), at the same
    /// address scan after scan: found here by two comparisons, not by hashing the text.
    seen: [(usize, usize, u32); NAMES_SEEN],
    /// The entry of `seen` the next new address takes (round robin).
    next: usize,
}

/// Addresses [`Names`] remembers: a finding names four strings, a policy a few dozen.
const NAMES_SEEN: usize = 16;

impl Names {
    /// The number of `x`, numbered (and marked new) if it has none yet.
    fn id(&mut self, x: &str) -> f64 {
        let at = (x.as_ptr() as usize, x.len());
        let mut slot = self.next;
        if let Some(i) = self.seen.iter().position(|e| (e.0, e.1) == at) {
            // (an address can hold another string once the first is freed: confirmed, and
            // a stale entry is the one replaced)
            let k = self.seen[i].2;
            if self.list.get(k as usize).is_some_and(|n| **n == *x) {
                return f64::from(k);
            }
            slot = i;
        }
        let k = match self.index.get(x) {
            Some(&k) => k,
            None => {
                let k = self.list.len() as u32;
                self.list.push(x.into());
                self.index.insert(x.into(), k);
                self.new.push(k);
                k
            }
        };
        self.seen[slot] = (at.0, at.1, k);
        if slot == self.next {
            self.next = (self.next + 1) % NAMES_SEEN;
        }
        f64::from(k)
    }
}

struct JsChunkMeta<'a> {
    findings: JsFindings<'a>,
    verdict: &'a str,
    sentiment: Option<JsSentiment>,
}

impl JsChunkMeta<'_> {
    /// `{"findings":...,"verdict":"...","sentiment":{...}}` (no `sentiment` when absent).
    fn to_json(&self) -> String {
        let mut o = String::from("{");
        write_key(&mut o, "findings");
        self.findings.write(&mut o);
        write_key(&mut o, "verdict");
        write_str(&mut o, self.verdict);
        if let Some(s) = &self.sentiment {
            write_key(&mut o, "sentiment");
            o.push('{');
            for (k, v) in [
                ("compound", s.compound),
                ("pos", s.pos),
                ("neu", s.neu),
                ("neg", s.neg),
            ] {
                write_key(&mut o, k);
                write_f64(&mut o, v);
            }
            write_key(&mut o, "sentences");
            o.push('[');
            for &v in &s.sentences {
                comma(&mut o);
                write_f64(&mut o, v);
            }
            o.push_str("]}");
        }
        o.push('}');
        o
    }
}

/// The `unsupported` error of a build without sentiment (whose scorer is then left out).
fn no_sentiment() -> Error {
    Error::new(
        crate::error::ErrorCode::Unsupported,
        "",
        "this build has no sentiment scoring (the keywords-only package): use the full package",
    )
}

fn direction(d: &str) -> Result<Direction, JsValue> {
    Direction::parse(d).map_err(|e| js_error(&e))
}

/// The direction numbered `dir` (0 input, 1 output), or an error naming `what`.
fn dir_of(dir: u32, what: &str) -> Result<Direction, Error> {
    match dir {
        0 => Ok(Direction::Input),
        1 => Ok(Direction::Output),
        _ => Err(Error::new(
            crate::error::ErrorCode::InvalidArgument,
            "",
            format!("{what}: direction is 0 (input) or 1 (output)"),
        )),
    }
}

/// The first `len` bytes of `buf` as text, or an error naming `what` when `buf` is shorter
/// or they are not UTF-8 (never a read of other bytes).
fn utf8_prefix<'a>(buf: &'a [u8], len: usize, what: &str) -> Result<&'a str, Error> {
    match buf.get(..len).map(std::str::from_utf8) {
        Some(Ok(text)) => Ok(text),
        _ => Err(Error::new(
            crate::error::ErrorCode::InvalidArgument,
            "",
            format!("{what}: the buffer does not hold that much UTF-8"),
        )),
    }
}

/// The embedded default policy, as JSON text (what `new Guard()` compiles).
#[wasm_bindgen(js_name = defaultPolicyJson)]
pub fn default_policy_json() -> String {
    crate::policy::DEFAULT_POLICY_JSON.to_string()
}

/// The raw guard; `pkg/index.js` wraps it with type checks and parsed results.
#[wasm_bindgen(js_name = RawGuard)]
pub struct RawGuard {
    inner: Guard,
    /// The last `sentiment` scores, read by JS through a view on the wasm memory
    /// (`scoresPtr`): no allocation and no array copy per call.
    scores: Box<[f64; 4]>,
    /// The header and numbers of the last `scan` (see [`HEADER`]), read by JS through
    /// views.
    header: Box<[f64; HEADER]>,
    nums: Vec<f64>,
    /// The streams `scan` reuses from one message to the next.
    scratch: crate::ScanScratch,
    /// Where JS writes a short message's UTF-8 for `scanInput` (no allocation per call).
    input: Vec<u8>,
    /// Where JS writes a long text's UTF-8 for `scanText` or `sentimentText` (see
    /// `textBuffer`); freed by the call that reads it.
    text: Vec<u8>,
    /// The last scan's text, findings and sentiment: buffers reused by the next scan.
    out: Chunk,
    /// The names sent to JS (see [`HEADER`]).
    names: Names,
    /// The last scan's new names and texts, end to end (see [`HEADER`]).
    blob: String,
    /// The error of the last `scanInput` or `sentimentInput` that failed (`takeError`).
    error: Option<Error>,
}

/// The largest input buffer a guard keeps (`inputBuffer`); JS asks for 12 KB.
const MAX_INPUT_BUFFER: usize = 1 << 20;

#[wasm_bindgen(js_class = RawGuard)]
impl RawGuard {
    /// Compiles `policy_json`, or uses the embedded default policy when absent.
    #[wasm_bindgen(constructor)]
    pub fn new(policy_json: Option<String>) -> Result<RawGuard, JsValue> {
        let inner = match policy_json {
            None => Guard::default(),
            Some(j) => Guard::from_json(&j).map_err(|e| js_error(&e))?,
        };
        Ok(RawGuard::wrap(inner))
    }

    /// A new conversation on the same compiled policy (no recompilation).
    #[wasm_bindgen(js_name = newConversation)]
    pub fn new_conversation(&self) -> RawGuard {
        RawGuard::wrap(Guard::with_compiled(self.inner.compiled().clone()))
    }

    /// An independent copy of this conversation (placeholders, sentiment history).
    pub fn fork(&self) -> RawGuard {
        RawGuard::wrap(self.inner.fork())
    }

    /// The buffer `scanInput` reads, grown to hold at least `cap` bytes: its address
    /// (stable until the next call that grows it). At most [`MAX_INPUT_BUFFER`] bytes:
    /// longer texts go through `scan`.
    #[wasm_bindgen(js_name = inputBuffer)]
    pub fn input_buffer(&mut self, cap: usize) -> Result<usize, JsValue> {
        if cap > MAX_INPUT_BUFFER {
            return Err(js_error(&Error::new(
                crate::error::ErrorCode::InvalidArgument,
                "",
                format!("inputBuffer: at most {MAX_INPUT_BUFFER} bytes"),
            )));
        }
        if self.input.len() < cap {
            self.input.resize(cap, 0);
        }
        Ok(self.input.as_ptr() as usize)
    }

    /// `scan` on the first `len` bytes of the input buffer, where JS encoded the text
    /// (`TextEncoder.encodeInto`): a short message crosses with no allocation. `dir` is 0
    /// for input, 1 for output (a number: no string crosses per message). Returns 0, or 1
    /// when it did not scan: bytes that are not UTF-8 (JS wrote them wrong; never a scan
    /// of other text) or another direction; the error is then in `takeError`. (A number,
    /// not a `Result`: that crosses as two values, which V8 hands over in a new array.)
    #[wasm_bindgen(js_name = scanInput)]
    pub fn scan_input(&mut self, len: usize, dir: u32) -> u32 {
        let d = match dir_of(dir, "scanInput") {
            Ok(d) => d,
            Err(e) => return self.fail(e),
        };
        match self.with_input(len, "scanInput", |g, text| g.scan_str(text, d)) {
            Ok(()) => 0,
            Err(e) => self.fail(e),
        }
    }

    /// `sentiment` on the first `len` bytes of the input buffer (as `scanInput` reads
    /// them): a short text's scores with no string crossing. Returns 0, or 1 with the
    /// error in `takeError`, as `scanInput`.
    #[wasm_bindgen(js_name = sentimentInput)]
    pub fn sentiment_input(&mut self, len: usize) -> u32 {
        if !crate::HAS_SENTIMENT {
            return self.fail(no_sentiment());
        }
        match self.with_input(len, "sentimentInput", |g, text| g.score(text)) {
            Ok(()) => 0,
            Err(e) => self.fail(e),
        }
    }

    /// The buffer for one long text, for `scanText` or `sentimentText`, grown to `cap`
    /// bytes with its first `keep` kept: its address (stable until the next call that
    /// grows it). JS encodes a text of `n` UTF-16 units into `n` bytes (all it needs when
    /// it is ASCII), and when that was too short, grows it by 3 bytes per unit left. (A
    /// long text crosses this way, not as a wasm-bindgen string: that copies ASCII one
    /// character at a time in JS, 3 to 4 ms longer on 1 MB, measured.) An error, not an
    /// abort, when the memory cannot grow that far.
    #[wasm_bindgen(js_name = textBuffer)]
    pub fn text_buffer(&mut self, keep: usize, cap: usize) -> Result<usize, JsValue> {
        self.text.truncate(keep);
        if let Some(more) = cap.checked_sub(self.text.len()) {
            if self.text.try_reserve_exact(more).is_err() {
                self.text = Vec::new();
                return Err(js_error(&Error::new(
                    crate::error::ErrorCode::InvalidArgument,
                    "",
                    format!("textBuffer: no memory for a text of {cap} bytes"),
                )));
            }
            self.text.resize(cap, 0);
        }
        Ok(self.text.as_ptr() as usize)
    }

    /// `scan` on the first `len` bytes of the text buffer (`textBuffer`), where JS encoded
    /// a long text; frees the buffer. Returns 0, or 1 with the error in `takeError`, as
    /// `scanInput`.
    #[wasm_bindgen(js_name = scanText)]
    pub fn scan_text(&mut self, len: usize, dir: u32) -> u32 {
        let text = std::mem::take(&mut self.text);
        match dir_of(dir, "scanText").and_then(|d| Ok((d, utf8_prefix(&text, len, "scanText")?))) {
            Ok((d, t)) => {
                self.scan_str(t, d);
                0
            }
            Err(e) => self.fail(e),
        }
    }

    /// `sentiment` on the first `len` bytes of the text buffer, as `scanText` reads them;
    /// frees the buffer. Returns 0, or 1 with the error in `takeError`.
    #[wasm_bindgen(js_name = sentimentText)]
    pub fn sentiment_text(&mut self, len: usize) -> u32 {
        let text = std::mem::take(&mut self.text);
        if !crate::HAS_SENTIMENT {
            return self.fail(no_sentiment());
        }
        match utf8_prefix(&text, len, "sentimentText") {
            Ok(t) => {
                self.score(t);
                0
            }
            Err(e) => self.fail(e),
        }
    }

    /// The error of the last `scanInput` or `sentimentInput` that returned 1, as a JS
    /// `Error` (taken: `undefined` after).
    #[wasm_bindgen(js_name = takeError)]
    pub fn take_error(&mut self) -> JsValue {
        self.error
            .take()
            .map_or(JsValue::UNDEFINED, |e| js_error(&e))
    }
}

impl RawGuard {
    /// VADER scores of `text` into `scores`.
    fn score(&mut self, text: &str) {
        let s = self.inner.sentiment(text);
        *self.scores = [s.compound, s.pos, s.neu, s.neg];
    }

    /// Keeps `e` for `takeError`; returns 1 (what a failed call returns).
    fn fail(&mut self, e: Error) -> u32 {
        self.error = Some(e);
        1
    }

    /// `f` on the first `len` bytes of the input buffer, which must be UTF-8 (else an
    /// `invalid_argument` error naming `what`, never a read of other bytes).
    fn with_input<R>(
        &mut self,
        len: usize,
        what: &str,
        f: impl FnOnce(&mut RawGuard, &str) -> R,
    ) -> Result<R, Error> {
        let input = std::mem::take(&mut self.input);
        let r = utf8_prefix(&input, len, what).map(|text| f(self, text));
        self.input = input;
        r
    }

    /// A binding around `inner`, with empty buffers.
    fn wrap(inner: Guard) -> RawGuard {
        RawGuard {
            inner,
            scores: Box::default(),
            header: Box::new([0.0; HEADER]),
            nums: Vec::new(),
            scratch: Default::default(),
            input: Vec::new(),
            text: Vec::new(),
            out: Chunk::default(),
            names: Names::default(),
            blob: String::new(),
            error: None,
        }
    }

    /// Scans `text`: fills the header, the numbers and the blob (see [`HEADER`]).
    fn scan_str(&mut self, text: &str, d: Direction) {
        let r = &mut self.out;
        r.text.clear();
        r.findings.clear();
        r.sentiment = None;
        // (JS keeps its own text when nothing changes it: the core need not copy it)
        let decision = self.inner.scan_into(&mut self.scratch, text, d, r, false);
        let names = &mut self.names;
        names.new.clear();
        let mut texts = Strings::new();
        let nums = &mut self.nums;
        nums.clear();
        // (JS has read the last scan's numbers: a huge one's are given back now)
        nums.shrink_to(KEEP_BYTES / 8);
        nums.reserve(r.findings.len() * (ROW + 3));
        for f in &r.findings {
            // an absent field is NaN
            let row = finding_row(f, &mut (&mut *names, &mut texts));
            nums.extend(row.map(|x| x.unwrap_or(f64::NAN)));
        }
        // every finding that changed the text is one edit (flags and sentiment shifts
        // change nothing; resolved findings never overlap), and nothing else changes it
        let mut edits = 0;
        for f in &r.findings {
            if f.action != Action::Flag && f.detector != "sentiment" {
                let out = r.text.get(f.out_start..f.out_end).unwrap_or("");
                nums.extend_from_slice(&[f.start16 as f64, f.end16 as f64, texts.id(out)]);
                edits += 1;
            }
        }
        let mut turn = [0.0; 5];
        if let Some(t) = &r.sentiment {
            for x in &t.sentences {
                nums.extend_from_slice(&[x.start16 as f64, x.end16 as f64, x.compound]);
            }
            let s = &t.scores;
            turn = [s.compound, s.pos, s.neu, s.neg, t.sentences.len() as f64];
        }
        // the blob: new names, then texts, each one's end (in UTF-16 units) in the numbers
        let blob = &mut self.blob;
        blob.clear();
        if blob.capacity() > KEEP_BYTES {
            blob.shrink_to(KEEP_BYTES);
        }
        let mut end16 = 0usize;
        let new_names = names.new.iter().map(|&k| &*names.list[k as usize]);
        for x in new_names.chain(texts.list.iter().copied()) {
            blob.push_str(x);
            end16 += crate::text::utf16_len(x);
            nums.push(end16 as f64);
        }
        let unchanged = edits == 0;
        let verdict = match decision {
            Verdict::Allow => 0.0,
            Verdict::Redact => 1.0,
            Verdict::Block => 2.0,
        };
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        *self.header = [
            verdict,
            flag(unchanged),
            r.findings.len() as f64,
            edits as f64,
            flag(r.sentiment.is_some()),
            turn[0],
            turn[1],
            turn[2],
            turn[3],
            turn[4],
            nums.as_ptr() as usize as f64,
            blob.as_ptr() as usize as f64,
            blob.len() as f64,
            names.new.len() as f64,
            texts.list.len() as f64,
            flag(!unchanged && crate::text::swar::has_replacement(text.as_bytes())),
        ];
        if r.text.capacity() > KEEP_BYTES {
            r.text = String::new();
        }
        if r.findings.capacity() * std::mem::size_of::<Finding>() > KEEP_BYTES {
            r.findings = Vec::new();
        }
        r.sentiment = None; // its numbers are in `nums`
    }
}

#[wasm_bindgen(js_class = RawGuard)]
impl RawGuard {
    /// Where `scan` leaves its header (stable for the life of this guard).
    #[wasm_bindgen(js_name = headerPtr)]
    pub fn header_ptr(&self) -> usize {
        self.header.as_ptr() as usize
    }

    /// Where the last `sentiment` scores are, in the wasm memory (stable for the life of
    /// this guard).
    #[wasm_bindgen(js_name = scoresPtr)]
    pub fn scores_ptr(&self) -> usize {
        self.scores.as_ptr() as usize
    }

    /// Placeholders of this conversation back to their originals.
    pub fn restore(&self, text: &str) -> String {
        self.inner.restore(text)
    }

    /// The policy fingerprint.
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> String {
        self.inner.fingerprint().to_string()
    }

    /// A streaming session on this conversation.
    pub fn stream(&self, dir: &str) -> Result<RawStream, JsValue> {
        Ok(RawStream {
            inner: self.inner.stream(direction(dir)?),
            last_text: String::new(),
        })
    }
}

/// The raw stream; `pkg/index.js` wraps it.
#[wasm_bindgen(js_name = RawStream)]
pub struct RawStream {
    inner: Stream,
    last_text: String,
}

#[wasm_bindgen(js_class = RawStream)]
impl RawStream {
    /// Pushes a chunk; returns the findings JSON (`null` when there are none); the
    /// released text is in `takeText`.
    pub fn push(&mut self, chunk: &str) -> Result<Option<String>, JsValue> {
        let c = self.inner.push(chunk).map_err(|e| js_error(&e))?;
        Ok(self.meta(c))
    }

    /// Ends the stream; same return as `push`, with the text's sentiment.
    pub fn finish(&mut self) -> Result<Option<String>, JsValue> {
        let c = self.inner.finish().map_err(|e| js_error(&e))?;
        Ok(self.meta(c))
    }

    /// The text released by the last `push` or `finish`.
    #[wasm_bindgen(js_name = takeText)]
    pub fn take_text(&mut self) -> String {
        std::mem::take(&mut self.last_text)
    }

    /// `"allow"`, `"redact"` or `"block"` so far.
    #[wasm_bindgen(getter)]
    pub fn verdict(&self) -> String {
        self.inner.verdict().as_str().to_string()
    }

    fn meta(&mut self, c: Chunk) -> Option<String> {
        self.last_text = c.text;
        if c.findings.is_empty() && c.sentiment.is_none() {
            return None;
        }
        let meta = JsChunkMeta {
            findings: js_findings(&c.findings),
            verdict: self.inner.verdict().as_str(),
            sentiment: js_sentiment(&c.sentiment),
        };
        Some(meta.to_json())
    }
}

#[cfg(test)]
mod tests {
    use super::Names;

    /// Names are numbered by their text: a copy elsewhere gets the same number, and
    /// another text at an address already seen gets its own (the stale entry replaced).
    #[test]
    fn names_are_numbered_by_text_not_address() {
        let mut n = Names::default();
        let mut buf = String::from("alpha");
        assert_eq!(n.id(&buf), 0.0);
        assert_eq!(n.id(&String::from("alpha")), 0.0);
        let at = buf.as_ptr();
        buf.replace_range(.., "omega"); // the same address and length, another text
        assert_eq!(buf.as_ptr(), at);
        assert_eq!(n.id(&buf), 1.0);
        assert_eq!(n.id(&buf), 1.0);
        buf.replace_range(.., "alpha");
        assert_eq!(n.id(&buf), 0.0);
        assert_eq!(n.new, [0, 1]);
        assert_eq!(&*n.list[1], "omega");
    }
}
