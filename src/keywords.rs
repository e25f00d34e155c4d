//! Ban lists and profanity: terms matched on the normalised skeleton of the text.
//!
//! # Algorithm (one pass, incremental)
//! Each original character is normalised ([`crate::text::normalize`]) into skeleton
//! characters, separators or nothing. Runs of one skeleton character are collapsed into
//! one entry with a count (`fuuuck` -> `f u(3) c k`), and terms are compiled the same way,
//! keeping their own counts, so a stretched letter matches but a *missing* double letter
//! does not (`as` is not `ass`); a term with a double letter is also compiled spelled
//! out (`a s s`), for the spaced-out spelling (`a.s.s`). The collapsed skeleton bytes
//! drive a dense Aho-Corasick automaton ([`Dfa`]) that reports every pattern ending at
//! each character (overlapping semantics), and each candidate is then verified against a
//! small ring of the last skeleton characters:
//! - **counts**: each text run is at least as long as the term's run;
//! - **separators**: skipped between letters only when every letter of the term-word is
//!   spaced out (`f.u.c.k`, `f u c k`, `f-u-c-k`), at most [`MAX_GAP`] separators at a
//!   time, or at the word boundaries of a phrase term (`son of a bitch`);
//! - **word boundaries**: in word mode the characters just outside the match must not be
//!   letters or digits (so `Scunthorpe`, `classic`, `assassin`, `cocktail`, `therapist`
//!   and `Essex` are not hit); a leet symbol next to a match counts as punctuation (`ass!`);
//! - **digits**: a match made only of digits is not a word (`455` is not `ass`);
//! - **allow list**: a match whose term letters are covered by an allow entry of its rule
//!   is cancelled; the entry's runs are counted as a term's (`assess` is not `asses`).
//!
//! Letters hidden behind `*` inside a word (`f*ck`, `a**hole`) are matched beside the
//! automaton, word by word (`src/keywords/masked.rs`): the automaton reads `*` as a
//! separator.
//!
//! A candidate is *decided* once no partial match still alive in the automaton could
//! start at or before it (the automaton's depth tells exactly how far back that is), so
//! the scanner knows at every point the earliest byte a later chunk could still turn into
//! a finding: [`KeywordScanner::hold_from`]. Everything before it is final. One-shot scans
//! and streams run this same code.
//!
//! # Speed
//! Most text is ASCII where no candidate is alive. There the scanner runs a second
//! automaton over the *raw* bytes (`Skim`, built unless its table would pass 4 MB: it is
//! for the built-in lists, with many terms of a policy's own too): separators, stretched
//! letters and case or leet folding are in its transitions, so it costs one table load
//! per byte and writes nothing. The
//! word-boundary and next-character tests that reject most candidates (`as` in `was`) are
//! read from the raw bytes around; when a candidate survives, or a non-ASCII character
//! comes, the ring entries the automaton can still read are rebuilt from the bytes and the
//! entry-writing loop takes over. A unit test checks both loops give the same matches and
//! hold-back points, whole and in pieces.

use std::collections::HashMap;
use std::hash::Hasher;

use crate::hash::{Fnv, FnvHasher};
use std::sync::OnceLock;

use crate::error::{Error, ErrorCode, Result};
use crate::policy::{MatchMode, Rule, MAX_TERMS};
use crate::text::normalize::{normalize_ascii, normalize_char, normalize_char_dyn, Item, Kind};
use crate::text::swar;

mod masked;

/// Most separators skipped between two letters of a spaced-out word (`f - u`).
pub const MAX_GAP: u8 = 3;

/// The most skeleton characters one term may have (a longer one is a policy error).
pub const MAX_SKELETON: usize = RING - 2;

/// Entries a scanner keeps: a power of two, so `pos % RING` is a mask.
const RING: usize = 512;

/// The kind (and rule id) of a fail-closed cut: held text longer than the policy allows.
pub const OVERLONG: &str = "overlong";

// ---------------------------------------------------------------------------------------
// Built-in lists

/// A built-in word list with categories, parsed from `data/wordlists/*.txt`.
#[derive(Debug)]
pub struct BuiltinList {
    categories: Vec<String>,
    /// (term, index into `categories`)
    terms: Vec<(String, usize)>,
    allow: Vec<String>,
}

impl BuiltinList {
    fn parse(src: &str) -> BuiltinList {
        let mut list = BuiltinList {
            categories: Vec::new(),
            terms: Vec::new(),
            allow: Vec::new(),
        };
        for line in src.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(cat) = line.strip_prefix('@') {
                list.categories.push(cat.to_string());
            } else if let Some(a) = line.strip_prefix('!') {
                list.allow.push(a.to_string());
            } else {
                let cat = list.categories.len().saturating_sub(1);
                list.terms.push((line.to_string(), cat));
            }
        }
        list
    }

    /// Whether the list has this category.
    pub fn has_category(&self, c: &str) -> bool {
        self.categories.iter().any(|x| x == c)
    }

    /// The category names, in file order.
    pub fn category_names(&self) -> Vec<&str> {
        self.categories.iter().map(String::as_str).collect()
    }

    /// Terms with their category name.
    pub fn terms(&self) -> impl Iterator<Item = (&str, &str)> {
        self.terms
            .iter()
            .map(|(t, c)| (t.as_str(), self.categories[*c].as_str()))
    }

    /// Allow entries of the list.
    pub fn allow(&self) -> &[String] {
        &self.allow
    }
}

/// The built-in list called `name` (`"en"`), if there is one.
pub fn builtin_list(name: &str) -> Option<&'static BuiltinList> {
    static EN: OnceLock<BuiltinList> = OnceLock::new();
    match name {
        "en" => {
            Some(EN.get_or_init(|| BuiltinList::parse(include_str!("../data/wordlists/en.txt"))))
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// Terms

/// A term compiled to its collapsed skeleton.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct TermShape {
    /// Collapsed skeleton characters.
    chars: Vec<char>,
    /// Run length of each character in the term (`ass` -> a:1 s:2).
    counts: Vec<u8>,
    /// Indexes (into `chars`) that start a new word of a phrase.
    word_starts: Vec<u16>,
    has_letter: bool,
}

/// The number of skeleton characters in a term (0: the term has no letter or digit).
pub fn term_skeleton_len(term: &str) -> usize {
    term_shapes(strip_wildcards(term).0)
        .first()
        .map_or(0, |s| s.chars.len())
}

/// Splits `*` wildcards off a term: (core, open start, open end).
fn strip_wildcards(term: &str) -> (&str, bool, bool) {
    let t = term.trim();
    let open_start = t.starts_with('*');
    let t = t.trim_start_matches('*');
    let open_end = t.ends_with('*');
    (t.trim_end_matches('*'), open_start, open_end)
}

/// The shapes a term is matched by: its own, and, when it has an `l`, one with every `l`
/// read as `i` (so `he11` and `he||` match `hell`, since `1` and `|` read as `i`).
fn term_shapes(term: &str) -> Vec<TermShape> {
    let mut raw: Vec<(char, Kind, bool)> = Vec::new(); // (char, kind, starts a word)
    let mut word_start = false;
    for c in term.chars() {
        normalize_char_dyn(c, &mut |item| match item {
            Item::Skel(ch, k) => {
                raw.push((ch, k, word_start && !raw.is_empty()));
                word_start = false;
            }
            Item::Sep => word_start = true,
            Item::Extend => {}
        });
    }
    if raw.is_empty() {
        return Vec::new();
    }
    let mut shapes = vec![collapse(&raw)];
    if raw.iter().any(|r| r.0 == 'l') {
        let alt: Vec<_> = raw
            .iter()
            .map(|&(c, k, w)| (if c == 'l' { 'i' } else { c }, k, w))
            .collect();
        shapes.push(collapse(&alt));
    }
    // a double letter spaced out (`p u s s y`) is two entries of the text, not one run of
    // two: each such shape also in that form
    let spelled: Vec<_> = shapes.iter().filter_map(spelled_out).collect();
    shapes.extend(spelled);
    shapes
}

/// `shape` with each run of a letter written as that many entries of one (`ass` -> `a s
/// s`), for the spaced-out spelling of a double letter: `None` when it has no run of more
/// than one, or would be longer than [`MAX_SKELETON`]. Only a spaced-out text can match it:
/// a text's equal letters with no separator between are one entry, and the verifier
/// rejects a match spaced in some places only.
fn spelled_out(shape: &TermShape) -> Option<TermShape> {
    let len: usize = shape.counts.iter().map(|&n| usize::from(n)).sum();
    if len == shape.chars.len() || len > MAX_SKELETON {
        return None;
    }
    let mut s = TermShape {
        chars: Vec::with_capacity(len),
        counts: vec![1; len],
        word_starts: Vec::with_capacity(shape.word_starts.len()),
        has_letter: shape.has_letter,
    };
    for (i, (&c, &n)) in shape.chars.iter().zip(&shape.counts).enumerate() {
        if shape.word_starts.contains(&(i as u16)) {
            s.word_starts.push(s.chars.len() as u16);
        }
        s.chars.extend(std::iter::repeat_n(c, usize::from(n)));
    }
    Some(s)
}

fn collapse(raw: &[(char, Kind, bool)]) -> TermShape {
    let mut s = TermShape {
        chars: Vec::new(),
        counts: Vec::new(),
        word_starts: Vec::new(),
        has_letter: raw.iter().any(|r| r.1 != Kind::Digit),
    };
    for &(c, _, ws) in raw {
        if !ws && s.chars.last() == Some(&c) {
            let n = s.counts.last_mut().expect("counts follow chars");
            *n = n.saturating_add(1);
            continue;
        }
        if ws {
            s.word_starts.push(s.chars.len() as u16);
        }
        s.chars.push(c);
        s.counts.push(1);
    }
    s
}

// ---------------------------------------------------------------------------------------
// The automaton

/// A dense Aho-Corasick automaton over byte classes, with the depth of every state in
/// characters. Overlapping semantics: each state lists every pattern that ends there.
///
/// State ids are premultiplied by the stride (the row offset in the table), and the
/// states where patterns end are numbered last ([`Dfa::is_match`] is one comparison), so
/// the hot loop is one load per byte and touches the match lists only when something
/// matched.
#[derive(Clone)]
pub struct Dfa {
    classes: [u8; 256],
    /// Classes in use (the rest of each row is padding).
    used: usize,
    /// Row width: a power of two, so a state's number is a shift away.
    stride: usize,
    /// `stride == 1 << shift`.
    shift: u32,
    /// `trans[state + class]` = next state (premultiplied).
    trans: Vec<u32>,
    /// The same table in 16 bits when it fits: half the cache footprint, and the hot
    /// loop's one dependent load per character is usually an L1 hit.
    trans16: Vec<u16>,
    /// States at or above this id are those where patterns end.
    match_from: u32,
    /// Depth of each state (indexed by state number), in characters.
    depth: Vec<u16>,
    /// The last byte of each state's string (indexed by state number; 0 for the start).
    last: Vec<u8>,
    /// Each state's patterns: `outs[out_range[n].0 .. out_range[n].1]`.
    out_range: Vec<(u32, u32)>,
    outs: Vec<u32>,
}

impl std::fmt::Debug for Dfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Dfa({} states, {} classes)", self.states(), self.stride)
    }
}

