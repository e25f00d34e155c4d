//! Abrupt sentiment changes: across the turns of a conversation and inside one text.
//! See [`crate::policy::SentimentPolicy`] for what triggers.

use super::vader::{polarity_scores, Scores, Tokenized};
use crate::policy::{Direction, SentimentPolicy};
use crate::text::{swar, utf16_len};

/// A sentence's byte span and compound score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentenceScore {
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Start in UTF-16 code units.
    pub start16: usize,
    /// End in UTF-16 code units.
    pub end16: usize,
    /// VADER compound score of the sentence.
    pub compound: f64,
}

/// Why a shift was reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftReason {
    /// The turn moved from the previous turn in the same direction.
    Turn,
    /// The turn moved from the smoothed baseline of its direction.
    Baseline,
    /// The turn is at or below the floor.
    Floor,
    /// A sentence moved from the previous sentence of the same text.
    Sentence,
}

impl ShiftReason {
    /// The rule name reported in findings (`sentiment.turn`, ...).
    pub fn rule(self) -> &'static str {
        match self {
            ShiftReason::Turn => "sentiment.turn",
            ShiftReason::Baseline => "sentiment.baseline",
            ShiftReason::Floor => "sentiment.floor",
            ShiftReason::Sentence => "sentiment.sentence",
        }
    }
}

/// One detected shift: a byte span of the text and the signed change (or the score, for
/// the floor).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shift {
    /// Why.
    pub reason: ShiftReason,
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// Start in UTF-16 code units.
    pub start16: usize,
    /// End in UTF-16 code units.
    pub end16: usize,
    /// The change (new minus old), or the score for [`ShiftReason::Floor`].
    pub score: f64,
}

/// Sentiment of one text: its scores, its sentences' scores, and the shifts it makes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TurnReport {
    /// Scores of the whole text.
    pub scores: Scores,
    /// Scores of each sentence, in order.
    pub sentences: Vec<SentenceScore>,
    /// Detected shifts.
    pub shifts: Vec<Shift>,
}

/// Turn history of one conversation, per direction.
#[derive(Debug, Clone, Default)]
pub struct History {
    last: [Option<f64>; 2],
    baseline: [Option<f64>; 2],
}

fn ix(d: Direction) -> usize {
    match d {
        Direction::Input => 0,
        Direction::Output => 1,
    }
}

/// Splits text into sentences (byte spans, trimmed): a sentence ends after `.`, `!`, `?`
/// or `…` (with any closing quotes or brackets) followed by white space, after `。！？`,
/// or at a line break.
///
/// ```
/// let s = chatguard::sentiment::shift::sentences("Hi there! How are you?\nFine. 好。");
/// assert_eq!(s, vec![(0, 9), (10, 22), (23, 28), (29, 35)]);
/// ```
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut t = SentenceTracker::default();
    let mut out = Vec::new();
    t.split(text, false, &mut out);
    t.split(text, true, &mut out);
    out.iter().map(|s| (s.start, s.end)).collect()
}

/// A sentence as [`SentenceTracker::split`] finds it: its trimmed span in bytes and in
/// UTF-16 code units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: usize,
    end: usize,
    start16: usize,
    end16: usize,
}

