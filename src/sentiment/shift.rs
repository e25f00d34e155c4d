//! Abrupt sentiment changes: across the turns of a conversation and inside one text.
//! See [`crate::policy::SentimentPolicy`] for what triggers.

use super::vader::{polarity_scores, Scores};
use crate::policy::{Direction, SentimentPolicy};

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
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut after_end = false; // just saw sentence-ending punctuation
    let push = |a: usize, b: usize, out: &mut Vec<(usize, usize)>| {
        let s = &text[a..b];
        let lead = s.len() - s.trim_start().len();
        let t = s.trim();
        if !t.is_empty() {
            out.push((a + lead, a + lead + t.len()));
        }
    };
    for (i, c) in text.char_indices() {
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
    out
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
        let scores = polarity_scores(text);
        let mut m = crate::text::Utf16Mapper::new(text, 0, 0);
        let sentences: Vec<SentenceScore> = sentences(text)
            .into_iter()
            .map(|(start, end)| SentenceScore {
                start,
                end,
                start16: m.map(start),
                end16: m.map(end),
                compound: polarity_scores(&text[start..end]).compound,
            })
            .collect();
        let mut report = TurnReport {
            scores,
            sentences,
            shifts: Vec::new(),
        };
        if !settings.checks(direction)
            || text
                .chars()
                .nth(settings.min_chars.saturating_sub(1))
                .is_none()
        {
            return report;
        }
        let c = scores.compound;
        let d = ix(direction);
        if c != 0.0 {
            let whole = |reason, score| Shift {
                reason,
                start: 0,
                end: text.len(),
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
        let mut prev: Option<f64> = None;
        for s in &report.sentences {
            if s.compound == 0.0 {
                continue;
            }
            if let Some(p) = prev {
                if (s.compound - p).abs() >= settings.sentence_delta {
                    report.shifts.push(Shift {
                        reason: ShiftReason::Sentence,
                        start: s.start,
                        end: s.end,
                        score: s.compound - p,
                    });
                }
            }
            prev = Some(s.compound);
        }
        report
    }
}
