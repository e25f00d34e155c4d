//! Applying findings to text: overlap resolution and one-pass rewriting.
//!
//! # Overlap rule
//! `flag` findings never change text and are always reported. Among the others, a
//! fail-closed cut (`overlong`) wins, then the stronger action (`block` > `placeholder` >
//! `replace` > `mask`); between equal ranks the leftmost wins, then the longest, then the
//! lower `tie` (the rule listed first in the policy, then the category). A finding that
//! overlaps a winner is dropped (its text is already covered). The order of the findings
//! handed in never matters: detectors report in an order that depends on where a stream
//! was cut. The rule only compares findings that overlap, so streaming, which resolves
//! separated groups as they become final, reaches the same result as a one-shot scan.

use std::collections::BTreeMap;

use crate::policy::Action;
use crate::text::normalize::{is_grapheme_extender, is_invisible};

/// A finding with its span (absolute bytes) before resolution.
#[derive(Debug, Clone)]
pub struct Candidate<T> {
    /// Start byte (absolute).
    pub start: usize,
    /// End byte (absolute, exclusive).
    pub end: usize,
    /// What to do.
    pub action: Action,
    /// Rank among overlapping findings; higher wins. Normally
    /// [`Action::strength`]; a fail-closed cut outranks everything.
    pub priority: u8,
    /// Between findings of equal rank and span, the lower wins (the stream gives the rule's
    /// place in the policy, then the category). Compared up to [`TIE_MAX`].
    pub tie: u32,
    /// Whatever the caller attaches (rule, category, ...).
    pub data: T,
}

/// The largest [`Candidate::tie`] told apart from a larger one.
pub const TIE_MAX: u32 = (1 << 24) - 1;

/// The largest end offset [`resolve`] tells apart from a larger one (2^40 - 1 bytes).
const END_MAX: u64 = (1 << 40) - 1;

/// Resolves overlaps (see the module docs), in place: leaves the survivors sorted by
/// start, then by end, `flag` findings included.
pub fn resolve<T>(cands: &mut Vec<Candidate<T>>) {
    if cands.len() <= 1 {
        return;
    }
    // strongest first, then leftmost, then longest, then the lower `tie`
    crate::sort::sort_vec_by(cands, |c| {
        // offsets are far below 2^56; an end is compared up to END_MAX (a terabyte)
        let end = (c.end as u64).min(END_MAX);
        (
            (u64::from(u8::MAX - c.priority) << 56) | c.start as u64,
            ((END_MAX - end) << 24) | u64::from(c.tie.min(TIE_MAX)),
        )
    });
    // the winners, start -> end; `retain` visits in rank order, so each candidate meets
    // the winners ranked before it
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    cands.retain(|c| {
        if c.action == Action::Flag {
            return true;
        }
        let before = taken.range(..c.end).next_back();
        let overlaps = before.is_some_and(|(&s, &e)| s < c.end && e > c.start)
            || (c.start == c.end && taken.contains_key(&c.start));
        if !overlaps {
            taken.insert(c.start, c.end);
        }
        !overlaps
    });
    crate::sort::sort_vec_by(cands, |c| (c.start as u64, c.end as u64));
}

/// Emoji and pictographs (an approximation of Extended_Pictographic).
fn is_pictographic(c: char) -> bool {
    matches!(c as u32,
        0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122 | 0x2139 | 0x2194..=0x21AA | 0x231A..=0x23FF
        | 0x24C2 | 0x25AA..=0x27BF | 0x2934 | 0x2935 | 0x2B05..=0x2B55 | 0x3030 | 0x303D
        | 0x3297 | 0x3299 | 0x1F000..=0x1FAFF)
}

