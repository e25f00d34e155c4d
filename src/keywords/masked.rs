//! Masked words: a `*` inside a word standing for a hidden letter (`f*ck`, `sh*t`,
//! `a**hole`, `motherf*cker`).
//!
//! The automaton reads `*` as a separator (so `s*h*i*t` matches as spaced out); a letter
//! hidden behind it is matched here instead, word by word, beside the automaton:
//! - a *word* is the text between two ASCII separators other than `*` (a non-ASCII
//!   separator splits it further); its skeleton characters are read as the automaton reads
//!   them (case, diacritics, look-alikes, leetspeak), each `*` between two of them as one
//!   hidden character, and a `*` at either end is left out (`**bold**` is markdown);
//! - a part of the word matches a term, character for character on the term's own letters
//!   (`a**hole` is `asshole`), when it starts and ends with a letter it shows, holds at
//!   least one `*`, and shows at least two letters and at least as many as it hides
//!   (`f**k` matches, `f***` does not); the term's `*` ends and word mode apply as they
//!   do to the automaton's matches (a leet symbol at the word's edge counts as
//!   punctuation);
//! - an allow entry of the rule that matches the whole word cancels it (`sh*take`).
//!
//! Only words with a `*` are looked at: the scanner finds them eight bytes at a time, and
//! keeps the text of the current word (at most [`MAX_WORD_BYTES`]) from piece to piece.
//! Streamed, a word holds back from its start once a `*` shows in it, until it ends: the
//! letters before the `*` are a prefix of the term, which the automaton held already. A
//! longer word, or a term of more than [`MAX_CHARS`] characters, is not looked at.

use super::{KeywordMatch, KeywordSet, Pattern};
use crate::text::normalize::{normalize_char_dyn, Item, Kind};
use crate::text::swar;

/// The most characters of a word (and of a term) matched with hidden letters.
pub const MAX_CHARS: usize = 24;

/// The most bytes of a word kept from piece to piece (a longer word is not looked at).
pub const MAX_WORD_BYTES: usize = 96;

/// A term's characters, as it is matched against a word with hidden letters.
#[derive(Debug, Clone, Copy)]
struct Term {
    /// Its length, first and last character (see [`ends_key`]): the order of the index.
    key: u64,
    /// Where its characters start in [`Index::chars`].
    at: u32,
    len: u16,
    /// The pattern it was compiled from (rule, category, ends, allow).
    pattern: u32,
}

/// The key of the terms of `len` characters from `first` to `last`.
fn ends_key(len: usize, first: char, last: char) -> u64 {
    (len as u64) << 42 | u64::from(first) << 21 | u64::from(last)
}

/// The terms of a keyword set, sorted by length, first and last character (a sorted list,
/// not a map: no other hash table type in the wasm).
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    chars: Vec<char>,
    terms: Vec<Term>,
    /// Bit `n`: some term (not an allow entry) has `n` characters; of those, some may
    /// start inside a word (`*term`, or substring mode); some may end inside one.
    lengths: u32,
    free_start: u32,
    free_end: u32,
}

impl Index {
    /// Adds the term shape `chars` (runs written out: `ass`, not `as`) of pattern `p`
    /// (number `pattern`); a term too long or too short is left out.
    pub(super) fn add(&mut self, chars: &[char], pattern: u32, p: &Pattern) {
        if !(3..=MAX_CHARS).contains(&chars.len()) {
            return;
        }
        if !p.allow {
            let bit = 1 << chars.len();
            self.lengths |= bit;
            if !p.anchor_start {
                self.free_start |= bit;
            }
            if !p.anchor_end {
                self.free_end |= bit;
            }
        }
        self.terms.push(Term {
            key: ends_key(chars.len(), chars[0], chars[chars.len() - 1]),
            at: self.chars.len() as u32,
            len: chars.len() as u16,
            pattern,
        });
        self.chars.extend_from_slice(chars);
    }

    /// Sorts the terms for look-up once all are added.
    pub(super) fn built(&mut self) {
        crate::sort::sort_vec_by(&mut self.terms, |t| (t.key, u64::from(t.pattern)));
    }

    /// Whether there is no term to match.
    pub(super) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms of `len` characters from `first` to `last`.
    fn with_ends(&self, len: usize, first: char, last: char) -> &[Term] {
        let key = ends_key(len, first, last);
        let lo = self.terms.partition_point(|t| t.key < key);
        let hi = lo + self.terms[lo..].partition_point(|t| t.key == key);
        &self.terms[lo..hi]
    }

    /// Whether term `t` reads as `w` (a hidden character reads as anything).
    fn reads_as(&self, t: &Term, w: &[Char]) -> bool {
        let at = t.at as usize;
        self.chars[at..at + usize::from(t.len)]
            .iter()
            .zip(w)
            .all(|(&c, x)| x.hidden || x.ch == c)
    }
}