impl Dfa {
    /// The start state.
    pub const START: u32 = 0;

    /// Builds the automaton for `patterns` (UTF-8 byte strings); pattern ids are indexes.
    pub fn new(patterns: &[Vec<u8>]) -> Dfa {
        // 1. the trie: children as sibling lists in flat arrays (no allocation per node)
        let mut first_child: Vec<u32> = vec![u32::MAX];
        let mut next_sibling: Vec<u32> = vec![u32::MAX];
        let mut edge_byte: Vec<u8> = vec![0];
        let mut depth: Vec<u16> = vec![0];
        let mut own_end: Vec<u32> = vec![u32::MAX]; // last own pattern of a node
        let mut pat_prev: Vec<u32> = vec![u32::MAX; patterns.len()]; // own patterns, linked
        let mut used = [false; 256];
        for (pid, p) in patterns.iter().enumerate() {
            let mut s = 0usize;
            for &b in p {
                used[b as usize] = true;
                let mut c = first_child[s];
                while c != u32::MAX && edge_byte[c as usize] != b {
                    c = next_sibling[c as usize];
                }
                s = if c != u32::MAX {
                    c as usize
                } else {
                    let id = first_child.len() as u32;
                    first_child.push(u32::MAX);
                    next_sibling.push(first_child[s]);
                    edge_byte.push(b);
                    depth.push(depth[s] + ((b & 0xC0) != 0x80) as u16);
                    own_end.push(u32::MAX);
                    first_child[s] = id;
                    id as usize
                };
            }
            pat_prev[pid] = own_end[s];
            own_end[s] = pid as u32;
        }
        let own = |n: usize| {
            let mut v = Vec::new();
            let mut p = own_end[n];
            while p != u32::MAX {
                v.push(p);
                p = pat_prev[p as usize];
            }
            v.reverse();
            v
        };
        let (fc, ns, eb) = (&first_child, &next_sibling, &edge_byte);
        let children = |n: usize| {
            let mut c = fc[n];
            std::iter::from_fn(move || {
                if c == u32::MAX {
                    return None;
                }
                let cur = c;
                c = ns[cur as usize];
                Some((eb[cur as usize], cur))
            })
        };
        // 2. byte classes: every byte used by a pattern is its own class; the rest is 0
        let mut classes = [0u8; 256];
        let mut n_classes = 1usize;
        for b in 0..256 {
            if used[b] {
                classes[b] = n_classes as u8;
                n_classes += 1;
            }
        }
        let stride = n_classes.next_power_of_two();
        // 3. breadth-first: each row starts as a copy of its failure state's row; entries
        //    hold state numbers first and are premultiplied at the end
        let n = first_child.len();
        let mut trans = vec![0u32; n * stride];
        let mut fail = vec![0u32; n];
        let mut out_range = vec![(0u32, 0u32); n];
        let mut outs: Vec<u32> = Vec::new();
        let mut queue = std::collections::VecDeque::with_capacity(n);
        outs.extend_from_slice(&own(0));
        out_range[0] = (0, outs.len() as u32);
        for (b, child) in children(0) {
            trans[classes[b as usize] as usize] = child;
            queue.push_back(child as usize);
        }
        while let Some(u) = queue.pop_front() {
            let f = fail[u] as usize;
            if u != 0 {
                trans.copy_within(f * stride..f * stride + stride, u * stride);
            }
            for (b, child) in children(u) {
                let c = classes[b as usize] as usize;
                // the child's failure state: where the parent's failure state goes on b
                fail[child as usize] = if u == 0 { 0 } else { trans[f * stride + c] };
                trans[u * stride + c] = child;
                queue.push_back(child as usize);
            }
            if u != 0 {
                let start = outs.len() as u32;
                if own_end[u] != u32::MAX {
                    outs.extend_from_slice(&own(u));
                }
                let (fs, fe) = out_range[f];
                outs.extend_from_within(fs as usize..fe as usize);
                out_range[u] = (start, outs.len() as u32);
            }
        }
        // 4. renumber: states where patterns end come last, so a step's result is tested
        //    against one threshold (no bit to mask off on the hot path), then premultiply
        let has_out = |u: usize| out_range[u].1 > out_range[u].0;
        let mut new_id = vec![0u32; n];
        let mut next_id = 0u32;
        for pass in [false, true] {
            for (u, id) in new_id.iter_mut().enumerate() {
                if has_out(u) == pass {
                    *id = next_id;
                    next_id += 1;
                }
            }
        }
        let match_from = (0..n).filter(|&u| !has_out(u)).count() * stride;
        let mut table = vec![0u32; n * stride];
        let mut depth_new = vec![0u16; n];
        let mut last_new = vec![0u8; n];
        let mut range_new = vec![(0u32, 0u32); n];
        for u in 0..n {
            let v = new_id[u] as usize;
            for c in 0..stride {
                table[v * stride + c] = new_id[trans[u * stride + c] as usize] * stride as u32;
            }
            depth_new[v] = depth[u];
            last_new[v] = edge_byte[u];
            range_new[v] = out_range[u];
        }
        let (mut trans, mut trans16) = (table, Vec::new());
        if n * stride <= 0x1_0000 {
            trans16 = trans.iter().map(|&t| t as u16).collect();
            trans = Vec::new();
        }
        Dfa {
            classes,
            used: n_classes,
            stride,
            shift: stride.trailing_zeros(),
            trans,
            trans16,
            match_from: match_from as u32,
            depth: depth_new,
            last: last_new,
            out_range: range_new,
            outs,
        }
    }

    /// The next state on byte `b`.
    #[inline(always)]
    pub fn next(&self, state: u32, b: u8) -> u32 {
        if self.trans16.is_empty() {
            Wide::step(self, state, b)
        } else {
            Narrow::step(self, state, b)
        }
    }

    /// Whether patterns end in `state`.
    #[inline(always)]
    pub fn is_match(&self, state: u32) -> bool {
        state >= self.match_from
    }

    /// Whether the 16-bit table is in use.
    pub fn is_narrow(&self) -> bool {
        !self.trans16.is_empty()
    }

    /// The patterns ending at `state`.
    #[inline]
    pub fn matches(&self, state: u32) -> &[u32] {
        let (s, e) = self.out_range[self.number(state)];
        &self.outs[s as usize..e as usize]
    }

    /// The length, in characters, of the longest suffix of the text seen so far that is a
    /// prefix of some pattern.
    #[inline]
    pub fn depth(&self, state: u32) -> usize {
        self.depth[self.number(state)] as usize
    }

    /// The state number of a state id.
    #[inline]
    fn number(&self, state: u32) -> usize {
        (state >> self.shift) as usize
    }

    /// The table entry at `index` (a premultiplied state plus a class), whatever its width.
    fn trans_at(&self, index: usize) -> u32 {
        if self.trans16.is_empty() {
            self.trans[index]
        } else {
            self.trans16[index].into()
        }
    }

    /// Number of states.
    pub fn states(&self) -> usize {
        self.depth.len()
    }

    /// Approximate heap size in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.trans.len() * 4
            + self.trans16.len() * 2
            + self.depth.len() * 3
            + self.out_range.len() * 8
            + self.outs.len() * 4
    }
}

/// One automaton step on one table width; the scanner's hot loop is compiled once per
/// width so the width is not tested per character.
pub(crate) trait Step {
    fn step(dfa: &Dfa, state: u32, b: u8) -> u32;
}