/// Sentences of a growing text, scored as soon as each one completes (a stream's reply),
/// with the shifts between consecutive sentences. [`sentences`] and
/// [`History::evaluate`] run the same code over a whole text.
#[derive(Debug, Clone)]
pub struct SentenceTracker {
    /// Where the current sentence starts (bytes).
    start: usize,
    /// Just saw sentence-ending punctuation.
    after_end: bool,
    /// Bytes of the text scanned so far.
    scanned: usize,
    /// Characters scanned so far (for `minChars`).
    chars: usize,
    /// Characters outside the Basic Multilingual Plane scanned so far (two UTF-16 units
    /// each): the UTF-16 offset of the scan is `chars + astral`.
    astral: usize,
    /// Where the current sentence starts, in UTF-16 units.
    start16: usize,
    /// The last non-zero sentence score.
    prev: Option<f64>,
    /// Every completed sentence, in order.
    pub sentences: Vec<SentenceScore>,
    /// Shifts between consecutive sentences found so far (span: the later sentence).
    pub shifts: Vec<Shift>,
    /// The tokens of every sentence so far, kept to score the whole text from them.
    tokens: Tokenized,
    /// The counts of `!` and `?` over those sentences.
    marks: (usize, usize),
    /// Whether white space separates every two consecutive sentences, so the whole
    /// text's tokens are exactly theirs (not so after `。` with no space).
    separated: bool,
    /// End of the last sentence (bytes).
    last_end: usize,
    sentiments: Vec<f64>,
    /// The sentences one [`Self::feed`] completes (scratch kept from call to call).
    spans: Vec<Span>,
    /// The last sentence's token range, its `!`/`?` counts and its scores: the whole
    /// text's scores when that sentence is the whole text (most chat messages).
    memo: Option<(std::ops::Range<usize>, (usize, usize), Scores)>,
}

impl Default for SentenceTracker {
    fn default() -> Self {
        SentenceTracker {
            start: 0,
            after_end: false,
            scanned: 0,
            chars: 0,
            astral: 0,
            start16: 0,
            prev: None,
            sentences: Vec::new(),
            shifts: Vec::new(),
            tokens: Tokenized::default(),
            marks: (0, 0),
            separated: true,
            last_end: 0,
            sentiments: Vec::new(),
            spans: Vec::new(),
            memo: None,
        }
    }
}

impl SentenceTracker {
    /// VADER scores of the whole `text` whose sentences this tracked to its end: from the
    /// sentences' tokens when white space separates them all (the whole text then has
    /// exactly those tokens), else by scoring the text afresh.
    pub fn whole_scores(&mut self, text: &str) -> Scores {
        if self.separated && self.scanned == text.len() && self.start >= text.len() {
            let n = self.tokens.len();
            // the same tokens and counts as the last sentence: the same scores
            match &self.memo {
                Some((range, marks, scores)) if *range == (0..n) && *marks == self.marks => *scores,
                _ => self.tokens.score(0..n, self.marks, &mut self.sentiments),
            }
        } else {
            polarity_scores(text)
        }
    }

    /// Makes this tracker new again for another text, keeping its buffers (up to a
    /// bound, so one huge text does not hold its memory for the conversation's life).
    pub fn reset(&mut self) {
        use crate::stream::{KEEP_BYTES, KEEP_ITEMS};
        let SentenceTracker {
            start,
            after_end,
            scanned,
            chars,
            astral,
            start16,
            prev,
            sentences,
            shifts,
            tokens,
            marks,
            separated,
            last_end,
            sentiments,
            spans,
            memo,
        } = self;
        (*start, *after_end, *scanned, *chars, *prev) = (0, false, 0, 0, None);
        (*astral, *start16) = (0, 0);
        sentences.clear();
        shifts.clear();
        tokens.clear();
        if tokens.capacity() > KEEP_BYTES {
            *tokens = Tokenized::default();
        }
        (*marks, *separated, *last_end, *memo) = ((0, 0), true, 0, None);
        sentiments.clear();
        sentiments.shrink_to(KEEP_ITEMS);
        spans.clear();
        spans.shrink_to(KEEP_ITEMS);
        shifts.shrink_to(KEEP_ITEMS);
    }

    /// Characters seen so far.
    pub fn chars(&self) -> usize {
        self.chars
    }