/// One character of a word: shown (its skeleton character and kind) or hidden (`*`).
#[derive(Debug, Clone, Copy)]
struct Char {
    ch: char,
    kind: Kind,
    hidden: bool,
    start: usize,
    end: usize,
}

/// The current word of a scan, kept from piece to piece.
#[derive(Debug, Clone, Default)]
pub(super) struct Scanner {
    /// Text of the current word so far (from just after the last ASCII separator other
    /// than `*`), when it is at most [`MAX_WORD_BYTES`].
    tail: String,
    /// Absolute offset of `tail`.
    tail_start: usize,
    /// The word outgrew [`MAX_WORD_BYTES`]: not looked at until it ends.
    overflow: bool,
    /// Where the current word holds back from, once it has a `*` (`None` before).
    hold: Option<usize>,
    /// The word's characters, scratch.
    word: Vec<Char>,
}

/// Whether ASCII byte `b` ends a word: a separator other than `*`.
#[inline]
fn ends_word(b: u8) -> bool {
    b < 0x80 && b != b'*' && crate::text::normalize::normalize_ascii(b).is_none()
}

/// The first `*` in `bytes`, eight bytes at a time.
pub(super) fn find_star(bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(w) = swar::load(bytes, i) {
        let m = swar::eq(w, b'*');
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| b == b'*').map(|k| i + k)
}

impl Scanner {
    /// Forgets the current word: the next starts at absolute offset `at`.
    pub(super) fn reset(&mut self, at: usize) {
        self.tail.clear();
        self.tail_start = at;
        self.overflow = false;
        self.hold = None;
    }

    /// Where the current word holds back from, if it has a `*`.
    pub(super) fn hold_from(&self) -> Option<usize> {
        self.hold
    }

    /// Feeds `text` (at absolute offset `base`; its first `*` at `star`): matches the words
    /// it ends that have a `*`, appending them to `out`. `floor`: the automaton's hold-back
    /// point before this text, when it has a `*` (text before it may have been released:
    /// the word never holds back further).
    // (its own function: the scanner's two loop instances call it)
    #[inline(never)]
    pub(super) fn feed(
        &mut self,
        set: &KeywordSet,
        text: &str,
        base: usize,
        star: Option<usize>,
        floor: usize,
        out: &mut Vec<KeywordMatch>,
    ) {
        let bytes = text.as_bytes();
        if star.is_none() && self.hold.is_none() {
            // nothing to match: only the word the text ends in is kept, looked for among
            // its last bytes (a text that is one long word is not walked back whole)
            let from = bytes.len().saturating_sub(MAX_WORD_BYTES + 1);
            match bytes[from..].iter().rposition(|&b| ends_word(b)) {
                Some(k) => {
                    self.reset(base + from + k + 1);
                    self.grow(&text[from + k + 1..], floor, false);
                }
                None if from == 0 => self.grow(text, floor, false),
                None => {
                    // longer than a word that is looked at
                    self.reset(base + bytes.len());
                    self.overflow = true;
                }
            }
            return;
        }
        let Some(last_end) = bytes.iter().rposition(|&b| ends_word(b)) else {
            // the whole text continues the current word
            self.grow(text, floor, star.is_some());
            return;
        };
        // a `*` here, or in the word that began before `text`: that word first
        let first_end = bytes.iter().position(|&b| ends_word(b)).unwrap_or(last_end);
        self.grow(
            &text[..first_end],
            floor,
            star.is_some_and(|s| s < first_end),
        );
        if let (Some(hold), false) = (self.hold, self.overflow) {
            let tail = std::mem::take(&mut self.tail);
            self.match_word(set, &tail, self.tail_start, hold, out);
            self.tail = tail;
        }
        // then each word with a `*` that `text` holds whole
        let mut from = first_end;
        while star.is_some() && from < last_end {
            let Some(k) = find_star(&bytes[from..last_end]) else {
                break;
            };
            let s = from + k;
            // (`bytes[first_end]` and `bytes[last_end]` end words: both are found)
            let start = bytes[..s]
                .iter()
                .rposition(|&b| ends_word(b))
                .map_or(0, |k| k + 1);
            let end = s + bytes[s..].iter().position(|&b| ends_word(b)).unwrap_or(0);
            if end - start <= MAX_WORD_BYTES {
                self.match_word(set, &text[start..end], base + start, base + start, out);
            }
            from = end;
        }
        // the word `text` ends in
        self.reset(base + last_end + 1);
        let rest = &text[last_end + 1..];
        self.grow(rest, floor, star.is_some() && rest.contains('*'));
    }

    /// `more` continues the current word; `star`: whether it holds a `*`.
    fn grow(&mut self, more: &str, floor: usize, star: bool) {
        if self.overflow {
            return;
        }
        if self.tail.len() + more.len() > MAX_WORD_BYTES {
            self.overflow = true;
            self.tail.clear();
            self.hold = None;
            return;
        }
        self.tail.push_str(more);
        if star && self.hold.is_none() {
            self.hold = Some(self.tail_start.max(floor));
        }
    }

