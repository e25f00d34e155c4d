//! Applying findings to text: overlap resolution and one-pass rewriting.
//!
//! # Overlap rule
//! `flag` findings never change text and are always reported. Among the others, the
//! stronger action wins (`block` > `placeholder` > `replace` > `mask`); between equal
//! actions the leftmost wins, then the longest. A finding that overlaps a winner is
//! dropped (its text is already covered). The rule only compares findings that overlap,
//! so streaming, which resolves separated groups as they become final, reaches the same
//! result as a one-shot scan.

use std::collections::BTreeMap;

use unicode_segmentation::UnicodeSegmentation;

use crate::policy::Action;
use crate::text::normalize::is_invisible;

/// A finding with its span (absolute bytes) before resolution.
#[derive(Debug, Clone)]
pub struct Candidate<T> {
    /// Start byte (absolute).
    pub start: usize,
    /// End byte (absolute, exclusive).
    pub end: usize,
    /// What to do.
    pub action: Action,
    /// Whatever the caller attaches (rule, category, ...).
    pub data: T,
}

/// Resolves overlaps (see the module docs). Returns the survivors sorted by start, then
/// by end, `flag` findings included.
pub fn resolve<T>(mut cands: Vec<Candidate<T>>) -> Vec<Candidate<T>> {
    if cands.len() <= 1 {
        return cands;
    }
    // strongest first, then leftmost, then longest
    cands.sort_by(|a, b| {
        b.action
            .strength()
            .cmp(&a.action.strength())
            .then(a.start.cmp(&b.start))
            .then(b.end.cmp(&a.end))
    });
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new(); // start -> end of winners
    let mut keep = Vec::with_capacity(cands.len());
    for c in cands {
        if c.action == Action::Flag {
            keep.push(c);
            continue;
        }
        let before = taken.range(..c.end).next_back();
        let overlaps = before.is_some_and(|(&s, &e)| s < c.end && e > c.start)
            || (c.start == c.end && taken.contains_key(&c.start));
        if !overlaps {
            taken.insert(c.start, c.end);
            keep.push(c);
        }
    }
    keep.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
    keep
}

/// Writes `mask` once per grapheme of `original`, skipping graphemes made only of
/// invisible characters (a zero-width space inside a masked word leaves no trace).
///
/// ```
/// let mut out = String::new();
/// chatguard::redact::mask_into(&mut out, "fu👍🏽ck", '*');
/// assert_eq!(out, "*****");
/// ```
pub fn mask_into(out: &mut String, original: &str, mask: char) {
    for g in original.graphemes(true) {
        if g.chars().all(is_invisible) {
            continue;
        }
        out.push(mask);
    }
}