    /// Scores the sentences that `text` (the whole text so far, which only grows)
    /// completes; with `end`, the text is over and its last sentence completes too.
    pub fn feed(&mut self, text: &str, end: bool, settings: &SentimentPolicy) {
        let mut spans = std::mem::take(&mut self.spans);
        spans.clear();
        self.split(text, end, &mut spans);
        for &Span {
            start: a,
            end: b,
            start16: a16,
            end16: b16,
        } in &spans
        {
            if a == self.last_end && a > 0 {
                self.separated = false; // glued to the previous sentence (`好。好`)
            }
            self.last_end = b;
            let (range, marks) = self.tokens.push_text(&text[a..b]);
            self.marks = (self.marks.0 + marks.0, self.marks.1 + marks.1);
            let scores = self
                .tokens
                .score(range.clone(), marks, &mut self.sentiments);
            self.memo = Some((range, marks, scores));
            let compound = scores.compound;
            self.sentences.push(SentenceScore {
                start: a,
                end: b,
                start16: a16,
                end16: b16,
                compound,
            });
            if compound == 0.0 {
                continue;
            }
            if let Some(p) = self.prev {
                if (compound - p).abs() >= settings.sentence_delta {
                    self.shifts.push(Shift {
                        reason: ShiftReason::Sentence,
                        start: a,
                        end: b,
                        start16: a16,
                        end16: b16,
                        score: compound - p,
                    });
                }
            }
            self.prev = Some(compound);
        }
        self.spans = spans;
    }

    /// The splitting state machine: pushes the sentences completed in `text[scanned..]`,
    /// with their UTF-16 spans (counted on the way: no second pass over the text).
    fn split(&mut self, text: &str, end: bool, out: &mut Vec<Span>) {
        // `text[a..b]`, at UTF-16 offsets `a16..b16`, trimmed
        let push = |(a, a16): (usize, usize), (b, b16): (usize, usize), out: &mut Vec<Span>| {
            let s = &text[a..b];
            let t = s.trim_start();
            let lead = s.len() - t.len();
            let t = t.trim_end();
            if !t.is_empty() {
                let (start, end) = (a + lead, a + lead + t.len());
                out.push(Span {
                    start,
                    end,
                    start16: a16 + utf16_len(&text[a..start]),
                    end16: b16 - utf16_len(&text[end..b]),
                });
            }
        };
        let bytes = text.as_bytes();
        // the state in locals for the loop, written back at the end
        let (mut start, mut after_end, mut chars) = (self.start, self.after_end, self.chars);
        let (mut astral, mut start16) = (self.astral, self.start16);
        let mut i = self.scanned;
        while i < bytes.len() {
            if !after_end {
                // eight bytes at a time up to one that could end a sentence (every ASCII
                // byte that is not a mark only counts as a character here)
                while let Some(w) = swar::load(bytes, i) {
                    let stop = maybe_mark(w);
                    if stop != 0 {
                        let k = (stop.trailing_zeros() / 8) as usize;
                        (i, chars) = (i + k, chars + k);
                        break;
                    }
                    (i, chars) = (i + 8, chars + 8);
                }
                if i >= bytes.len() {
                    break;
                }
            }
            let b = bytes[i];
            // most characters end nothing and only clear `after_end`: one table test
            // (white space among them unless it follows an end mark)
            if b < 0x80 {
                let k = SENTENCE_CLASS[usize::from(b)];
                if k == 0 || (k == C_SPACE && !after_end) {
                    after_end = false;
                    chars += 1;
                    i += 1;
                    continue;
                }
            }
            let c = if b < 0x80 {
                char::from(b)
            } else {
                text[i..].chars().next().unwrap_or(' ')
            };
            // (i, its UTF-16 offset), and the same past `c`
            let here = (i, chars + astral);
            let past = (i + c.len_utf8(), here.1 + c.len_utf16());
            chars += 1;
            astral += usize::from(c.len_utf16() == 2);
            match c {
                '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                    push((start, start16), here, out);
                    (start, start16) = past;
                    after_end = false;
                }
                '。' | '！' | '？' => {
                    push((start, start16), past, out);
                    (start, start16) = past;
                    after_end = false;
                }
                '.' | '!' | '?' | '…' => after_end = true,
                '"' | '\'' | ')' | ']' | '”' | '’' | '»' if after_end => {}
                c if c.is_whitespace() && after_end => {
                    push((start, start16), here, out);
                    (start, start16) = here;
                    after_end = false;
                }
                _ => after_end = false,
            }
            i = past.0;
        }
        self.scanned = text.len();
        if end && start < text.len() {
            push((start, start16), (text.len(), chars + astral), out);
            (start, start16) = (text.len(), chars + astral);
        }
        (self.start, self.after_end, self.chars) = (start, after_end, chars);
        (self.astral, self.start16) = (astral, start16);
    }
}

