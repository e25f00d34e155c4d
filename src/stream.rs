//! [`Stream`]: screen text that arrives in pieces (a model's reply, token by token).
//!
//! Every push feeds the new chunk through the detectors once, asks them for the earliest
//! byte a later chunk could still turn into a finding, and releases everything before it,
//! sanitised. The held-back tail is what could still become part of a match: for keywords
//! that is the longest live partial match in the automaton, usually a word or less. One-
//! shot scans ([`crate::Guard::scan`]) are a single push and a finish, so a stream fed
//! the same text in any chunks releases the same text with the same findings.
//!
//! ```
//! use chatguard::{Guard, Direction};
//! let guard = Guard::default();
//! let mut s = guard.stream(Direction::Output);
//! let mut shown = String::new();
//! for piece in ["what the f", "uu", "ck is this"] {
//!     shown += &s.push(piece).unwrap().text;
//! }
//! shown += &s.finish().unwrap().text;
//! assert_eq!(shown, "what the ***** is this");
//! assert!(s.push("more").is_err()); // closed
//! ```

use std::sync::{Arc, Mutex};

use crate::error::{Error, ErrorCode, Result};
use crate::guard::{lock, CompiledDirection, CompiledPolicy, Conversation, Finding, Verdict};
use crate::keywords::{KeywordMatch, KeywordScanner};
use crate::pii::{Hit, PiiScanner, Source, PII_BASE};
use crate::policy::{Action, Direction};
use crate::redact::{mask_into, resolve, Candidate};
use crate::sentiment::{SentenceTracker, Shift, ShiftReason};
use crate::text::{utf16_len, Utf16Mapper};

/// How often (in bytes of the whole stream) the hold-back is checked against its cap.
const CHECK_EVERY: usize = 256;

/// Text released by one [`Stream::push`] or [`Stream::finish`], with the findings that
/// became final with it. Spans are absolute: into the whole stream's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chunk {
    /// Newly released, sanitised text.
    pub text: String,
    /// Findings that became final.
    pub findings: Vec<Finding>,
    /// Sentiment of the whole text (on `finish`, when the policy scores sentiment).
    pub sentiment: Option<crate::sentiment::TurnReport>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Open,
    Finished,
}

/// A streaming session; see the module docs.
#[derive(Debug)]
pub struct Stream {
    compiled: Arc<CompiledPolicy>,
    conversation: Arc<Mutex<Conversation>>,
    direction: Direction,
    keywords: KeywordScanner,
    pii: PiiScanner,
    /// PII detections of the last feed, before they are turned into rule matches.
    hits: Vec<Hit>,
    /// Original text not released yet; `buf[0]` is at absolute byte `buf_start`.
    buf: String,
    buf_start: usize,
    buf_start16: usize,
    /// Bytes pushed so far.
    consumed: usize,
    /// Sanitised text released so far, in bytes and UTF-16 units.
    out_len: usize,
    out_len16: usize,
    /// Matches decided by the detectors, not yet resolved against their neighbours.
    decided: Vec<KeywordMatch>,
    state: State,
    verdict: Verdict,
    /// The whole text, kept for sentiment (scored on `finish`) when the policy scores it
    /// (`Some`); empty in a one-shot scan, whose caller's text is scored instead.
    full: Option<String>,
    /// Every edit applied so far, in both units, to place later findings in the output.
    edits: Vec<Edit16>,
    /// Sentences of the text so far (with `full`), scored as they complete.
    tracker: Option<SentenceTracker>,
    /// Sentence shifts already reported.
    emitted: usize,
    /// `decided[..straddle_from]` end at or before the hold point (which never moves
    /// back): the hold check skips them, so it stays cheap during one large push.
    straddle_from: usize,
    /// Placeholders issued before this stream began: only these are restored.
    vault_mark: usize,
    /// Lists [`Self::release`] fills and empties each time, kept for the next.
    scratch: ReleaseScratch,
}

/// The lists of one [`Stream::release`] (empty between releases): kept so that a
/// release with findings, as most chat messages with findings make one, allocates none.
#[derive(Debug, Default)]
struct ReleaseScratch {
    cands: Vec<Candidate<(KeywordMatch, Option<String>)>>,
    edits: Vec<Edit>,
    replacements: Vec<Option<String>>,
}