/// The 16-bit table.
pub(crate) struct Narrow;
/// The 32-bit table.
pub(crate) struct Wide;

impl Step for Narrow {
    #[inline(always)]
    fn step(dfa: &Dfa, state: u32, b: u8) -> u32 {
        dfa.trans16[state as usize + dfa.classes[b as usize] as usize].into()
    }
}

impl Step for Wide {
    #[inline(always)]
    fn step(dfa: &Dfa, state: u32, b: u8) -> u32 {
        dfa.trans[state as usize + dfa.classes[b as usize] as usize]
    }
}

// ---------------------------------------------------------------------------------------
// The skim automaton

/// The keyword automaton extended over raw ASCII bytes, for the scanner's leanest loop:
/// one table load per byte, no entry written.
///
/// Its states are pairs (automaton state, separators since the last skeleton character,
/// 0 to `MAX_GAP + 1`), and its transitions do what [`KeywordScanner`]'s ASCII loop does
/// with them: a separator counts up and, past [`MAX_GAP`], returns to the start; a letter
/// that repeats the last one with no separator between (`fuuuck`) stays put (a state's
/// string ends in its last character, so "repeats" is a property of the state); any other
/// letter steps the automaton on its folded byte. A step into a state where patterns end
/// leads to a code past [`Skim::exit`] naming that state: the scanner tries to reject its
/// candidates from the raw bytes around (as the ASCII loop does from its entries) and goes
/// on if it can. Otherwise, and before every non-ASCII byte ([`Skim::exit`] itself), it
/// stops before that byte, rebuilds the entries the automaton may still read, and handles
/// the byte as before.
#[derive(Debug, Clone)]
struct Skim {
    /// Class of each byte: 0 a separator, `1 + c` a skeleton byte of automaton class `c`,
    /// `used + 1` a non-ASCII byte.
    classes: [u8; 256],
    /// Row width: the classes in use and two more (a separator, a non-ASCII byte), not
    /// rounded up to a power of two (ids are multiplied and divided by it only on entering
    /// and leaving the skim).
    stride: usize,
    /// `trans[state + class]`: next state (premultiplied), or `exit`. State `(u, g)`, for
    /// automaton state number `u` and `g` separators up to [`MAX_GAP`], is row `u * 4 + g`;
    /// past [`MAX_GAP`] only the start state remains, one more row: `far`.
    trans: Vec<SkimId>,
    /// The start state after more than [`MAX_GAP`] separators.
    far: SkimId,
    /// The first id that is not a state: a transition to it leaves the skim (a non-ASCII
    /// byte); to `exit + 1 + k`, a step into the state `targets[k]`.
    exit: SkimId,
    /// States where patterns end, stepped into: (skim state with no separator, automaton
    /// state).
    targets: Vec<(SkimId, u32)>,
}

/// Bytes [`Skim::run`] steps between two looks for a run of one byte.
const SKIM_BLOCK: usize = 64;

/// Skim rows per automaton state: separator counts 0 to [`MAX_GAP`].
const GAPS: usize = MAX_GAP as usize + 1;

/// A skim state id (premultiplied) or exit code. 32 bits, not 16: the built-in list with
/// a few terms of a policy's own beside it needs more than 16-bit ids can number, and
/// without the skim that policy scanned a chat 25% slower (the built-in list alone scans
/// at the same speed with either: the same instructions, a few more cache misses).
type SkimId = u32;

/// The most entries a skim table may have (4 MB of ids); a larger set scans with the
/// entry-writing loop alone.
const SKIM_MAX_ENTRIES: usize = 1 << 20;

impl Skim {
    /// Builds the skim automaton of `dfa`, or `None` when its table would have more than
    /// [`SKIM_MAX_ENTRIES`] (a large set scans with the entry-writing loop alone).
    fn new(dfa: &Dfa) -> Option<Skim> {
        let n = dfa.states();
        let stride = dfa.used + 2;
        let total = (n * GAPS + 1) * stride;
        if total >= SKIM_MAX_ENTRIES {
            return None;
        }
        let exit = total as SkimId;
        let far = (n * GAPS * stride) as SkimId;
        let mut classes = [0u8; 256];
        for (b, c) in classes.iter_mut().enumerate() {
            *c = if b >= 0x80 {
                (dfa.used + 1) as u8
            } else {
                match normalize_ascii(b as u8) {
                    None => 0,
                    Some((f, _)) => 1 + dfa.classes[f as usize],
                }
            };
        }
        let id = |state_number: usize, gap: usize| ((state_number * GAPS + gap) * stride) as SkimId;
        let mut trans = vec![exit; total];
        let mut targets: Vec<(SkimId, u32)> = Vec::new();
        let mut target_of: HashMap<u32, SkimId> = HashMap::new();
        // rows (u, g) for g in 0..GAPS, then `far`, which behaves as (start, 1..)
        for (u, g) in (0..n)
            .flat_map(|u| (0..GAPS).map(move |g| (u, g)))
            .chain([(0, GAPS)])
        {
            let at = if g == GAPS { far } else { id(u, g) };
            let row = &mut trans[at as usize..][..stride];
            // a separator
            row[0] = if g + 1 >= GAPS { far } else { id(u, g + 1) };
            // a skeleton byte of each automaton class
            let own =
                (dfa.depth[u] > 0 && dfa.last[u] < 0x80).then(|| dfa.classes[dfa.last[u] as usize]);
            for c in 0..dfa.used {
                row[1 + c] = if g == 0 && own == Some(c as u8) {
                    id(u, 0) // a stretched letter: the run grows
                } else {
                    let t = dfa.trans_at(u * dfa.stride + c);
                    if dfa.is_match(t) {
                        *target_of.entry(t).or_insert_with(|| {
                            targets.push((id(dfa.number(t), 0), t));
                            exit + targets.len() as SkimId
                        })
                    } else {
                        id(dfa.number(t), 0)
                    }
                };
            }
            // (a non-ASCII byte: `exit`, as filled)
        }
        // (ids and exit codes are below SKIM_MAX_ENTRIES plus the targets: they fit)
        Some(Skim {
            classes,
            stride,
            trans,
            far,
            exit,
            targets,
        })
    }

    /// Steps from state `r` over `bytes[i..]` while no step leaves the skim; returns where
    /// it stopped (the byte whose step leaves, or the end) and the state there. Its own
    /// function: alone, the loop keeps its few values in registers.
    ///
    /// One table load per byte, in blocks of [`SKIM_BLOCK`] bytes; between two blocks,
    /// when the next eight bytes are one byte that steps from the state to itself (a
    /// stretched letter, or a separator past [`MAX_GAP`]), its whole run stays there and is
    /// crossed at once, eight bytes at a time: one letter 1 MB long costs a block and a
    /// step per eight bytes, and the per-byte loop over ordinary text is the one it was
    /// without the test (WASM chat scans measured at parity).
    #[inline(never)]
    fn run(&self, bytes: &[u8], mut i: usize, mut r: usize) -> (usize, usize) {
        let exit = self.exit as usize;
        loop {
            let end = bytes.len().min(i + SKIM_BLOCK);
            while let Some(&b) = bytes[..end].get(i) {
                let t = self.step(r, b);
                if t >= exit {
                    return (i, r);
                }
                r = t;
                i += 1;
            }
            if i == bytes.len() {
                return (i, r);
            }
            i = self.past_run(bytes, i, r);
        }
    }

    /// Where [`Self::run`] goes on from `i` in state `r`: past the run of `bytes[i]` when
    /// the next eight bytes are that one byte and it steps from `r` to `r`, else `i`. Its
    /// own function, so that `run` keeps few registers (it is called for every clean
    /// stretch of text).
    #[cold]
    #[inline(never)]
    fn past_run(&self, bytes: &[u8], i: usize, r: usize) -> usize {
        let b = bytes[i];
        match swar::load(bytes, i) {
            Some(w) if w == swar::ONES * u64::from(b) && self.step(r, b) == r => {
                i + swar::run_len(bytes, i)
            }
            _ => i,
        }
    }

    /// The state after byte `b` from state `r` (ids as `usize` in the loops: no conversion
    /// per byte), or a code at or past [`Skim::exit`].
    #[inline(always)]
    fn step(&self, r: usize, b: u8) -> usize {
        self.trans[r + usize::from(self.classes[usize::from(b)])] as usize
    }

    /// The skim state of the scanner's automaton `state` after `gap` separators.
    #[inline]
    fn enter(&self, dfa: &Dfa, state: u32, gap: u8) -> SkimId {
        if usize::from(gap) >= GAPS {
            debug_assert_eq!(state, Dfa::START, "past MAX_GAP only the start remains");
            return self.far;
        }
        ((dfa.number(state) * GAPS + usize::from(gap)) * self.stride) as SkimId
    }

    /// The automaton state (premultiplied) and separator count (`MAX_GAP + 1` for more) of
    /// a skim state.
    #[inline]
    fn leave(&self, dfa: &Dfa, r: SkimId) -> (u32, u8) {
        if r == self.far {
            return (Dfa::START, MAX_GAP + 1);
        }
        let num = r as usize / self.stride;
        (((num / GAPS) << dfa.shift) as u32, (num % GAPS) as u8)
    }
}

// ---------------------------------------------------------------------------------------
// Compiled keyword set