/// [`SentenceTracker::split`]'s reading of an ASCII byte: 0 for one that only clears
/// `after_end`, [`C_SPACE`] for white space, [`C_MARK`] for the rest (line breaks, end
/// marks, closing quotes and brackets), which take the full path.
static SENTENCE_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = match b {
            b'\n' | b'\r' | b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']' => C_MARK,
            // the rest of `char::is_whitespace` on ASCII
            b' ' | b'\t' | 0x0b | 0x0c => C_SPACE,
            _ => 0,
        };
        c += 1;
    }
    t
};
const C_SPACE: u8 = 1;
const C_MARK: u8 = 2;

/// The bytes of `w` that [`SentenceTracker::split`] must read one at a time when no end
/// mark precedes them: every [`C_MARK`] byte and every byte outside ASCII, and, as the
/// cheaper test, the rest of `0x0a..=0x0d` and `0x21..=0x2e` too.
#[inline(always)]
fn maybe_mark(w: u64) -> u64 {
    swar::in_range(w, 0x0a, 0x0d)
        | swar::in_range(w, 0x21, 0x2e)
        | swar::eq(w, b'?')
        | swar::eq(w, b']')
        | (w & swar::HIGH)
}

impl History {
    /// Scores `text` and, when `settings` checks `direction`, reports its shifts and moves
    /// the history on.
    pub fn evaluate(
        &mut self,
        text: &str,
        direction: Direction,
        settings: &SentimentPolicy,
    ) -> TurnReport {
        let mut sentences = SentenceTracker::default();
        sentences.feed(text, true, settings);
        self.evaluate_turn(text, direction, settings, &mut sentences)
    }

    /// [`History::evaluate`] for a text whose sentences were already tracked (a stream):
    /// adds the turn-level checks and moves the history on. Takes the tracker's
    /// sentences and shifts (its buffers stay, for [`SentenceTracker::reset`]).
    pub fn evaluate_turn(
        &mut self,
        text: &str,
        direction: Direction,
        settings: &SentimentPolicy,
        sentences: &mut SentenceTracker,
    ) -> TurnReport {
        let scores = sentences.whole_scores(text);
        let long_enough = sentences.chars() >= settings.min_chars;
        let mut report = TurnReport {
            scores,
            sentences: std::mem::take(&mut sentences.sentences),
            shifts: Vec::new(),
        };
        if !settings.checks(direction) || !long_enough {
            return report;
        }
        let c = scores.compound;
        let d = ix(direction);
        if c != 0.0 {
            let whole = |reason, score| Shift {
                reason,
                start: 0,
                end: text.len(),
                start16: 0,
                end16: crate::text::utf16_len(text),
                score,
            };
            let turn = self.last[d].filter(|&p| (c - p).abs() >= settings.turn_delta);
            let base = self.baseline[d].filter(|&b| (c - b).abs() >= settings.baseline_delta);
            if let Some(p) = turn {
                report.shifts.push(whole(ShiftReason::Turn, c - p));
            } else if let Some(b) = base {
                report.shifts.push(whole(ShiftReason::Baseline, c - b));
            } else if c <= settings.floor {
                report.shifts.push(whole(ShiftReason::Floor, c));
            }
            self.last[d] = Some(c);
            self.baseline[d] = Some(match self.baseline[d] {
                None => c,
                Some(b) => settings.alpha * c + (1.0 - settings.alpha) * b,
            });
        }
        report.shifts.append(&mut sentences.shifts);
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The splitting rules one character at a time, with no fast path: the oracle for
    /// [`SentenceTracker::split`]. Returns the sentences (their UTF-16 offsets from
    /// encoding the text before each end) and the character count.
    fn naive_sentences(text: &str) -> (Vec<Span>, usize) {
        let (spans, chars) = naive_byte_sentences(text);
        let units = |at: usize| text[..at].encode_utf16().count();
        let spans = spans
            .into_iter()
            .map(|(start, end)| Span {
                start,
                end,
                start16: units(start),
                end16: units(end),
            })
            .collect();
        (spans, chars)
    }

    fn naive_byte_sentences(text: &str) -> (Vec<(usize, usize)>, usize) {
        let mut out = Vec::new();
        let push = |a: usize, b: usize, out: &mut Vec<(usize, usize)>| {
            let s = &text[a..b];
            let lead = s.len() - s.trim_start().len();
            if !s.trim().is_empty() {
                out.push((a + lead, a + lead + s.trim().len()));
            }
        };
        let (mut start, mut after_end, mut chars) = (0, false, 0);
        for (i, c) in text.char_indices() {
            chars += 1;
            match c {
                '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                    push(start, i, &mut out);
                    start = i + c.len_utf8();
                    after_end = false;
                }
                '。' | '！' | '？' => {
                    push(start, i + c.len_utf8(), &mut out);
                    start = i + c.len_utf8();
                    after_end = false;
                }
                '.' | '!' | '?' | '…' => after_end = true,
                '"' | '\'' | ')' | ']' | '”' | '’' | '»' if after_end => {}
                c if c.is_whitespace() && after_end => {
                    push(start, i, &mut out);
                    start = i;
                    after_end = false;
                }
                _ => after_end = false,
            }
        }
        push(start, text.len(), &mut out);
        (out, chars)
    }