/// An applied edit in both units (absolute): input span -> output span.
#[derive(Debug, Clone, Copy)]
struct Edit16 {
    input: (usize, usize),
    input16: (usize, usize),
    output: (usize, usize),
    output16: (usize, usize),
}

/// Where input offset `x` (bytes) / `x16` (UTF-16) lands in the output, given all edits:
/// (bytes, UTF-16). Offsets inside an edit snap to its edges.
fn map_out_both(x: usize, x16: usize, edits: &[Edit16], is_end: bool) -> (usize, usize) {
    let i = edits.partition_point(|e| e.input.0 <= x);
    if i == 0 {
        return (x, x16);
    }
    let e = edits[i - 1];
    if x < e.input.1 {
        if is_end {
            (e.output.1, e.output16.1)
        } else {
            (e.output.0, e.output16.0)
        }
    } else {
        (
            e.output.1 + (x - e.input.1),
            e.output16.1 + (x16 - e.input16.1),
        )
    }
}

/// An edit applied by one release: input span -> output span (absolute, bytes and UTF-16
/// units). The UTF-16 fields are filled once the input offsets are mapped: the output's
/// come from the input's and the replacements' lengths, never from a pass over the output.
#[derive(Debug, Clone, Copy)]
struct Edit {
    in_start: usize,
    in_end: usize,
    out_start: usize,
    out_end: usize,
    /// Index of the edit's finding.
    finding: usize,
    /// The replacement's length in UTF-16 units.
    len16: usize,
    in_end16: usize,
    out_start16: usize,
    out_end16: usize,
}

/// At most this many bytes of text buffers survive a [`Stream::restart`] (and the
/// binding's reuse of its buffers between scans): one huge message's are given back
/// rather than pinned for the conversation's life.
pub(crate) const KEEP_BYTES: usize = 1 << 16;
/// At most this many items of lists survive a [`Stream::restart`].
pub(crate) const KEEP_ITEMS: usize = 1 << 10;

impl Stream {
    pub(crate) fn new(
        compiled: Arc<CompiledPolicy>,
        conversation: Arc<Mutex<Conversation>>,
        direction: Direction,
    ) -> Stream {
        let keywords = compiled.direction(direction).keywords.scanner();
        let pii = compiled.direction(direction).pii.scanner();
        let vault_mark = lock(&conversation).vault.len();
        Stream {
            vault_mark,
            conversation,
            direction,
            keywords,
            pii,
            hits: Vec::new(),
            buf: String::new(),
            buf_start: 0,
            buf_start16: 0,
            consumed: 0,
            out_len: 0,
            out_len16: 0,
            decided: Vec::new(),
            state: State::Open,
            verdict: Verdict::Allow,
            full: compiled.policy().sentiment.scored().then(String::new),
            edits: Vec::new(),
            tracker: compiled
                .policy()
                .sentiment
                .scored()
                .then(SentenceTracker::default),
            emitted: 0,
            straddle_from: 0,
            compiled,
            scratch: ReleaseScratch::default(),
        }
    }

    /// Makes this stream new again, as [`Guard::stream`](crate::Guard::stream) makes it,
    /// keeping its buffers: [`Guard::scan_with`](crate::Guard::scan_with) reuses one
    /// stream for message after message.
    pub fn restart(&mut self) {
        // every field is named, so a new one cannot be forgotten here
        let Stream {
            compiled,
            conversation,
            direction: _,
            keywords,
            pii,
            hits,
            buf,
            buf_start,
            buf_start16,
            consumed,
            out_len,
            out_len16,
            decided,
            state,
            verdict,
            full,
            edits,
            tracker,
            emitted,
            straddle_from,
            vault_mark,
            scratch,
        } = self;
        let sentiment = compiled.policy().sentiment.scored();
        keywords.restart();
        pii.restart();
        // what one huge message grew is given back, not kept for the conversation's life
        hits.clear();
        hits.shrink_to(KEEP_ITEMS);
        buf.clear();
        buf.shrink_to(KEEP_BYTES);
        *buf_start = 0;
        *buf_start16 = 0;
        *consumed = 0;
        *out_len = 0;
        *out_len16 = 0;
        decided.clear();
        decided.shrink_to(KEEP_ITEMS);
        *state = State::Open;
        *verdict = Verdict::Allow;
        match full {
            Some(f) if sentiment => {
                f.clear();
                f.shrink_to(KEEP_BYTES);
            }
            _ => *full = sentiment.then(String::new),
        }
        edits.clear();
        edits.shrink_to(KEEP_ITEMS);
        match tracker {
            Some(t) if sentiment => t.reset(),
            _ => *tracker = sentiment.then(SentenceTracker::default),
        }
        *emitted = 0;
        *straddle_from = 0;
        *vault_mark = lock(conversation).vault.len();
        // (empty already: only their room is kept, within the usual bound)
        scratch.cands.shrink_to(KEEP_ITEMS);
        scratch.edits.shrink_to(KEEP_ITEMS);
        scratch.replacements.shrink_to(KEEP_ITEMS);
    }