/// Where a term came from (its JSON path is built only for an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Builtin,
    Term(usize),
    Allow,
}

/// One compiled pattern: a shape of a term of a rule.
#[derive(Debug, Clone)]
struct Pattern {
    /// Index of the rule in its direction.
    rule: u16,
    /// Index into [`KeywordSet::categories`].
    category: u16,
    len: u16,
    counts: Box<[u8]>,
    word_starts: Box<[u16]>,
    anchor_start: bool,
    anchor_end: bool,
    /// A `*term` in word mode: the finding extends back to the start of its word.
    extend_start: bool,
    /// A `term*` in word mode: the finding extends to the end of its word.
    extend_end: bool,
    has_letter: bool,
    allow: bool,
}

/// The keyword rules of one direction, compiled into one automaton.
#[derive(Debug, Clone)]
pub struct KeywordSet {
    dfa: Dfa,
    patterns: Vec<Pattern>,
    categories: Vec<String>,
    /// Whether some pattern extends back to the start of its word (the scanner then
    /// holds the current word).
    extends_start: bool,
    /// Per automaton state (by state number): can its candidates be rejected by looking at
    /// the next character alone? See [`Quick`].
    quick: Vec<Quick>,
    /// The automaton over raw ASCII bytes for clean stretches of text, when it fits.
    skim: Option<Skim>,
    /// The terms again, for words with hidden letters (`f*ck`): see [`masked`].
    masked: masked::Index,
}

/// What is true of *every* pattern ending in a state, so that the hot loop can reject all
/// its candidates from the next character without verifying them (none is an allow entry).
#[derive(Debug, Clone, Copy, Default)]
struct Quick {
    /// Every pattern needs its last letter at least twice (`ass` ends in `s`×2): if the
    /// next character differs, the run stays at 1 and none can match.
    need_double_last: bool,
    /// Every pattern must end on a word boundary: if a letter or digit follows directly
    /// (and does not continue the run), none can match.
    anchored_end: bool,
}

impl Quick {
    /// Whether the ASCII byte `next` right after a candidate's last letter `f` (its run of
    /// one so far) rules out every candidate: it does not repeat `f`, and every candidate
    /// needs a double last letter or, when `next` is a letter or digit, a word end.
    #[inline]
    fn rejects(self, f: u8, next: u8) -> bool {
        let next = normalize_ascii(next);
        let repeats = next.is_some_and(|(nf, _)| nf == f);
        !repeats
            && (self.need_double_last
                || (self.anchored_end && next.is_some_and(|(_, k)| k.is_word())))
    }
}

/// A keyword match: the rule (index in its direction), category and original byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeywordMatch {
    /// Index of the rule in its direction's rule list.
    pub rule: usize,
    /// Index into [`KeywordSet::category`].
    pub category: usize,
    /// Start byte in the whole text (stream).
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
}