/// Writes `mask` once per grapheme of `original`, skipping graphemes made only of
/// invisible characters (a zero-width space inside a masked word leaves no trace).
///
/// Graphemes follow the parts of UAX #29 that matter for masking: a base character with
/// its combining marks, variation selectors, emoji modifiers and tags; emoji joined by
/// ZWJ; and regional-indicator pairs (flags) are one grapheme each.
///
/// ```
/// let mut out = String::new();
/// chatguard::redact::mask_into(&mut out, "fu👍🏽ck 👨‍👩‍👧 🇫🇷é", '*');
/// assert_eq!(out, "**********"); // f u 👍🏽 c k, space, family, space, flag, é
/// ```
pub fn mask_into(out: &mut String, original: &str, mask: char) {
    let mut joined = false; // the previous character was a ZWJ
    let mut open_flag = false; // an unpaired regional indicator precedes
    let bytes = original.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII: one grapheme per character (none extends, joins or hides), and one closes
        // any ZWJ or flag before it
        let run = crate::text::swar::ascii_len(bytes, i);
        if run > 0 {
            if run < 64 {
                out.extend(std::iter::repeat_n(mask, run));
            } else {
                // (a long run, as one overlong block: copied in doubling blocks, not a
                // character at a time)
                out.push_str(&mask.encode_utf8(&mut [0; 4]).repeat(run));
            }
            (joined, open_flag) = (false, false);
            i += run;
            if i == bytes.len() {
                break;
            }
        }
        let Some(c) = original[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c == '\u{200D}' {
            joined = true;
            continue;
        }
        if is_grapheme_extender(c) {
            continue;
        }
        if std::mem::take(&mut joined) && is_pictographic(c) {
            continue; // ZWJ + emoji: joined to the previous emoji (UAX #29 GB11)
        }
        if ('\u{1F1E6}'..='\u{1F1FF}').contains(&c) {
            open_flag = !open_flag;
            if !open_flag {
                continue; // the second half of a flag
            }
        } else {
            open_flag = false;
        }
        if is_invisible(c) {
            continue;
        }
        out.push(mask);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Findings of equal rank and span (a value that is both a secret and a banned word)
    /// resolve to the same winner, the lower `tie`, whatever order they come in: a stream
    /// hands them over in an order that depends on its cuts.
    #[test]
    fn equal_findings_resolve_the_same_in_any_order() {
        let cand = |start, end, priority, tie, data| Candidate {
            start,
            end,
            action: Action::Mask,
            priority,
            tie,
            data,
        };
        let all = [
            cand(13, 29, 1, 7 << 12, "secrets"),
            cand(13, 29, 1, 1 << 12, "keywords"),
            cand(13, 29, 1, (1 << 12) | 3, "keywords, other category"),
            cand(10, 29, 1, 9 << 12, "longer"),
            cand(30, 31, 1, 2, "apart"),
        ];
        // every order of the first three, with and without the longer one
        for perm in [
            [0, 1, 2],
            [0, 2, 1],
            [1, 0, 2],
            [1, 2, 0],
            [2, 0, 1],
            [2, 1, 0],
        ] {
            let mut v: Vec<_> = perm.iter().map(|&i| all[i].clone()).collect();
            v.push(all[4].clone());
            resolve(&mut v);
            let got: Vec<_> = v.iter().map(|c| c.data).collect();
            assert_eq!(got, ["keywords", "apart"], "{perm:?}");
            let mut v: Vec<_> = perm.iter().map(|&i| all[i].clone()).collect();
            v.push(all[3].clone());
            resolve(&mut v);
            assert_eq!(v.len(), 1);
            assert_eq!(v[0].data, "longer", "{perm:?}");
        }
    }

    /// [`mask_into`] a character at a time, without its ASCII runs.
    fn mask_by_char(original: &str, mask: char) -> String {
        let mut out = String::new();
        let (mut joined, mut open_flag) = (false, false);
        for c in original.chars() {
            if c == '\u{200D}' {
                joined = true;
                continue;
            }
            if is_grapheme_extender(c) {
                continue;
            }
            if std::mem::take(&mut joined) && is_pictographic(c) {
                continue;
            }
            if ('\u{1F1E6}'..='\u{1F1FF}').contains(&c) {
                open_flag = !open_flag;
                if !open_flag {
                    continue;
                }
            } else {
                open_flag = false;
            }
            if !is_invisible(c) {
                out.push(mask);
            }
        }
        out
    }

    #[test]
    fn ascii_runs_mask_as_a_character_at_a_time() {
        // every string of up to four pieces, ASCII runs of several lengths among joiners,
        // flags, marks, invisibles and emoji
        let pieces = [
            "a",
            "ab c",
            "0123456789ab",
            "\u{200D}",
            "🇫",
            "🇷",
            "\u{301}",
            "\u{200B}",
            "👍",
            "🏽",
            "é",
            "\r\n",
            // (a run long enough to be copied in blocks)
            "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        ];
        let texts = crate::testing::concatenations(&pieces);
        for t in &texts {
            for mask in ['*', '●'] {
                let mut out = String::from("<");
                mask_into(&mut out, t, mask);
                assert_eq!(out, format!("<{}", mask_by_char(t, mask)), "{t:?}");
            }
        }
    }
}