    /// Whether this stream screens `direction` of the conversation `conversation` with
    /// `compiled` (then [`Self::restart`] makes it as good as a new one from that guard).
    pub(crate) fn is_of(
        &self,
        compiled: &Arc<CompiledPolicy>,
        conversation: &Arc<Mutex<Conversation>>,
        direction: Direction,
    ) -> bool {
        Arc::ptr_eq(&self.compiled, compiled)
            && Arc::ptr_eq(&self.conversation, conversation)
            && self.direction == direction
    }

    /// The direction this stream screens.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// The verdict so far (final after [`finish`](Self::finish)).
    pub fn verdict(&self) -> Verdict {
        self.verdict
    }

    /// Bytes pushed but not released yet.
    pub fn held_bytes(&self) -> usize {
        self.buf.len()
    }

    /// Feeds a chunk; returns the text that is now final. Errors after `finish`.
    pub fn push(&mut self, chunk: &str) -> Result<Chunk> {
        let mut out = Chunk::default();
        self.push_into(chunk, &mut out)?;
        Ok(out)
    }

    /// [`Self::push`], appending what it releases to `out` (whose buffers a caller can
    /// reuse); on an error `out` is unchanged.
    pub(crate) fn push_into(&mut self, chunk: &str, out: &mut Chunk) -> Result<()> {
        if self.state != State::Open {
            return Err(Error::new(
                ErrorCode::InvalidState,
                "",
                "push after finish: this stream is closed",
            ));
        }
        self.feed(chunk, false);
        let compiled = self.compiled.clone();
        let hold = self.hold_from(compiled.direction(self.direction));
        self.release(hold, out);
        self.track_sentences(out);
        Ok(())
    }

    /// A whole text at once, as [`Self::push_into`] then [`Self::finish_into`] would
    /// screen it, on an open stream nothing was pushed to: the same text and findings,
    /// with one release (nothing is shown before the end, so nothing is released
    /// before it) and the sentences tracked once, at the end. `clean_text`: whether to
    /// append the text when nothing changes it (false for a caller that has it).
    pub(crate) fn whole_into(&mut self, text: &str, out: &mut Chunk, clean_text: bool) {
        debug_assert!(self.state == State::Open && self.consumed == 0);
        self.feed(text, true);
        let _ = self.finish_with(out, Some(text), clean_text);
    }