    #[test]
    fn split_agrees_with_the_naive_rules_whole_and_fed_in_pieces() {
        // every string of up to five symbols over end marks, closers, spaces, breaks
        let alphabet = [
            ' ', '\n', '.', '!', '"', ')', 'a', '。', '\u{a0}', '\u{1c}', '…', '😀',
        ];
        let mut level = vec![String::new()];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            level = level
                .iter()
                .flat_map(|t| alphabet.iter().map(move |&c| format!("{t}{c}")))
                .collect();
            texts.extend(level.iter().cloned());
        }
        assert!(texts.len() > 270_000);
        for t in &texts {
            let want = naive_sentences(t);
            // whole
            let mut tr = SentenceTracker::default();
            let mut got = Vec::new();
            tr.split(t, true, &mut got);
            assert_eq!((got, tr.chars), want, "{t:?}");
            // one character at a time, as a stream grows its text
            let mut tr = SentenceTracker::default();
            let mut got = Vec::new();
            let ends: Vec<usize> = t.char_indices().map(|(i, _)| i).skip(1).collect();
            for &e in &ends {
                tr.split(&t[..e], false, &mut got);
            }
            tr.split(t, true, &mut got);
            assert_eq!((got, tr.chars), want, "{t:?} fed in pieces");
        }
    }

    #[test]
    fn whole_scores_from_the_sentences_are_the_text_scored_whole() {
        // the whole text scored from its sentences' tokens (`whole_scores`) against
        // `polarity_scores` scoring it afresh, on sentences of the words the rules read
        // around a word (also across a sentence's ends): negations, boosters, "no",
        // "least", "kind of", idioms (and their pieces, so that one straddles two
        // sentences), "but", capitals, marks
        let words: Vec<&str> = concat!(
            "good,bad,love,hate,GREAT,Awful,no,not,never,so,this,very,extremely,kind,of,",
            "sort,least,at,but,the,bomb,yeah,right,without,doubt,or,nor,to,die,for,OK,",
            "hello,sad,happy,kiss,death,isn't,just,enough,kiss of,of death,to die,",
            "die for,the bomb,yeah right,kind of,at least,very least,never so,",
            "without doubt,no or,sort of,beating heart,broken,heart,just enough,bad ass,",
            "the shit",
        )
        .split(',')
        .collect();
        let ends = [". ", "! ", "? ", "!! ", ".\n", "?! "];
        let mut next = crate::testing::rand(0x2545_F491_4F6C_DD1D);
        // and rules that straddle two sentences, each at least once
        let straddling = [
            // an idiom from two words before the end (a line break ends the sentence: "of."
            // would keep its period, VADER strips none off a word of two letters)
            "Then we both kiss of\ndeath waits here.",
            "That was extremely. good to see you all.", // a booster before the start
            "I would not. love this at all, no.",       // a negation before the start
            "Have no. good days. OK.",                  // "no" before a valence word
            "It is kind. of good and fine today.",      // "kind of" across the end
            "At least. good things happen to us.",      // "least" before the start
            "THIS IS SO GOOD AND GREAT TODAY. but it is not fine for me.", // capitals
        ];
        let settings = SentimentPolicy::default();
        let mut tr = SentenceTracker::default();
        let mut sentiments = Vec::new();
        for t in straddling {
            tr.reset();
            tr.feed(t, true, &settings);
            assert_eq!(tr.whole_scores(t), polarity_scores(t), "{t:?}");
        }
        for case in 0..4000 {
            let mut t = String::new();
            for _ in 0..1 + next(6) {
                let mut sentence = String::new();
                for w in 0..1 + next(9) {
                    if w > 0 {
                        sentence.push(' ');
                    }
                    sentence.push_str(words[next(words.len())]);
                }
                // a sentence in capitals: its emphasis differs from a mixed text's
                if next(5) == 0 {
                    sentence = sentence.to_uppercase();
                }
                t.push_str(&sentence);
                t.push_str(ends[next(ends.len())]);
            }
            // now and then a long text (the "but" rule's other path, past 64 words)
            if case % 100 == 0 {
                t = t.repeat(12);
            }
            tr.reset();
            tr.feed(&t, true, &settings);
            let want = polarity_scores(&t);
            assert_eq!(tr.whole_scores(&t), want, "{t:?}");
            // and Tokenized::score over all the tokens agrees
            let n = tr.tokens.len();
            assert_eq!(
                tr.tokens.score(0..n, tr.marks, &mut sentiments),
                want,
                "{t:?}"
            );
        }
    }

    #[test]
    fn split_agrees_with_the_naive_rules_on_long_random_texts() {
        // long enough for the eight-byte skip, with every mark, its cheap test's false
        // alarms (`,` `-` tab) and characters outside ASCII at every offset of a word
        let alphabet = [
            'a', 'b', 'c', 'd', ' ', ' ', '.', '!', '?', '"', '\'', ')', ']', ',', '-', '\n', '\r',
            '\t', '\u{b}', 'é', '。', '…', '\u{a0}', '/', '0', '😀', '\u{3000}', '\u{2028}',
        ];
        let mut next = crate::testing::bits(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let len = (next() % 48) as usize;
            let t: String = (0..len)
                .map(|_| {
                    let r = next() % 64;
                    // mostly letters, as text is
                    if r < 32 {
                        'x'
                    } else {
                        alphabet[(r as usize - 32) % alphabet.len()]
                    }
                })
                .collect();
            let want = naive_sentences(&t);
            let mut tr = SentenceTracker::default();
            let mut got = Vec::new();
            tr.split(&t, true, &mut got);
            assert_eq!((got, tr.chars), want, "{t:?}");
            // fed in two pieces, cut at a character boundary
            let cut = t.char_indices().map(|(i, _)| i).nth(len / 3).unwrap_or(0);
            let mut tr = SentenceTracker::default();
            let mut got = Vec::new();
            tr.split(&t[..cut], false, &mut got);
            tr.split(&t, true, &mut got);
            assert_eq!((got, tr.chars), want, "{t:?} cut at {cut}");
        }
    }
}