    /// Ends the text: matches the last word if it has a `*`.
    pub(super) fn finish(&mut self, set: &KeywordSet, out: &mut Vec<KeywordMatch>) {
        if let (Some(hold), false) = (self.hold, self.overflow) {
            let tail = std::mem::take(&mut self.tail);
            self.match_word(set, &tail, self.tail_start, hold, out);
            self.tail = tail;
        }
        self.reset(self.tail_start);
    }

    /// Matches the words of `text` (at absolute offset `base`; no ASCII separator but `*`
    /// in it) against the terms, appending the matches to `out`; none starts before
    /// `floor`.
    fn match_word(
        &mut self,
        set: &KeywordSet,
        text: &str,
        base: usize,
        floor: usize,
        out: &mut Vec<KeywordMatch>,
    ) {
        let mut word = std::mem::take(&mut self.word);
        word.clear();
        for (i, c) in text.char_indices() {
            let (start, end) = (base + i, base + i + c.len_utf8());
            normalize_char_dyn(c, &mut |item| match item {
                Item::Skel(ch, kind) => word.push(Char {
                    ch,
                    kind,
                    hidden: false,
                    start,
                    end,
                }),
                Item::Sep if c == '*' => {
                    // (a `*` before the first letter is left out)
                    if !word.is_empty() {
                        word.push(Char {
                            ch: '*',
                            kind: Kind::Symbol,
                            hidden: true,
                            start,
                            end,
                        });
                    }
                }
                Item::Sep => {
                    match_chars(set, &mut word, floor, out);
                    word.clear();
                }
                Item::Extend => {
                    if let Some(last) = word.last_mut() {
                        last.end = end;
                    }
                }
            });
        }
        match_chars(set, &mut word, floor, out);
        word.clear();
        self.word = word;
    }
}

/// Matches one word's characters (a `*` at its end is dropped here) against the terms.
fn match_chars(set: &KeywordSet, word: &mut Vec<Char>, floor: usize, out: &mut Vec<KeywordMatch>) {
    while word.last().is_some_and(|c| c.hidden) {
        word.pop();
    }
    let w = &word[..];
    let n = w.len();
    if !(3..=MAX_CHARS).contains(&n) || !w.iter().any(|c| c.hidden) {
        return;
    }
    let index = &set.masked;
    let pattern = |t: &Term| -> &Pattern { &set.patterns[t.pattern as usize] };
    // the leading and trailing leet symbols count as punctuation
    let lead = w
        .iter()
        .take_while(|c| c.kind == Kind::Symbol && !c.hidden)
        .count();
    let trail = w
        .iter()
        .rev()
        .take_while(|c| c.kind == Kind::Symbol && !c.hidden)
        .count();
    // rules whose allow entries match the whole word
    let mut allowed: Vec<u16> = Vec::new();
    for t in index.with_ends(n, w[0].ch, w[n - 1].ch) {
        let p = pattern(t);
        if p.allow && index.reads_as(t, w) {
            allowed.push(p.rule);
        }
    }
    // (rule, start, end) of the matches made: one per rule and span
    let mut done: Vec<(u16, usize, usize)> = Vec::new();
    for p0 in 0..n {
        if w[p0].hidden {
            continue;
        }
        let (mut hidden, mut shown, mut digits) = (0usize, 0usize, 0usize);
        for q in p0 + 1..=n {
            let c = w[q - 1];
            if c.hidden {
                hidden += 1;
                continue;
            }
            shown += 1;
            digits += usize::from(c.kind == Kind::Digit);
            if q - p0 < 3 || hidden == 0 || shown < 2 || shown < hidden {
                continue;
            }
            // (no look-up for a length no term of the right kind has)
            let mut lengths = index.lengths;
            if p0 > lead {
                lengths &= index.free_start;
            }
            if q < n - trail {
                lengths &= index.free_end;
            }
            if lengths & 1 << (q - p0) == 0 {
                continue;
            }
            for t in index.with_ends(q - p0, w[p0].ch, c.ch) {
                let p = pattern(t);
                if p.allow || allowed.contains(&p.rule) {
                    continue;
                }
                if (p.anchor_start && p0 > lead) || (p.anchor_end && q < n - trail) {
                    continue;
                }
                if p.has_letter && digits == shown {
                    continue; // digits alone are not a word
                }
                if !index.reads_as(t, &w[p0..q]) {
                    continue;
                }
                // a `*term*` grows over the word, not over leet symbols at its ends
                let start = if p.extend_start {
                    w[p0.min(lead)].start
                } else {
                    w[p0].start
                };
                let end = if p.extend_end {
                    w[q.max(n - trail) - 1].end
                } else {
                    c.end
                };
                let span = (p.rule, start.max(floor), end);
                if done.contains(&span) {
                    continue;
                }
                done.push(span);
                out.push(KeywordMatch {
                    rule: usize::from(p.rule),
                    category: usize::from(p.category),
                    start: span.1,
                    end: span.2,
                });
            }
        }
    }
}