    /// Runs the detectors over a chunk and holds it (nothing is released). `last`: the
    /// whole text, the stream finishing right after (the keyword scanner may then skip
    /// state that nothing else would read, and the text is held only if the release
    /// needs it: see [`Self::finish_with`]).
    fn feed(&mut self, chunk: &str, last: bool) {
        let compiled = self.compiled.clone();
        let dir = compiled.direction(self.direction);
        let set = &dir.keywords;
        // (a whole text, `last`, is scored from the caller's copy: see `finish_with`)
        if let (Some(full), false) = (&mut self.full, last) {
            full.push_str(chunk);
        }
        if !last {
            self.buf.push_str(chunk);
        }
        if dir.is_empty() {
            self.consumed += chunk.len();
            return;
        }
        // feed in pieces that end at the check points: the first character boundary at or
        // after each multiple of CHECK_EVERY in the whole stream, whatever the chunking
        let cap = compiled.policy().max_hold_bytes;
        let mut at = 0;
        while at < chunk.len() {
            let abs = self.consumed;
            let mut mark = (abs / CHECK_EVERY + 1) * CHECK_EVERY;
            // The held point never moves back, so a check at a mark `m` (done at most 3
            // bytes past it, on a character boundary) finds at most `m + 3 - held` bytes
            // held, `held` as of now: the marks where that is within the cap cannot fire,
            // and the piece runs past them (the same cuts as checking at every mark). A
            // chunk that ends before the next mark meets no check: the held point is not
            // asked for (most pushes of a stream, most chat messages).
            let reaches = abs + (chunk.len() - at) >= mark;
            let held = if reaches { self.held_from(dir) } else { 0 };
            let limit = held.saturating_add(cap).saturating_sub(3);
            if reaches && limit >= mark {
                mark = (limit / CHECK_EVERY + 1) * CHECK_EVERY;
            }
            let mut end = (at + (mark - abs)).min(chunk.len());
            while end < chunk.len() && !chunk.is_char_boundary(end) {
                end += 1;
            }
            // the last piece, when no hold check follows it (none reads the skipped state)
            let last_piece = last && end == chunk.len() && abs + (end - at) < mark;
            if !set.is_empty() {
                let piece = &chunk[at..end];
                if last_piece {
                    self.keywords.feed_last(set, piece, abs, &mut self.decided);
                } else {
                    self.keywords.feed(set, piece, abs, &mut self.decided);
                }
            }
            if !dir.pii.is_empty() {
                self.pii
                    .feed(&dir.pii, &chunk[at..end], abs, &mut self.hits);
                self.take_hits(dir);
            }
            self.consumed += end - at;
            debug_assert!(
                last_piece || !reaches || self.held_from(dir) >= held,
                "the held point moved back"
            );
            if self.consumed >= mark {
                self.check_hold(dir, cap);
            }
            at = end;
        }
    }

    /// The earliest byte a later chunk could still make part of a match, over all
    /// detectors.
    fn hold_from(&self, dir: &crate::guard::CompiledDirection) -> usize {
        let mut h = self.consumed;
        if !dir.keywords.is_empty() {
            h = h.min(self.keywords.hold_from(&dir.keywords));
        }
        if !dir.pii.is_empty() {
            h = h.min(self.pii.hold_from());
        }
        h
    }

    /// Turns the PII detections of the last feed into matches, one per rule covering it.
    fn take_hits(&mut self, dir: &crate::guard::CompiledDirection) {
        for (src, start, end) in self.hits.drain(..) {
            match src {
                Source::Kind(k) => {
                    for &rule in &dir.kind_rules[k as usize] {
                        self.decided.push(KeywordMatch {
                            rule,
                            category: PII_BASE + k as usize,
                            start,
                            end,
                        });
                    }
                }
                Source::Regex(i) => self.decided.push(KeywordMatch {
                    rule: dir.regex_rules[i],
                    category: crate::guard::REGEX_BASE + i,
                    start,
                    end,
                }),
            }
        }
    }

    /// The first byte the stream holds: the detectors' hold point, or the start of a
    /// decided match that straddles it. It never moves back.
    fn held_from(&mut self, dir: &crate::guard::CompiledDirection) -> usize {
        let hold = self.hold_from(dir);
        // decided matches that straddle the hold point are held too
        while self
            .decided
            .get(self.straddle_from)
            .is_some_and(|m| m.end <= hold)
        {
            self.straddle_from += 1;
        }
        self.decided[self.straddle_from..]
            .iter()
            .filter(|m| m.end > hold)
            .map(|m| m.start)
            .fold(hold, usize::min)
    }

    /// Fails closed when the held text is longer than the policy allows: it becomes an
    /// `overlong` finding (masked; it outranks anything it overlaps) and matching restarts.
    fn check_hold(&mut self, dir: &crate::guard::CompiledDirection, cap: usize) {
        let set = &dir.keywords;
        let start = self.held_from(dir);
        if self.consumed - start > cap {
            self.decided.push(KeywordMatch {
                rule: dir.overlong_rule(),
                category: set.overlong_category(),
                start,
                end: self.consumed,
            });
            self.keywords.reset(self.consumed);
            self.pii.reset(self.consumed);
        }
    }