impl KeywordSet {
    /// Compiles the keyword rules `(index, rule)` of one direction. Errors name the term.
    pub fn compile<'a>(
        direction: &str,
        rules: impl IntoIterator<Item = (usize, &'a Rule)>,
    ) -> Result<KeywordSet> {
        let mut categories: Vec<String> = Vec::new();
        let mut cat_ids: HashMap<String, u16> = HashMap::new();
        let mut intern = |c: &str| -> u16 {
            if let Some(&i) = cat_ids.get(c) {
                return i;
            }
            categories.push(c.to_string());
            let i = (categories.len() - 1) as u16;
            cat_ids.insert(c.to_string(), i);
            i
        };
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut bytes: Vec<Vec<u8>> = Vec::new();
        let mut seen: HashMap<u64, Vec<u32>, Fnv> = HashMap::default();
        // terms and allow entries, built-in ones included
        let mut terms = 0usize;
        let mut masked = masked::Index::default();
        for (ri, rule) in rules {
            let rule_cat = rule.category.as_deref().unwrap_or(&rule.id);
            let list = match &rule.builtin {
                Some(name) => Some(builtin_list(name).ok_or_else(|| {
                    Error::new(
                        ErrorCode::PolicyInvalidValue,
                        format!("{direction}.rules[{ri}].builtin"),
                        format!("unknown built-in list {name:?}"),
                    )
                })?),
                None => None,
            };
            let builtin_terms = list.into_iter().flat_map(|l| l.terms()).filter(|(_, c)| {
                rule.categories
                    .as_ref()
                    .is_none_or(|cs| cs.iter().any(|x| x == c))
            });
            // (term, category, origin)
            let all = builtin_terms
                .map(|(t, c)| (t, c, Origin::Builtin))
                .chain(
                    rule.terms
                        .iter()
                        .enumerate()
                        .map(|(j, t)| (t.as_str(), rule_cat, Origin::Term(j))),
                )
                .chain(rule.allow.iter().map(|a| (a.as_str(), "", Origin::Allow)))
                .chain(
                    list.into_iter()
                        .flat_map(|l| l.allow())
                        .map(|a| (a.as_str(), "", Origin::Allow)),
                );
            let word = rule.match_mode == MatchMode::Word;
            for (term, cat, origin) in all {
                let is_allow = origin == Origin::Allow;
                let (core, open_start, open_end) = strip_wildcards(term);
                let shapes = term_shapes(core);
                if shapes.is_empty() {
                    if let Origin::Term(j) = origin {
                        return Err(Error::new(
                            ErrorCode::PolicyInvalidValue,
                            format!("{direction}.rules[{ri}].terms[{j}]"),
                            "the term is empty once normalised (it has no letter or digit)",
                        ));
                    }
                    continue;
                }
                terms += 1;
                if terms > MAX_TERMS {
                    return Err(Error::new(
                        ErrorCode::PolicyTooLarge,
                        format!("{direction}.rules[{ri}]"),
                        format!("more than {MAX_TERMS} terms in one direction"),
                    ));
                }
                let category = if is_allow { 0 } else { intern(cat) };
                let anchor_start = word && !open_start && !is_allow;
                let anchor_end = word && !open_end && !is_allow;
                // the letters of this term's shapes added for hidden letters so far
                let mut letters: Vec<Vec<char>> = Vec::new();
                for shape in shapes {
                    if shape.chars.len() > MAX_SKELETON {
                        let path = match origin {
                            Origin::Term(j) => format!("{direction}.rules[{ri}].terms[{j}]"),
                            _ => format!("{direction}.rules[{ri}]"),
                        };
                        return Err(Error::new(
                            ErrorCode::PolicyTooLarge,
                            path,
                            format!(
                                "a term is limited to {MAX_SKELETON} letters and digits once \
                                 normalised (compatibility forms can expand one character)"
                            ),
                        ));
                    }
                    let mut b = Vec::with_capacity(shape.chars.len());
                    let mut buf = [0u8; 4];
                    for c in &shape.chars {
                        b.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    let flags =
                        (anchor_start as u8) | (anchor_end as u8) << 1 | (is_allow as u8) << 2;
                    let key = {
                        let mut h = FnvHasher::default();
                        h.write(&b);
                        h.write(&shape.counts);
                        h.write_u16(ri as u16);
                        h.write_u8(flags);
                        h.finish()
                    };
                    let same = |i: usize| {
                        let q: &Pattern = &patterns[i];
                        bytes[i] == b
                            && *q.counts == *shape.counts
                            && *q.word_starts == *shape.word_starts
                            && q.rule == ri as u16
                            && (q.anchor_start as u8)
                                | (q.anchor_end as u8) << 1
                                | (q.allow as u8) << 2
                                == flags
                    };
                    let dup = seen
                        .get(&key)
                        .is_some_and(|is| is.iter().any(|&i| same(i as usize)));
                    if dup {
                        continue; // the same pattern twice in one rule
                    }
                    seen.entry(key).or_default().push(patterns.len() as u32);
                    // (a phrase is not matched with hidden letters, and a spelled-out
                    // shape has its term's letters again)
                    let new_letters = shape
                        .word_starts
                        .is_empty()
                        .then(|| -> Vec<char> {
                            let runs = shape.chars.iter().zip(&shape.counts);
                            runs.flat_map(|(&c, &n)| std::iter::repeat_n(c, usize::from(n)))
                                .collect()
                        })
                        .filter(|chars| !letters.contains(chars));
                    patterns.push(Pattern {
                        rule: ri as u16,
                        category,
                        len: shape.chars.len() as u16,
                        counts: shape.counts.into_boxed_slice(),
                        word_starts: shape.word_starts.into_boxed_slice(),
                        anchor_start,
                        anchor_end,
                        extend_start: word && open_start && !is_allow,
                        extend_end: word && open_end && !is_allow,
                        has_letter: shape.has_letter,
                        allow: is_allow,
                    });
                    bytes.push(b);
                    if let Some(chars) = new_letters {
                        let i = patterns.len() - 1;
                        masked.add(&chars, i as u32, &patterns[i]);
                        letters.push(chars);
                    }
                }
            }
        }
        categories.push(OVERLONG.to_string()); // the last category: fail-closed cuts
        let extends_start = patterns.iter().any(|p| p.extend_start);
        let dfa = Dfa::new(&bytes);
        let quick = (0..dfa.states())
            .map(|n| {
                let ps = dfa.matches((n * dfa.stride) as u32);
                let all = |f: &dyn Fn(&Pattern) -> bool| {
                    !ps.is_empty() && ps.iter().all(|&p| f(&patterns[p as usize]))
                };
                Quick {
                    need_double_last: all(&|p| {
                        !p.allow && p.counts.last().is_some_and(|&c| c >= 2)
                    }),
                    anchored_end: all(&|p| !p.allow && p.anchor_end),
                }
            })
            .collect();
        let skim = Skim::new(&dfa);
        masked.built();
        Ok(KeywordSet {
            dfa,
            patterns,
            categories,
            extends_start,
            quick,
            skim,
            masked,
        })
    }

    /// Whether the set has no pattern (nothing to scan for).
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The name of category `i` (from [`KeywordMatch::category`]).
    pub fn category(&self, i: usize) -> &str {
        self.categories.get(i).map_or("", String::as_str)
    }

    /// The number of categories (the last is that of fail-closed cuts).
    pub fn category_count(&self) -> usize {
        self.categories.len()
    }

    /// The category index of fail-closed cuts (`overlong`).
    pub fn overlong_category(&self) -> usize {
        self.categories.len() - 1
    }

    /// Number of compiled patterns (terms, their variants and allow entries).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// The automaton.
    pub fn dfa(&self) -> &Dfa {
        &self.dfa
    }

    /// A scanner for one text or stream.
    pub fn scanner(&self) -> KeywordScanner {
        KeywordScanner {
            state: 0,
            pos: 0,
            ring: Box::new([Entry::default(); RING]),
            gap: MAX_GAP + 1,
            pending: Vec::new(),
            verified: Vec::new(),
            allows: Vec::new(),
            consumed: 0,
            word_start: 0,
            masked: masked::Scanner::default(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The scanner

/// Whether the ASCII loop's cheap tests reject every candidate ending in `state` when the
/// skeleton byte `bytes[i]` steps into it, read from the raw bytes instead of entries:
/// every candidate is a whole-word pattern glued to a letter before it, or what follows
/// rules them all out (see [`Quick`]). `false` when it cannot tell: the walk back reaches
/// the start of `bytes` (whose entry may continue one before) or a non-ASCII byte, or the
/// look ahead reaches the end or a non-ASCII byte.
#[inline(never)]
fn rejects_raw(set: &KeywordSet, bytes: &[u8], i: usize, state: u32) -> bool {
    let dfa = &set.dfa;
    if dfa.matches(state).iter().all(|&pid| {
        let p = &set.patterns[pid as usize];
        !p.allow && p.anchor_start && glued_raw(bytes, i, p.len) == Some(true)
    }) {
        return true;
    }
    let (Some(&nb), Some((f, _))) = (bytes.get(i + 1), normalize_ascii(bytes[i])) else {
        return false;
    };
    if nb >= 0x80 {
        return false;
    }
    let quick = set.quick[dfa.number(state)];
    if quick.rejects(f, nb) {
        return true;
    }
    if !quick.anchored_end {
        return false;
    }
    // the letter repeats: past its run, a letter or digit glued to it still rules out
    // every whole-word candidate (however long the run, the word goes on)
    let mut k = i + 1;
    while let Some(&b) = bytes.get(k) {
        if b >= 0x80 {
            return false;
        }
        match normalize_ascii(b) {
            Some((g, _)) if g == f => k += 1,
            Some((_, kind)) => return kind.is_word(),
            None => return false,
        }
    }
    false
}

/// Whether a pattern of `len` entries whose last entry starts at byte `i` (a skeleton byte
/// that is not a repeat) has its first entry glued to a word entry before it: no
/// separator between, and a letter or digit in the run before. `None` when the walk
/// reaches the start of `bytes` or a non-ASCII byte (whose character it does not read).
fn glued_raw(bytes: &[u8], i: usize, len: u16) -> Option<bool> {
    // `None`: not ASCII; else the byte's fold (`None` for a separator)
    let fold = |k: usize| (bytes[k] < 0x80).then(|| normalize_ascii(bytes[k]));
    let mut s = i;
    for _ in 1..len {
        // the entry before: back over separators, then over its run
        let mut e = s.checked_sub(1)?;
        while fold(e)?.is_none() {
            e = e.checked_sub(1)?;
        }
        let (f, _) = fold(e)??;
        s = e;
        while fold(s.checked_sub(1)?)?.is_some_and(|(g, _)| g == f) {
            s -= 1;
        }
    }
    // the byte before the first entry: a separator means a gap
    let (pf, pk) = match fold(s.checked_sub(1)?)? {
        None => return Some(false),
        Some(x) => x,
    };
    // the run before: a word entry when any of its bytes is a letter or digit
    let mut x = s - 1;
    let mut word = pk.is_word();
    while !word {
        x = x.checked_sub(1)?;
        match fold(x)? {
            Some((g, k)) if g == pf => word = k.is_word(),
            _ => break,
        }
    }
    Some(word)
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    ch: char,
    kind: Kind,
    /// Length of the run (saturating: a term's counts are `u8` too, so `count < needed`
    /// is exact).
    count: u8,
    /// Separators between the previous entry and this one (saturating).
    gap: u8,
    start: usize,
    end: usize,
}

impl Entry {
    /// One more of the same character right after (`fuuuck`): the run grows to `end`, and
    /// becomes a word entry if this character is a letter or digit.
    #[inline(always)]
    fn stretch(&mut self, kind: Kind, end: usize) {
        self.count = self.count.saturating_add(1);
        self.end = end;
        if kind.is_word() {
            self.kind = kind;
        }
    }
}

impl Default for Entry {
    fn default() -> Self {
        Entry {
            ch: '\0',
            kind: Kind::Symbol,
            count: 0,
            gap: MAX_GAP + 1,
            start: 0,
            end: 0,
        }
    }
}

/// A verified candidate waiting until no allow entry could still cover it and, for a
/// `term*`, until its word ends.
#[derive(Debug, Clone, Copy)]
struct Verified {
    pattern: u32,
    start_pos: u64,
    end_pos: u64,
    start: usize,
    end: usize,
    open: Open,
}

/// How a `term*` finding is still growing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// Not growing.
    Done,
    /// Growing over the letters of its word.
    Tight,
    /// Growing over spaced-out single letters (`f.u.c.k.i.n.g`); the last letter seen is
    /// taken only once a separator confirms it stands alone: `(position, end byte)`.
    Spaced(Option<(u64, usize)>),
}

/// What follows the last skeleton character when its candidates are verified.
#[derive(Clone, Copy)]
enum Next {
    /// A separator or the end of the text.
    Boundary,
    /// Another skeleton character, directly after.
    Char(Kind),
}

/// The incremental state of one scan: feed text in pieces, then [`finish`](Self::finish).
#[derive(Debug, Clone)]
pub struct KeywordScanner {
    state: u32,
    /// Number of skeleton entries so far; the last one is `pos - 1`.
    pos: u64,
    /// The last [`RING`] entries, entry `pos` at `pos % RING`: every pattern is shorter
    /// (see [`MAX_SKELETON`]), so a candidate's entries and the one before it are there.
    ring: Box<[Entry; RING]>,
    /// Separators since the last entry. Never 0 while there is no entry (`pos == 0`):
    /// a new or restarted scanner starts with more than [`MAX_GAP`], so `gap == 0`
    /// implies an entry before.
    gap: u8,
    /// Patterns ending at the last entry, not verified yet (its run may still grow).
    pending: Vec<u32>,
    verified: Vec<Verified>,
    /// Allow entries seen: (rule, start_pos, end_pos).
    allows: Vec<(u16, u64, u64)>,
    /// Bytes consumed so far.
    consumed: usize,
    /// Start byte of the current word (letters with no separator between them).
    word_start: usize,
    /// The current word, for hidden letters.
    masked: masked::Scanner,
}

impl KeywordScanner {
    #[inline(always)]
    fn entry(&self, pos: u64) -> &Entry {
        &self.ring[pos as usize % RING]
    }

    /// Feeds `text`, whose first byte is at absolute offset `base` of the whole stream.
    /// Decided matches are appended to `out`, in the order they are decided.
    pub fn feed(&mut self, set: &KeywordSet, text: &str, base: usize, out: &mut Vec<KeywordMatch>) {
        self.feed_maybe_last(set, text, base, out, false)
    }

    /// [`Self::feed`] for the last text before [`Self::finish`], which must come next (or
    /// [`Self::restart`]): the same matches, but a clean stretch at the end leaves the
    /// state only, not the entries and offsets a later byte or [`Self::hold_from`] would
    /// read (a one-shot scan never reads them).
    pub fn feed_last(
        &mut self,
        set: &KeywordSet,
        text: &str,
        base: usize,
        out: &mut Vec<KeywordMatch>,
    ) {
        self.feed_maybe_last(set, text, base, out, true)
    }

    fn feed_maybe_last(
        &mut self,
        set: &KeywordSet,
        text: &str,
        base: usize,
        out: &mut Vec<KeywordMatch>,
        last: bool,
    ) {
        if set.dfa.is_narrow() {
            self.feed_with::<Narrow>(set, text, base, out, last)
        } else {
            self.feed_with::<Wide>(set, text, base, out, last)
        }
    }

    // (not inlined into `feed_maybe_last`: a policy runs one of its two instances, and V8
    // compiles a wasm function whole at its first call)
    #[inline(never)]
    fn feed_with<S: Step>(
        &mut self,
        set: &KeywordSet,
        text: &str,
        base: usize,
        out: &mut Vec<KeywordMatch>,
        last: bool,
    ) {
        let bytes = text.as_bytes();
        // words with hidden letters: the first `*`, and what the automaton held before this
        // text (read only when a `*` shows); nothing to do for the last text when it has
        // no `*` and none is open (a one-shot scan of most messages)
        let masked = if set.masked.is_empty() {
            None
        } else {
            let star = masked::find_star(bytes);
            match (star, self.masked.hold_from()) {
                (None, None) if last => None,
                (None, _) => Some((None, 0)),
                (Some(s), _) => Some((Some(s), self.automaton_hold_from(set))),
            }
        };
        let mut i = 0usize;
        while i < bytes.len() {
            if self.pending.is_empty() && self.verified.is_empty() {
                // nothing to verify or grow: the lean loops over ASCII
                match &set.skim {
                    Some(skim) => {
                        // up to a byte that ends a pattern, then that byte alone
                        i += self.skim(set, skim, bytes, i, base, last);
                        if i < bytes.len() && bytes[i] < 0x80 {
                            i += self.fast_ascii::<S>(set, &bytes[i..], base + i, 1);
                        }
                    }
                    None => i += self.fast_ascii::<S>(set, &bytes[i..], base + i, usize::MAX),
                }
                if i >= bytes.len() {
                    break;
                }
                if bytes[i] < 0x80 && self.pending.is_empty() {
                    continue;
                }
            }
            let b = bytes[i];
            if b < 0x80 {
                match normalize_ascii(b) {
                    Some((f, k)) => {
                        self.on_skel::<S>(set, f as char, k, base + i, base + i + 1, out)
                    }
                    None => self.on_sep(set, out),
                }
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                let (start, end) = (base + i, base + i + c.len_utf8());
                normalize_char(c, &mut |item| match item {
                    Item::Skel(ch, k) => self.on_skel::<S>(set, ch, k, start, end, out),
                    Item::Sep => self.on_sep(set, out),
                    Item::Extend => self.on_extend(end),
                });
                i += c.len_utf8();
            }
        }
        self.consumed = base + bytes.len();
        if let Some((star, floor)) = masked {
            self.masked.feed(set, text, base, star, floor, out);
        }
    }

    /// The hot loop: ASCII text while no candidate is pending or growing (the common case).
    /// Does what [`Self::on_skel`] and [`Self::on_sep`] do in that state, with the hot fields
    /// in locals. Returns the bytes consumed: it stops before a non-ASCII byte and after a
    /// byte that ends a pattern (whose candidates are then pending), or after `max` bytes.
    #[inline(always)]
    fn fast_ascii<S: Step>(
        &mut self,
        set: &KeywordSet,
        bytes: &[u8],
        base: usize,
        max: usize,
    ) -> usize {
        let dfa = &set.dfa;
        let mut state = self.state;
        let mut pos = self.pos;
        let mut gap = self.gap;
        let mut word_start = self.word_start;
        let mut last = if pos > 0 {
            self.ring[(pos - 1) as usize % RING].ch
        } else {
            '\0'
        };
        let mut hit = 0u32;
        let mut i = 0usize;
        let ring = &mut *self.ring;
        let end = bytes.len().min(max);
        while i < end {
            let b = bytes[i];
            if b >= 0x80 {
                break;
            }
            let Some((f, kind)) = normalize_ascii(b) else {
                gap = gap.saturating_add(1);
                if gap == MAX_GAP + 1 {
                    state = Dfa::START; // nothing spans this gap
                }
                i += 1;
                continue;
            };
            let ch = f as char;
            let start = base + i;
            i += 1;
            // (`gap == 0` implies `pos > 0`: a scanner starts with a gap, see `gap`)
            if gap == 0 && last == ch {
                // a stretched letter: the run grows, the automaton does not move
                ring[(pos - 1) as usize % RING].stretch(kind, start + 1);
                continue;
            }
            if gap > 0 {
                word_start = start;
            }
            ring[pos as usize % RING] = Entry {
                ch,
                kind,
                count: 1,
                gap,
                start,
                end: start + 1,
            };
            pos += 1;
            gap = 0;
            last = ch;
            let t = S::step(dfa, state, f);
            state = t;
            if dfa.is_match(t) {
                // is every candidate a whole-word pattern whose first letter is glued to a
                // letter before it (`ass` in `class`)? Then none can match, whatever comes
                // next: the same test as `check`, on entries that are final
                let glued = |len: u16| {
                    let start = pos - u64::from(len);
                    start > 0
                        && ring[start as usize % RING].gap == 0
                        && ring[(start - 1) as usize % RING].kind.is_word()
                };
                if dfa.matches(t).iter().all(|&pid| {
                    let p = &set.patterns[pid as usize];
                    !p.allow && p.anchor_start && glued(p.len)
                }) {
                    continue;
                }
                // can the next character alone reject every candidate? (the run of `ch`
                // is 1 now and stays 1 unless the next character repeats it)
                if let Some(&nb) = bytes.get(i) {
                    if nb < 0x80 && set.quick[dfa.number(t)].rejects(f, nb) {
                        continue;
                    }
                }
                hit = t;
                break;
            }
        }
        self.state = state;
        self.pos = pos;
        self.gap = gap;
        self.word_start = word_start;
        if hit != 0 {
            self.pending.extend_from_slice(dfa.matches(hit));
        }
        i
    }

    /// The leanest loop, while nothing is pending or growing: runs the skim automaton over
    /// the ASCII bytes of `all` from `from` (whose first byte is at absolute offset `base`)
    /// without writing entries, stops before a byte that ends a pattern, a
    /// non-ASCII byte or the end, then rebuilds what the ASCII loop would have left: the
    /// entries the automaton can still read (its depth, and one before for the word
    /// boundary; one more is rebuilt as a margin), the separator count and the current
    /// word's start (not when it reaches the end of the `last` text: nothing reads them
    /// before [`Self::finish`]). Returns the bytes consumed.
    fn skim(
        &mut self,
        set: &KeywordSet,
        skim: &Skim,
        all: &[u8],
        from: usize,
        base: usize,
        last: bool,
    ) -> usize {
        // (the bytes before `from`, already fed, are read to reject candidates only)
        let bytes = &all[from..];
        let base = base + from;
        let dfa = &set.dfa;
        // (ids as `usize`: no conversion in the loop)
        let mut r = skim.enter(dfa, self.state, self.gap) as usize;
        let exit = skim.exit as usize;
        let mut i = 0usize;
        loop {
            (i, r) = skim.run(bytes, i, r);
            // a step into a state where patterns end: go on if the bytes around reject
            // every candidate, else stop before this byte
            let Some(&b) = bytes.get(i) else { break };
            match skim.targets.get((skim.step(r, b) - exit).wrapping_sub(1)) {
                Some(&(next, state)) if rejects_raw(set, all, from + i, state) => {
                    r = next as usize;
                    i += 1;
                }
                _ => break,
            }
        }
        if i == 0 {
            return 0;
        }
        if last && i == bytes.len() {
            // (finish reads the state alone: nothing is pending or verified here)
            let (state, gap) = skim.leave(dfa, r as SkimId);
            self.state = state;
            self.gap = gap;
            return i;
        }
        let (state, gap) = skim.leave(dfa, r as SkimId);
        // Walk back to the entry `need` entries before the end. An entry starts at a
        // skeleton byte after a separator or a different letter; the first byte's entry
        // may continue the scanner's last one, so reaching it means replaying everything.
        let need = dfa.depth(state) + 2;
        let mut from = None;
        let mut count = 0;
        let mut k = i;
        while k > 1 {
            k -= 1;
            if bytes[k - 1] == bytes[k] {
                // a byte that repeats the one before never starts an entry: to the run's
                // first byte at once (one letter 1 MB long is walked eight bytes a time)
                k = swar::run_start(bytes, k);
                if k == 0 {
                    break;
                }
            }
            let Some((f, _)) = normalize_ascii(bytes[k]) else {
                continue;
            };
            if normalize_ascii(bytes[k - 1]).is_none_or(|(p, _)| p != f) {
                count += 1;
                if count == need {
                    from = Some(k);
                    break;
                }
            }
        }
        let old_gap = self.gap;
        let old_word_start = self.word_start;
        let from = match from {
            None => 0,
            Some(k) => {
                // entries before `k` are never read: the entry at `k` takes the next
                // position (the one before it is never read either: a candidate starts
                // at least one entry later), as a new run
                self.gap = MAX_GAP + 1;
                k
            }
        };
        self.replay(&bytes[from..i], base + from);
        debug_assert_eq!(self.gap.min(MAX_GAP + 1), gap);
        if from > 0 && self.gap == 0 && set.extends_start && self.word_start == base + from {
            // no separator since `from`: the current word may start before it
            let mut w = from;
            while w > 0 && normalize_ascii(bytes[w - 1]).is_some() {
                w -= 1;
            }
            self.word_start = if w > 0 || old_gap > 0 {
                base + w
            } else {
                old_word_start
            };
        }
        self.state = state;
        i
    }

    /// Writes the entries of ASCII `bytes` (no pattern ends in them) as the ASCII loop
    /// does, without stepping the automaton.
    fn replay(&mut self, bytes: &[u8], base: usize) {
        let mut k = 0;
        while let Some(&b) = bytes.get(k) {
            let Some((f, kind)) = normalize_ascii(b) else {
                self.gap = self.gap.saturating_add(1);
                k += 1;
                continue;
            };
            let start = base + k;
            let ch = f as char;
            if self.gap == 0 {
                let e = &mut self.ring[(self.pos - 1) as usize % RING];
                if e.ch == ch {
                    // this byte and its repeats stretch the run at once (as many
                    // stretches would: the same byte is of the same kind)
                    let n = swar::run_len(bytes, k);
                    e.stretch(kind, start + n);
                    e.count = e
                        .count
                        .saturating_add(u8::try_from(n - 1).unwrap_or(u8::MAX));
                    k += n;
                    continue;
                }
            } else {
                self.word_start = start;
            }
            self.push_entry(ch, kind, start, start + 1);
            k += 1;
        }
    }

    /// Appends a new entry (a run of one) after the current separator count.
    #[inline(always)]
    fn push_entry(&mut self, ch: char, kind: Kind, start: usize, end: usize) {
        self.ring[self.pos as usize % RING] = Entry {
            ch,
            kind,
            count: 1,
            gap: self.gap,
            start,
            end,
        };
        self.pos += 1;
        self.gap = 0;
    }

    /// Makes this scanner new again (as [`KeywordSet::scanner`] makes it), keeping its
    /// buffers: a one-shot scan per message reuses one scanner.
    pub fn restart(&mut self) {
        // every field is named, so a new one cannot be forgotten here
        let KeywordScanner {
            state,
            pos,
            // (kept as it is: every read is of a position below `pos`, and each of those
            // is written after a restart before it is read)
            ring: _,
            gap,
            pending,
            verified,
            allows,
            consumed,
            word_start,
            masked,
        } = self;
        *state = Dfa::START;
        *pos = 0;
        *gap = MAX_GAP + 1;
        pending.clear();
        verified.clear();
        allows.clear();
        *consumed = 0;
        *word_start = 0;
        masked.reset(0);
    }

    /// Forgets everything open, as after a hard break at absolute offset `at`: used when
    /// the held text is cut off (fail closed) and matching restarts.
    pub fn reset(&mut self, at: usize) {
        self.state = Dfa::START;
        self.pending.clear();
        self.verified.clear();
        self.allows.clear();
        self.gap = MAX_GAP + 1;
        self.word_start = at;
        self.masked.reset(at);
    }

    /// Ends the text: verifies and decides everything still open.
    pub fn finish(&mut self, set: &KeywordSet, out: &mut Vec<KeywordMatch>) {
        if !self.pending.is_empty() {
            self.verify_pending(set, Next::Boundary);
        }
        for v in &mut self.verified {
            if let Open::Spaced(Some((p, e))) = v.open {
                v.end_pos = p;
                v.end = e;
            }
            v.open = Open::Done;
        }
        self.state = 0;
        self.gap = MAX_GAP + 1;
        self.decide(set, out);
        if !set.masked.is_empty() {
            self.masked.finish(set, out);
        }
    }

    /// The earliest absolute byte offset that a later chunk could still make part of a
    /// match: text before it is final. Equals the bytes consumed when nothing is open.
    pub fn hold_from(&self, set: &KeywordSet) -> usize {
        let from = self.automaton_hold_from(set);
        self.masked.hold_from().map_or(from, |m| from.min(m))
    }

    /// [`Self::hold_from`] for the automaton's matches alone.
    fn automaton_hold_from(&self, set: &KeywordSet) -> usize {
        let mut from = self.consumed;
        let depth = set.dfa.depth(self.state) as u64;
        if depth > 0 {
            from = from.min(self.entry(self.pos - depth).start);
        }
        for v in &self.verified {
            from = from.min(v.start);
        }
        if set.extends_start && self.gap == 0 && self.pos > 0 {
            // a `*term` later in this word would extend back to its start
            from = from.min(self.word_start);
        }
        from
    }

    #[inline(always)]
    fn on_skel<S: Step>(
        &mut self,
        set: &KeywordSet,
        ch: char,
        kind: Kind,
        start: usize,
        end: usize,
        out: &mut Vec<KeywordMatch>,
    ) {
        if self.gap == 0 && self.pos > 0 {
            let last = &mut self.ring[(self.pos - 1) as usize % RING];
            if last.ch == ch {
                // a stretched letter: the run grows, the automaton does not move
                last.stretch(kind, end);
                if !self.verified.is_empty() {
                    self.extend_last(end);
                }
                return;
            }
        }
        if !self.pending.is_empty() {
            let next = if self.gap == 0 {
                Next::Char(kind)
            } else {
                Next::Boundary
            };
            self.verify_pending(set, next);
        }
        if !self.verified.is_empty() {
            self.grow(self.pos, self.gap, kind, end);
        }
        if self.gap > 0 || self.pos == 0 {
            self.word_start = start;
        }
        self.push_entry(ch, kind, start, end);
        let mut s = self.state;
        if ch.is_ascii() {
            s = S::step(&set.dfa, s, ch as u8);
        } else {
            let mut buf = [0u8; 4];
            for &b in ch.encode_utf8(&mut buf).as_bytes() {
                s = S::step(&set.dfa, s, b);
            }
        }
        self.state = s;
        if set.dfa.is_match(s) {
            self.pending.extend_from_slice(set.dfa.matches(s));
        }
        if !self.verified.is_empty() {
            self.decide(set, out);
        }
    }

    #[inline(always)]
    fn on_sep(&mut self, set: &KeywordSet, out: &mut Vec<KeywordMatch>) {
        if self.gap == 0 && !self.pending.is_empty() {
            self.verify_pending(set, Next::Boundary);
        }
        self.gap = self.gap.saturating_add(1);
        if !self.verified.is_empty() {
            let gap = self.gap;
            for v in &mut self.verified {
                v.open = match v.open {
                    Open::Tight => Open::Done,
                    // a separator confirms the spaced letter before it
                    Open::Spaced(Some((p, e))) => {
                        v.end_pos = p;
                        v.end = e;
                        Open::Spaced(None)
                    }
                    Open::Spaced(None) if gap > MAX_GAP => Open::Done,
                    o => o,
                };
            }
            self.decide(set, out);
        }
        if self.gap == MAX_GAP + 1 && self.state != 0 {
            // too many separators: nothing spans this gap
            self.state = 0;
            if !self.verified.is_empty() {
                self.decide(set, out);
            }
        }
    }

    #[inline(always)]
    fn on_extend(&mut self, end: usize) {
        if self.gap == 0 && self.pos > 0 {
            self.ring[(self.pos - 1) as usize % RING].end = end;
            if !self.verified.is_empty() {
                self.extend_last(end);
            }
        }
    }

    /// The last entry grew to `end` (a stretched letter, a combining mark): open
    /// findings ending there grow with it.
    fn extend_last(&mut self, end: usize) {
        let last = self.pos - 1;
        for v in &mut self.verified {
            match &mut v.open {
                Open::Tight if v.end_pos == last => v.end = end,
                Open::Spaced(Some((p, e))) if *p == last => *e = end,
                _ => {}
            }
        }
    }

    /// A new entry at `pos` (after `gap` separators) arrives: open findings grow over it
    /// or stop.
    fn grow(&mut self, pos: u64, gap: u8, kind: Kind, end: usize) {
        for v in &mut self.verified {
            v.open = match v.open {
                Open::Done => Open::Done,
                Open::Tight if gap == 0 && kind.is_word() => {
                    v.end_pos = pos;
                    v.end = end;
                    Open::Tight
                }
                Open::Tight => Open::Done,
                // the pending spaced letter has a neighbour: it was not alone, stop before it
                Open::Spaced(Some(_)) if gap == 0 => Open::Done,
                Open::Spaced(_) if gap == 0 || gap > MAX_GAP || !kind.is_word() => Open::Done,
                Open::Spaced(_) => Open::Spaced(Some((pos, end))),
            };
        }
    }

    /// Verifies the candidates ending at the last entry, now that what follows is known.
    fn verify_pending(&mut self, set: &KeywordSet, next: Next) {
        let pending = std::mem::take(&mut self.pending);
        let end_pos = self.pos - 1;
        for &pid in &pending {
            let p = &set.patterns[pid as usize];
            let start_pos = end_pos + 1 - p.len as u64;
            if self.check(p, start_pos, end_pos, next) {
                if p.allow {
                    self.allows.push((p.rule, start_pos, end_pos));
                } else {
                    let spaced = p.len > 1 && self.entry(end_pos).gap > 0;
                    let open = match (p.extend_end, spaced) {
                        (false, _) => Open::Done,
                        (true, false) => Open::Tight,
                        (true, true) => Open::Spaced(None),
                    };
                    let mut start = self.entry(start_pos).start;
                    if p.extend_start && !spaced {
                        start = start.min(self.word_start);
                    }
                    self.verified.push(Verified {
                        pattern: pid,
                        start_pos,
                        end_pos,
                        start,
                        end: self.entry(end_pos).end,
                        open,
                    });
                }
            }
        }
        self.pending = pending;
        self.pending.clear();
    }

    /// Whether the candidate `p` over entries `start_pos..=end_pos` holds, `next` after
    /// it. An allow entry is checked as a term is, but for word boundaries (it has none):
    /// each letter as often as the entry has it (`assess` allows `assess`, not `asses`),
    /// and no separator but between the words of a phrase (`ass essentially` is no
    /// `assess`).
    fn check(&self, p: &Pattern, start_pos: u64, end_pos: u64, next: Next) -> bool {
        let first = self.entry(start_pos);
        // word boundary before
        if p.anchor_start
            && first.gap == 0
            && start_pos > 0
            && self.entry(start_pos - 1).kind.is_word()
        {
            return false;
        }
        // word boundary after
        if p.anchor_end {
            if let Next::Char(k) = next {
                if k.is_word() {
                    return false;
                }
            }
        }
        let mut spaced = false;
        let mut tight = false;
        let mut all_digits = true;
        let mut ws = p.word_starts.iter().peekable();
        for (k, pos) in (start_pos..=end_pos).enumerate() {
            let e = self.entry(pos);
            if e.count < p.counts[k] {
                return false;
            }
            all_digits &= e.kind == Kind::Digit;
            if k == 0 {
                continue;
            }
            let phrase_break = ws.peek().is_some_and(|&&w| w as usize == k);
            if phrase_break {
                ws.next();
                continue;
            }
            if e.gap > 0 {
                spaced = true;
            } else {
                tight = true;
            }
        }
        if spaced && tight {
            return false; // `fu ck`, `it's hit`: separators only where every letter is alone
        }
        if spaced && p.allow {
            // an allow entry spelled out would borrow letters from the words around a
            // spaced-out term (`please s h i t are` is no `eshita`)
            return false;
        }
        !(all_digits && p.has_letter)
    }

    /// Emits the verified candidates that no live partial match could still cover.
    fn decide(&mut self, set: &KeywordSet, out: &mut Vec<KeywordMatch>) {
        let live_start = self.pos - set.dfa.depth(self.state) as u64;
        let allows = &self.allows;
        self.verified.retain(|v| {
            if v.start_pos >= live_start || v.open != Open::Done {
                return true; // still growing, or an allow entry in progress could cover it
            }
            let p = &set.patterns[v.pattern as usize];
            // an allow entry cancels the match when it covers the term's own letters, not
            // those of the rest of the word a `term*` finding grew over (`shiitakes`)
            let term_end = v.start_pos + u64::from(p.len) - 1;
            let allowed = allows
                .iter()
                .any(|&(r, s, e)| r == p.rule && s <= v.start_pos && e >= term_end);
            if !allowed {
                out.push(KeywordMatch {
                    rule: p.rule as usize,
                    category: p.category as usize,
                    start: v.start,
                    end: v.end,
                });
            }
            false
        });
        let keep_from = self
            .verified
            .iter()
            .map(|v| v.start_pos)
            .min()
            .unwrap_or(live_start)
            .min(live_start);
        self.allows.retain(|a| a.2 >= keep_from);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every match, with the hold-back point after each piece, scanning `text` cut at
    /// `cuts` (byte offsets on char boundaries).
    fn scan_pieces(set: &KeywordSet, text: &str, cuts: &[usize]) -> Vec<(usize, usize, usize)> {
        scan_pieces_with(&mut set.scanner(), set, text, cuts)
    }

    /// [`scan_pieces`] on a scanner restarted first (one reused from scan to scan).
    fn scan_pieces_with(
        sc: &mut KeywordScanner,
        set: &KeywordSet,
        text: &str,
        cuts: &[usize],
    ) -> Vec<(usize, usize, usize)> {
        sc.restart();
        let mut out = Vec::new();
        let mut holds = Vec::new();
        let mut at = 0;
        for &c in cuts.iter().chain([&text.len()]) {
            sc.feed(set, &text[at..c], at, &mut out);
            holds.push((usize::MAX, sc.hold_from(set), c));
            at = c;
        }
        sc.finish(set, &mut out);
        let mut r: Vec<_> = out.iter().map(|m| (m.rule, m.start, m.end)).collect();
        r.extend(holds);
        r
    }

    #[test]
    fn skim_agrees_with_the_entry_loop() {
        // the same sets with and without the skim automaton must find the same matches
        // and hold back the same text, whole and in pieces, on text dense in near-misses
        let policy = r#"{"input":{"rules":[
            {"id":"en","detector":"keywords","builtin":"en","action":"mask"},
            {"id":"x","detector":"keywords","terms":["secret plan","zap*","*wolf","kk","a.b"],
             "allow":["zapper"],"action":"flag"}]}}"#;
        let g = crate::Guard::from_json(policy).unwrap();
        let set = &g.compiled().direction(crate::Direction::Input).keywords;
        assert!(set.skim.is_some(), "the test set is small enough to skim");
        let mut plain = set.clone();
        plain.skim = None;
        let mut reused = set.scanner();
        let atoms = [
            "a",
            "s",
            "ss",
            "as",
            "ass",
            "class",
            "f",
            "u",
            "c",
            "k",
            "fuck",
            "fuuuck",
            "sh",
            "i",
            "t",
            "shit",
            "@",
            "$",
            "1",
            "3",
            "0",
            "!",
            " ",
            ".",
            "-",
            "  ",
            "   ",
            "    ",
            "é",
            // (a separator whose last byte, masked to 7 bits, reads as the digit 0)
            "°",
            "ѕ",
            "ｆ",
            "\u{200d}",
            "\u{200b}",
            "\u{fe0f}",
            "😀",
            "\u{301}",
            "secret",
            "plan",
            "zap",
            "zapper",
            "wolf",
            "were",
            "kk",
            "k",
            "b",
            "x",
            "\n",
            "Scunthorpe",
            "bitch",
            "b1tch",
            "d",
            // runs the skim crosses eight bytes at a time
            "aaaaaaaaaaaa",
            "ssssssssss",
            "7777777777",
            "@@@@@@@@@@@",
            "...........",
        ];
        // non-ASCII characters between letters and separators: after a letter a mark or
        // an invisible character keeps the next one glued to it; a separator inside a
        // spaced word leaves a candidate open across it
        for text in [
            "x\u{301}ass x",
            "x\u{200b}ass x",
            "x\u{fe0f}ass x",
            "x😀ass x",
            "x😀\u{200d}ass x",
            "x 😀\u{200d}😀 ass x",
            "f😀u c k",
            "f u😀c k",
            "ass😀 x",
            "zap\u{301}per zap😀per",
            "°ass ass°",
        ] {
            let want = scan_pieces(&plain, text, &[]);
            assert_eq!(scan_pieces(set, text, &[]), want, "{text:?}");
        }
        let mut rand = crate::testing::rand(0x2545_f491_4f6c_dd1du64);
        for case in 0..3000 {
            let mut text = String::new();
            for _ in 0..rand(40) {
                text.push_str(atoms[rand(atoms.len())]);
            }
            let bounds: Vec<usize> = (1..text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let mut cuts: Vec<usize> = (0..rand(6))
                .filter_map(|_| bounds.get(rand(bounds.len().max(1))).copied())
                .collect();
            cuts.sort();
            cuts.dedup();
            for cs in [&[][..], &cuts[..]] {
                let want = scan_pieces(&plain, &text, cs);
                assert_eq!(
                    scan_pieces(set, &text, cs),
                    want,
                    "case {case}: {text:?} cut at {cs:?}"
                );
                // a scanner reused across all cases, restarted, agrees with a new one
                assert_eq!(
                    scan_pieces_with(&mut reused, set, &text, cs),
                    want,
                    "case {case}, reused scanner: {text:?} cut at {cs:?}"
                );
            }
        }
    }

    #[test]
    fn shapes_collapse_and_keep_counts() {
        let s = &term_shapes("ass")[0];
        assert_eq!(s.chars, vec!['a', 's']);
        assert_eq!(s.counts, vec![1, 2]);
        let p = &term_shapes("son of a bitch")[0];
        assert_eq!(p.word_starts, vec![3, 5, 6]);
        // hell, heii, and both spelled out
        let hell = term_shapes("hell");
        assert_eq!(hell.len(), 4);
        assert_eq!(hell[2].chars, vec!['h', 'e', 'l', 'l']);
        assert_eq!(hell[3].counts, vec![1, 1, 1, 1]);
        // a word start after a double letter moves along with it
        let kiss = &term_shapes("kiss ass")[1];
        assert_eq!(kiss.chars.iter().collect::<String>(), "kissass");
        assert_eq!(kiss.word_starts, vec![4]);
        assert_eq!(term_shapes("fuck").len(), 1);
    }

    #[test]
    fn dfa_reports_overlapping_matches_and_depth() {
        let pats: Vec<Vec<u8>> = vec![b"he".to_vec(), b"she".to_vec(), b"hers".to_vec()];
        let d = Dfa::new(&pats);
        let mut s = Dfa::START;
        let mut found = Vec::new();
        for (i, &b) in b"ushers".iter().enumerate() {
            s = d.next(s, b);
            for &m in d.matches(s) {
                found.push((m, i));
            }
        }
        found.sort();
        assert_eq!(found, vec![(0, 3), (1, 3), (2, 5)]);
        assert_eq!(d.depth(s), 4); // "hers"
    }

    #[test]
    fn builtin_en_parses_with_categories() {
        let l = builtin_list("en").unwrap();
        assert!(l.has_category("slur"));
        assert!(l.terms().count() > 100);
        assert!(l.allow().iter().any(|a| a == "shiitake"));
    }
}