    /// Ends the stream: releases the rest. The stream is closed afterwards.
    pub fn finish(&mut self) -> Result<Chunk> {
        let mut out = Chunk::default();
        self.finish_into(&mut out)?;
        Ok(out)
    }

    /// [`Self::finish`], appending what it releases to `out`; on an error `out` is
    /// unchanged.
    pub(crate) fn finish_into(&mut self, chunk: &mut Chunk) -> Result<()> {
        self.finish_with(chunk, None, true)
    }

    /// [`Self::finish_into`]; `whole`: the text [`Self::whole_into`] fed, not held yet (it
    /// is held now, unless nothing is released). `clean_text` false: when no match changes
    /// that text, nothing is released (the caller has the text, and no release follows
    /// to need the counts).
    fn finish_with(
        &mut self,
        chunk: &mut Chunk,
        whole: Option<&str>,
        clean_text: bool,
    ) -> Result<()> {
        if self.state != State::Open {
            return Err(Error::new(
                ErrorCode::InvalidState,
                "",
                "finish called twice: this stream is closed",
            ));
        }
        let compiled = self.compiled.clone();
        let dir = compiled.direction(self.direction);
        let set = &dir.keywords;
        if !set.is_empty() {
            self.keywords.finish(set, &mut self.decided);
        }
        if !dir.pii.is_empty() {
            self.pii.finish(&dir.pii, &mut self.hits);
            self.take_hits(dir);
        }
        self.state = State::Finished;
        // (nothing to apply to a text its caller has: nothing to hold or release)
        if clean_text || !self.decided.is_empty() {
            if let Some(text) = whole {
                self.buf.push_str(text);
            }
            self.release(self.consumed, chunk);
        }
        // (a one-shot scan's text is the caller's: `feed` kept no copy of it)
        if let (true, Some(full), Some(tracker)) = (
            crate::HAS_SENTIMENT,
            self.full.as_deref().map(|f| whole.unwrap_or(f)),
            self.tracker.as_mut(),
        ) {
            let settings = &compiled.policy().sentiment;
            tracker.feed(full, true, settings);
            let emitted = self.emitted;
            let report = lock(&self.conversation).sentiment.evaluate_turn(
                full,
                self.direction,
                settings,
                tracker,
            );
            // turn-level shifts, and the sentence shifts not reported during the stream
            let mut sentence_seen = 0;
            let rest: Vec<Shift> = report
                .shifts
                .iter()
                .filter(|s| {
                    if s.reason != ShiftReason::Sentence {
                        return true;
                    }
                    sentence_seen += 1;
                    sentence_seen > emitted
                })
                .copied()
                .collect();
            let findings: Vec<Finding> = rest.iter().map(|s| self.shift_finding(s)).collect();
            chunk.findings.extend(findings);
            chunk.sentiment = Some(report);
        }
        Ok(())
    }

    /// A sentiment shift as a finding (spans in both texts and both units).
    fn shift_finding(&mut self, s: &Shift) -> Finding {
        let settings = &self.compiled.policy().sentiment;
        if settings.action == Action::Block {
            self.verdict = Verdict::Block;
        }
        let (out_start, out_start16) = map_out_both(s.start, s.start16, &self.edits, false);
        let (out_end, out_end16) = map_out_both(s.end, s.end16, &self.edits, true);
        Finding {
            detector: "sentiment",
            kind: "sentiment_shift".into(),
            rule: s.reason.rule().into(),
            action: settings.action,
            start: s.start,
            end: s.end,
            start16: s.start16,
            end16: s.end16,
            out_start,
            out_end,
            out_start16,
            out_end16,
            replacement: None,
            score: Some(s.score),
            value: None,
        }
    }

    /// Scores the sentences the stream has completed, and reports their shifts once their
    /// text is released and the text is long enough to be checked (`minChars`). They never
    /// hold text back; they may arrive after the text they describe.
    fn track_sentences(&mut self, chunk: &mut Chunk) {
        // without the feature there is nothing to track (and the scorer is left out)
        let Some(full) = self.full.as_deref().filter(|_| crate::HAS_SENTIMENT) else {
            return;
        };
        let Some(tracker) = self.tracker.as_mut() else {
            return;
        };
        let settings = &self.compiled.policy().sentiment;
        tracker.feed(full, false, settings);
        if !settings.checks(self.direction) || tracker.chars() < settings.min_chars {
            return;
        }
        let ready: Vec<Shift> = tracker.shifts[self.emitted..]
            .iter()
            .take_while(|s| s.end <= self.buf_start)
            .copied()
            .collect();
        self.emitted += ready.len();
        for s in &ready {
            let f = self.shift_finding(s);
            chunk.findings.push(f);
        }
    }

    /// Resolves and applies every decided match that nothing later can overlap, and
    /// releases the text up to `hold` (or less, to keep open matches whole), appending it
    /// and its findings to `chunk`.
    fn release(&mut self, hold: usize, chunk: &mut Chunk) {
        // the boundary: no decided match may straddle it
        let mut b = hold;
        loop {
            let before = b;
            for m in &self.decided {
                if m.start < b && m.end > b {
                    b = m.start;
                }
            }
            if b == before {
                break;
            }
        }
        if b <= self.buf_start && self.decided.is_empty() {
            return;
        }
        if self.decided.is_empty() {
            // nothing to apply (most chat messages): the text goes out as it is
            let text = &self.buf[..b - self.buf_start];
            let n16 = utf16_len(text);
            chunk.text.push_str(text);
            self.buf_start16 += n16;
            self.out_len += text.len();
            self.out_len16 += n16;
            self.buf.drain(..b - self.buf_start);
            self.buf_start = b;
            return;
        }
        let compiled = self.compiled.clone();
        let dir = compiled.direction(self.direction);
        let ReleaseScratch {
            cands,
            edits,
            replacements,
        } = &mut self.scratch;
        let bs0 = self.buf_start;
        let overlong_rule = dir.overlong_rule();
        let escape_rule = dir.escape_rule();
        let vault_mark = self.vault_mark;
        {
            let conv = lock(&self.conversation);
            let buf = &self.buf;
            self.decided.retain(|m| {
                if m.end > b {
                    return true;
                }
                let action = dir.rules[m.rule].action;
                let text = &buf[m.start - bs0..m.end - bs0];
                // placeholders: only those this conversation issued are restored, and only
                // look-alikes of labels this direction issues are escaped
                let special = if m.category == PII_BASE + crate::pii::PiiKind::Placeholder as usize
                {
                    if m.rule == escape_rule {
                        match escape_placeholder(text, &dir.labels) {
                            Some(r) => Some(r),
                            None => return false,
                        }
                    } else {
                        match conv.vault.lookup_issued_before(text, vault_mark) {
                            Some(v) => Some(v.to_string()),
                            None => return false,
                        }
                    }
                } else {
                    None
                };
                cands.push(Candidate {
                    start: m.start,
                    end: m.end,
                    action,
                    priority: if m.rule == overlong_rule {
                        u8::MAX
                    } else {
                        action.strength()
                    },
                    // (rules and categories past 4095 tie with the 4095th)
                    tie: ((m.rule.min(4095) as u32) << 12) | m.category.min(4095) as u32,
                    data: (*m, special),
                });
                false
            });
        }
        self.straddle_from = 0; // `decided` changed
        resolve(cands);
        let resolved = &*cands;

        let bs = self.buf_start;
        let policy = compiled.policy();
        // what this release writes is `out[base..]`
        let out = &mut chunk.text;
        let base = out.len();
        out.reserve(b - bs + 16);
        let mut cursor = bs;
        for c in resolved {
            if c.action == Action::Flag {
                replacements.push(None);
                continue;
            }
            out.push_str(&self.buf[cursor - bs..c.start - bs]);
            let out_start = self.out_len + (out.len() - base);
            let original = &self.buf[c.start - bs..c.end - bs];
            let (m, special) = &c.data;
            let rule = &dir.rules[m.rule];
            let replacement = match (c.action, special) {
                // (masking, most findings, here; the other actions in their own function,
                // compiled only when a scan first needs them: see `replacement_into`)
                (Action::Mask | Action::Block, None) if rule.keep_last.is_none() => {
                    mask_into(out, original, policy.mask_char);
                    None
                }
                (action, special) => replacement_into(
                    out,
                    action,
                    special.as_deref(),
                    (dir, m.rule, m.category, policy.mask_char),
                    original,
                    &self.conversation,
                ),
            };
            replacements.push(replacement);
            self.verdict = match c.action {
                Action::Block => Verdict::Block,
                _ if self.verdict == Verdict::Block => Verdict::Block,
                // restoring puts the user's own text back: nothing was redacted
                Action::Restore => self.verdict,
                _ => Verdict::Redact,
            };
            edits.push(Edit {
                in_start: c.start,
                in_end: c.end,
                out_start,
                out_end: self.out_len + (out.len() - base),
                finding: replacements.len() - 1,
                len16: utf16_len(&out[base + (out_start - self.out_len)..]),
                in_end16: 0,
                out_start16: 0,
                out_end16: 0,
            });

            cursor = c.end;
        }
        out.push_str(&self.buf[cursor - bs..b - bs]);

        // spans: UTF-16 offsets of the input in one ascending pass over the released text
        // (which also gives its length); output offsets in both units follow from them
        // and the edits, with no pass over the output
        // (straight into the chunk's list: no list of the release's own)
        let first = chunk.findings.len();
        chunk
            .findings
            .extend(
                resolved
                    .iter()
                    .zip(replacements.drain(..))
                    .map(|(c, replacement)| {
                        let rule = &dir.rules[c.data.0.rule];
                        Finding {
                            detector: rule.detector.as_str(),
                            kind: dir.kind(c.data.0.category),
                            rule: rule.id.clone(),
                            action: c.action,
                            start: c.start,
                            end: c.end,
                            start16: 0,
                            end16: 0,
                            out_start: 0,
                            out_end: 0,
                            out_start16: 0,
                            out_end16: 0,
                            replacement,
                            score: None,
                            value: policy
                                .include_matched_text
                                .then(|| self.buf[c.start - bs..c.end - bs].to_string()),
                        }
                    }),
            );
        let findings = &mut chunk.findings[first..];
        let released16 = map_utf16(
            findings,
            &self.buf[..b - bs],
            bs,
            self.buf_start16,
            b,
            |f| (&mut f.start, &mut f.start16),
            |f| (&mut f.end, &mut f.end16),
        );
        let (mut in16, mut out16) = (self.buf_start16, self.out_len16);
        for e in edits.iter_mut() {
            let f = &findings[e.finding];
            e.in_end16 = f.end16;
            e.out_start16 = out16 + (f.start16 - in16);
            e.out_end16 = e.out_start16 + e.len16;
            (in16, out16) = (e.in_end16, e.out_end16);
        }
        let bases = (bs, self.buf_start16, self.out_len, self.out_len16);
        for f in findings.iter_mut() {
            (f.out_start, f.out_start16) = map_out(f.start, f.start16, edits, bases, false);
            (f.out_end, f.out_end16) = map_out(f.end, f.end16, edits, bases, true);
        }

        if self.full.is_some() {
            for f in findings.iter().filter(|f| f.action != Action::Flag) {
                self.edits.push(Edit16 {
                    input: (f.start, f.end),
                    input16: (f.start16, f.end16),
                    output: (f.out_start, f.out_end),
                    output16: (f.out_start16, f.out_end16),
                });
            }
        }
        self.buf_start16 = released16;
        self.buf.drain(..b - bs);
        self.buf_start = b;
        self.out_len += out.len() - base;
        self.out_len16 = out16 + (released16 - in16);
        cands.clear();
        edits.clear();
    }
}

/// Writes what a finding with `action` puts in place of `original` into `out`, other
/// than a plain mask (see [`Stream::release`]): a restored or escaped placeholder
/// (`special`), a mask keeping a tail, a rule's replacement, a label in brackets or a new
/// placeholder. Returns the replacement a finding reports. Out of line: a scan that only
/// masks never runs it, so the engine never compiles it (WASM compiles each function at
/// its first call).
#[inline(never)]
fn replacement_into(
    out: &mut String,
    action: Action,
    special: Option<&str>,
    (dir, rule, category, mask_char): (&CompiledDirection, usize, usize, char),
    original: &str,
    conversation: &Mutex<Conversation>,
) -> Option<String> {
    let rule = &dir.rules[rule];
    if let Some(r) = special {
        // a restored original is the user's own text: not reported back in findings
        out.push_str(r);
        return (action != Action::Restore).then(|| r.to_string());
    }
    match action {
        Action::Mask | Action::Block => {
            match rule.keep_last {
                Some(n) => mask_keep_last(out, original, mask_char, n),
                None => mask_into(out, original, mask_char),
            }
            None
        }
        Action::Replace => {
            out.push_str(&rule.replacement);
            Some(rule.replacement.clone())
        }
        Action::Redact => {
            let r = format!("[{}]", dir.label(category));
            out.push_str(&r);
            Some(r)
        }
        Action::Placeholder => {
            let p = lock(conversation)
                .vault
                .placeholder(&dir.label(category), original);
            out.push_str(&p);
            Some(p)
        }
        Action::Flag | Action::Restore => None,
    }
}

/// Where input offset `x` (bytes; `x16` in UTF-16 units) lands in the output, given the
/// edits applied before it, in both units. `bases` are the absolute offsets where the
/// released input and output begin: (input bytes, input UTF-16, output bytes, output
/// UTF-16). An end offset maps through the last edit that starts *before* it (so at the
/// seam of two adjacent edits it is the first one's end), a start offset through the last
/// edit that starts at or before it; offsets inside an edit snap to its edges.
fn map_out(
    x: usize,
    x16: usize,
    edits: &[Edit],
    bases: (usize, usize, usize, usize),
    is_end: bool,
) -> (usize, usize) {
    let i = if is_end {
        edits.partition_point(|e| e.in_start < x)
    } else {
        edits.partition_point(|e| e.in_start <= x)
    };
    if i == 0 {
        let (in_base, in_base16, out_base, out_base16) = bases;
        return (out_base + (x - in_base), out_base16 + (x16 - in_base16));
    }
    let e = edits[i - 1];
    if is_end && x <= e.in_end {
        (e.out_end, e.out_end16)
    } else if !is_end && x < e.in_end {
        (e.out_start, e.out_start16)
    } else {
        (e.out_end + (x - e.in_end), e.out_end16 + (x16 - e.in_end16))
    }
}

/// Masks the letters and digits of `original` except the last `keep`, keeping every
/// other character (`4111 1111 1111 1111` -> `**** **** **** 1111`).
fn mask_keep_last(out: &mut String, original: &str, mask: char, keep: usize) {
    let total = original.chars().filter(|c| c.is_alphanumeric()).count();
    let mut seen = 0;
    for c in original.chars() {
        if c.is_alphanumeric() {
            seen += 1;
            if seen + keep > total {
                out.push(c);
            } else {
                out.push(mask);
            }
        } else {
            out.push(c);
        }
    }
}

/// The escaped form of a typed placeholder look-alike (`[EMAIL_1]` -> `[EMAIL-1]`), when
/// its label is one this direction issues.
fn escape_placeholder(text: &str, labels: &std::collections::HashSet<String>) -> Option<String> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    let u = inner.rfind('_')?;
    if !labels.contains(&inner[..u].to_ascii_uppercase()) {
        return None;
    }
    Some(format!("[{}-{}]", &inner[..u], &inner[u + 1..]))
}

/// Fills the UTF-16 fields of findings from their byte fields, in one pass over `text`,
/// and returns the UTF-16 offset of absolute byte `end` (at or after every finding).
fn map_utf16(
    findings: &mut [Finding],
    text: &str,
    base: usize,
    base16: usize,
    end: usize,
    start: impl Fn(&mut Finding) -> (&mut usize, &mut usize),
    end_of: impl Fn(&mut Finding) -> (&mut usize, &mut usize),
) -> usize {
    let mut m = Utf16Mapper::new(text, base, base16);
    if !findings.is_empty() {
        // (offset, finding, 0 for its start or 1 for its end), in offset order
        let mut points: Vec<(u64, u64, u32)> = Vec::with_capacity(findings.len() * 2);
        for (i, f) in findings.iter_mut().enumerate() {
            points.push((*start(f).0 as u64, i as u64, 0));
            points.push((*end_of(f).0 as u64, i as u64, 1));
        }
        for (off, i, is_end) in crate::sort::sort_keys(points) {
            let u = m.map(off as usize);
            let f = &mut findings[i as usize];
            if is_end == 1 {
                *end_of(f).1 = u;
            } else {
                *start(f).1 = u;
            }
        }
    }
    m.map(end)
}
