//! A VADER-faithful sentiment scorer (Hutto & Gilbert, 2014), matching the reference
//! `vadersentiment` 3.3.2 rule for rule (with the two special cases its current source
//! revised, see `SPECIAL`), including its quirks (which are part of the
//! scores people compare against):
//! - emoji are replaced by their lexicon description one code point at a time;
//! - tokens are split on Python's whitespace, and ASCII punctuation is stripped unless
//!   two or fewer characters would remain (emoticons such as `:)` survive);
//! - boosters and dampeners, scaled by distance (×0.95, ×0.9); `N_SCALAR` negation within
//!   three words; "never so/this" ×1.25; "without doubt"; ALL-CAPS emphasis when only
//!   some words are capitalised; "no" as a negation or a word; "least"; "kind of";
//!   special cases ("the shit", "kiss of death", ...) and booster bigrams ("sort of");
//! - the "but" rule with the reference's `list.index` lookup: each sentiment is scaled at
//!   the *first* position holding an equal value;
//! - `!` (up to 4) and `?` (2 or 3, or 4+) amplification; `compound = x / sqrt(x² + 15)`;
//! - results rounded like Python's `round` (3 decimals, 4 for compound).
//!
//! The lexicon and emoji lexicon are embedded from `data/vader/` (MIT, see its README).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Sentiment scores with VADER semantics: `compound` in [-1, 1]; `pos + neu + neg` ≈ 1
/// (all 0 for a text without words).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// Normalised, weighted composite score in [-1, 1].
    pub compound: f64,
    /// Proportion of positive weight.
    pub pos: f64,
    /// Proportion of neutral weight.
    pub neu: f64,
    /// Proportion of negative weight.
    pub neg: f64,
}

const B_INCR: f64 = 0.293;
const B_DECR: f64 = -0.293;
const C_INCR: f64 = 0.733;
const N_SCALAR: f64 = -0.74;

const NEGATE: &[&str] = &[
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

const BOOST_UP: &[&str] = &[
    "absolutely",
    "amazingly",
    "awfully",
    "completely",
    "considerable",
    "considerably",
    "decidedly",
    "deeply",
    "effing",
    "enormous",
    "enormously",
    "entirely",
    "especially",
    "exceptional",
    "exceptionally",
    "extreme",
    "extremely",
    "fabulously",
    "flipping",
    "flippin",
    "frackin",
    "fracking",
    "fricking",
    "frickin",
    "frigging",
    "friggin",
    "fully",
    "fuckin",
    "fucking",
    "fuggin",
    "fugging",
    "greatly",
    "hella",
    "highly",
    "hugely",
    "incredible",
    "incredibly",
    "intensely",
    "major",
    "majorly",
    "more",
    "most",
    "particularly",
    "purely",
    "quite",
    "really",
    "remarkably",
    "so",
    "substantially",
    "thoroughly",
    "total",
    "totally",
    "tremendous",
    "tremendously",
    "uber",
    "unbelievably",
    "unusually",
    "utter",
    "utterly",
    "very",
];

const BOOST_DOWN: &[&str] = &[
    "almost",
    "barely",
    "hardly",
    "kinda",
    "kindof",
    "kind-of",
    "less",
    "little",
    "marginal",
    "marginally",
    "occasional",
    "occasionally",
    "partly",
    "scarce",
    "scarcely",
    "slight",
    "slightly",
    "somewhat",
    "sorta",
    "sortof",
    "sort-of",
];

/// Two-word boosters (only reachable through the bigram check).
const BOOST_BIGRAMS: &[(&str, &str, f64)] = &[
    ("just", "enough", B_DECR),
    ("kind", "of", B_DECR),
    ("sort", "of", B_DECR),
];

/// Multi-word special cases (the one-word key "badass" can never match a joined sequence
/// in the reference, so it is not here). The two "heart" entries follow the reference's
/// current source (3.1 and -2.9), which revised 3.3.2's ("beating heart": 3.5, no "broken
/// heart"); everything else is as in 3.3.2.
const SPECIAL: &[(&[&str], f64)] = &[
    (&["the", "shit"], 3.0),
    (&["the", "bomb"], 3.0),
    (&["bad", "ass"], 1.5),
    (&["bus", "stop"], 0.0),
    (&["yeah", "right"], -2.0),
    (&["kiss", "of", "death"], -1.5),
    (&["to", "die", "for"], 3.0),
    (&["beating", "heart"], 3.1),
    (&["broken", "heart"], -2.9),
];

/// The words of [`SPECIAL`] and [`BOOST_BIGRAMS`]: a token carries its word's number
/// here (from 1), so the idiom checks compare numbers, not text.
const IDIOM_WORDS: [&str; 22] = [
    "the", "shit", "bomb", "bad", "ass", "bus", "stop", "yeah", "right", "kiss", "of", "death",
    "to", "die", "for", "beating", "heart", "broken", "just", "enough", "kind", "sort",
];

/// Byte equality in a constant.
const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The number of `w` among [`IDIOM_WORDS`] (from 1); a compile error when it is not there.
const fn idiom_id(w: &str) -> u8 {
    let mut i = 0;
    while i < IDIOM_WORDS.len() {
        if const_eq(IDIOM_WORDS[i], w) {
            return i as u8 + 1;
        }
        i += 1;
    }
    panic!("a word of an idiom is missing from IDIOM_WORDS")
}

/// [`SPECIAL`] by word numbers: the numbers (0 past the end) and the valence.
const SPECIAL_IDS: [([u8; 3], f64); SPECIAL.len()] = {
    let mut out = [([0u8; 3], 0.0); SPECIAL.len()];
    let mut i = 0;
    while i < SPECIAL.len() {
        let (words, v) = SPECIAL[i];
        let mut j = 0;
        while j < words.len() {
            out[i].0[j] = idiom_id(words[j]);
            j += 1;
        }
        out[i].1 = v;
        i += 1;
    }
    out
};

/// [`BOOST_BIGRAMS`] by word numbers.
const BIGRAM_IDS: [(u8, u8, f64); BOOST_BIGRAMS.len()] = {
    let mut out = [(0u8, 0u8, 0.0); BOOST_BIGRAMS.len()];
    let mut i = 0;
    while i < BOOST_BIGRAMS.len() {
        let (a, b, v) = BOOST_BIGRAMS[i];
        out[i] = (idiom_id(a), idiom_id(b), v);
        i += 1;
    }
    out
};

/// What the rules need to know about a token, packed in 32 bits (the lexicon holds the
/// same for each word, without the token's own capitals and "n't"): its valence in
/// tenths (bits 0 to 7) and [`Token::VALENCE`] when it has one, booster, capitals,
/// negation, its [`Tag`] (bits 16 to 19) and its idiom word ([`IDIOM_WORDS`], bits 20
/// to 24). Most tokens are in no list: their token is 0 or [`Token::UPPER`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Token(u32);

impl Token {
    const VALENCE: u32 = 1 << 8;
    const BOOST_UP: u32 = 1 << 9;
    const BOOST_DOWN: u32 = 1 << 10;
    const UPPER: u32 = 1 << 11;
    const NEGATION: u32 = 1 << 12;
    const TAG_SHIFT: u32 = 16;
    const IDIOM_SHIFT: u32 = 20;

    /// The word's valence (the lexicon's one-decimal rating).
    #[inline(always)]
    fn valence(self) -> Option<f64> {
        // tenths over ten: the same double as Python's float() of the one-decimal text
        (self.0 & Token::VALENCE != 0).then(|| f64::from(self.0 as u8 as i8) / 10.0)
    }

    /// Whether the word has a valence.
    #[inline(always)]
    fn has_valence(self) -> bool {
        self.0 & Token::VALENCE != 0
    }

    /// The word's booster increment (±0.293), if it is one.
    #[inline(always)]
    fn booster(self) -> Option<f64> {
        if self.0 & Token::BOOST_UP != 0 {
            Some(B_INCR)
        } else if self.0 & Token::BOOST_DOWN != 0 {
            Some(B_DECR)
        } else {
            None
        }
    }

    /// Whether the token is in capitals (Python's `isupper`).
    #[inline(always)]
    fn upper(self) -> bool {
        self.0 & Token::UPPER != 0
    }

    /// Whether the word negates (a negation word, or one with "n't").
    #[inline(always)]
    fn negation(self) -> bool {
        self.0 & Token::NEGATION != 0
    }

    /// Which word the rules name this is.
    #[inline(always)]
    fn tag(self) -> Tag {
        TAGS[((self.0 >> Token::TAG_SHIFT) & 15) as usize]
    }

    /// Its number among [`IDIOM_WORDS`] (from 1), or 0 when it is none.
    #[inline(always)]
    fn idiom(self) -> u8 {
        ((self.0 >> Token::IDIOM_SHIFT) & 31) as u8
    }

    fn set_valence(&mut self, tenths: i8) {
        self.0 = (self.0 & !0xff) | u32::from(tenths as u8) | Token::VALENCE;
    }

    fn set_tag(&mut self, tag: Tag) {
        self.0 = (self.0 & !(15 << Token::TAG_SHIFT)) | (tag as u32) << Token::TAG_SHIFT;
    }

    fn set_idiom(&mut self, id: u8) {
        self.0 = (self.0 & !(31 << Token::IDIOM_SHIFT)) | u32::from(id) << Token::IDIOM_SHIFT;
    }
}

/// The words the rules test by name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(u8)]
enum Tag {
    #[default]
    None,
    Kind,
    Of,
    No,
    Or,
    Nor,
    Least,
    At,
    Very,
    Never,
    So,
    This,
    Without,
    Doubt,
    But,
}

const TAGGED: [(&str, Tag); 14] = [
    ("kind", Tag::Kind),
    ("of", Tag::Of),
    ("no", Tag::No),
    ("or", Tag::Or),
    ("nor", Tag::Nor),
    ("least", Tag::Least),
    ("at", Tag::At),
    ("very", Tag::Very),
    ("never", Tag::Never),
    ("so", Tag::So),
    ("this", Tag::This),
    ("without", Tag::Without),
    ("doubt", Tag::Doubt),
    ("but", Tag::But),
];

/// Each [`Tag`] by its number.
const TAGS: [Tag; 16] = {
    use Tag::*;
    [
        None, Kind, Of, No, Or, Nor, Least, At, Very, Never, So, This, Without, Doubt, But, None,
    ]
};

/// [`TOKEN_BYTE`] flags: an ASCII capital, an ASCII small letter, a byte outside ASCII,
/// an apostrophe, ASCII punctuation (`string.punctuation`).
const T_UPPER: u16 = 1 << 8;
const T_LOWER: u16 = 1 << 9;
const T_HIGH: u16 = 1 << 10;
const T_APOS: u16 = 1 << 11;
const T_PUNCT: u16 = 1 << 12;

/// Each byte of a token: its ASCII lowercase in the low 8 bits, its `T_*` flags above.
static TOKEN_BYTE: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        let mut e = b.to_ascii_lowercase() as u16;
        if b.is_ascii_uppercase() {
            e |= T_UPPER;
        }
        if b.is_ascii_lowercase() {
            e |= T_LOWER;
        }
        if b >= 0x80 {
            e |= T_HIGH;
        }
        if b == b'\'' {
            e |= T_APOS;
        }
        if b.is_ascii_punctuation() {
            e |= T_PUNCT;
        }
        t[c] = e;
        c += 1;
    }
    t
};

/// The multiplier of [`word_hash`] (the golden ratio in 64 bits).
const HASH_K: u64 = 0x9E37_79B9_7F4A_7C15;

/// One eight-byte chunk of [`word_hash`].
#[inline(always)]
fn hash_chunk(h: u64, chunk: u64) -> u64 {
    (h ^ chunk).wrapping_mul(HASH_K).rotate_left(27)
}

/// The last mix of [`word_hash`].
#[inline(always)]
fn hash_fold(h: u64) -> u32 {
    (h.wrapping_mul(HASH_K) >> 32) as u32
}

/// A word's hash for [`WordTable`]: its length, then its bytes eight at a time (the last
/// chunk padded with zeros), multiplied in; a word of up to eight bytes is one step
/// ([`short_hash`]), cheap in WASM.
#[inline]
fn word_hash(w: &[u8]) -> u32 {
    let mut h = w.len() as u64;
    for c in w.chunks(8) {
        let mut b = [0u8; 8];
        b[..c.len()].copy_from_slice(c);
        h = hash_chunk(h, u64::from_le_bytes(b));
    }
    hash_fold(h)
}

/// [`word_hash`] of a word of 1 to 8 bytes given as one zero-padded little-endian number.
#[inline(always)]
fn short_hash(w: u64, len: usize) -> u32 {
    hash_fold(hash_chunk(len as u64, w))
}

/// The first eight bytes of `w` (all of a shorter word, zeros after) as a little-endian
/// number.
#[inline]
fn first8(w: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    for (d, &c) in b.iter_mut().zip(w) {
        *d = c;
    }
    u64::from_le_bytes(b)
}

/// Words of the [`WordTable::filter`] (8 KB: it stays in the first-level cache, where the
/// slots, 256 KB, do not).
const FILTER_WORDS: usize = 1024;

/// A word's place in [`WordTable::filter`]: the word (the hash's top ten bits) and the two
/// bits it sets there (from its low twelve bits).
#[inline(always)]
fn filter_bits(hash: u32) -> (usize, u64) {
    let bits = (1u64 << (hash & 63)) | (1u64 << ((hash >> 6) & 63));
    ((hash >> 22) as usize % FILTER_WORDS, bits)
}

/// The lexicon's words: open addressing with linear probing over a power-of-two table of
/// indexes into `entries` (0 is empty), behind a Bloom filter. Faster than a general map,
/// in WASM above all.
struct WordTable {
    /// A blocked Bloom filter of the words' hashes ([`filter_bits`]): most tokens are in
    /// no list (94% of a chat corpus's are not in the lexicon), and the filter turns away
    /// about 19 in 20 of those with one word it reads from the first-level cache, before
    /// the slots.
    filter: Box<[u64; FILTER_WORDS]>,
    /// `(hash, entry index + 1)`; 0 is empty. The full hash is compared first, so a word
    /// that is not in the lexicon is almost never compared byte by byte (a call to a byte
    /// loop in WASM).
    slots: Vec<(u32, u32)>,
    /// Every word, one after the other.
    text: Vec<u8>,
    /// `(start, end)` of the word in `text`, its information, and its first eight bytes
    /// as one number ([`first8`]), so most words are compared in one step.
    entries: Vec<(u32, u32, Token, u64)>,
}

impl WordTable {
    /// An empty table with room for `n` words (at most half its slots are ever used).
    fn with_capacity(n: usize) -> WordTable {
        WordTable {
            filter: Box::new([0; FILTER_WORDS]),
            slots: vec![(0, 0); (n * 2).next_power_of_two().max(2)],
            text: Vec::with_capacity(n * 8),
            entries: Vec::with_capacity(n),
        }
    }

    /// The information of `w`, added empty when `w` is new. Doubles the table when half
    /// its slots are used, so a probe always meets an empty slot.
    fn entry(&mut self, w: &[u8]) -> &mut Token {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let hash = word_hash(w);
        let (i, bits) = filter_bits(hash);
        self.filter[i] |= bits;
        let mut h = hash as usize & mask;
        loop {
            let (sh, e) = self.slots[h];
            if e == 0 {
                let start = self.text.len() as u32;
                self.text.extend_from_slice(w);
                let end = self.text.len() as u32;
                self.entries.push((start, end, Token::default(), first8(w)));
                self.slots[h] = (hash, self.entries.len() as u32);
                break;
            }
            if sh == hash && self.word(e as usize - 1) == w {
                return &mut self.entries[e as usize - 1].2;
            }
            h = (h + 1) & mask;
        }
        let last = self.entries.len() - 1;
        &mut self.entries[last].2
    }

    /// The word of entry `i`.
    #[inline]
    fn word(&self, i: usize) -> &[u8] {
        let (s, e, _, _) = self.entries[i];
        self.text.get(s as usize..e as usize).unwrap_or_default()
    }

    /// Twice the slots, every entry placed again.
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let mut slots = vec![(0u32, 0u32); size];
        for i in 0..self.entries.len() {
            let hash = word_hash(self.word(i));
            let mut h = hash as usize & (size - 1);
            while slots[h].1 != 0 {
                h = (h + 1) & (size - 1);
            }
            slots[h] = (hash, i as u32 + 1);
        }
        self.slots = slots;
    }

    #[cfg(test)]
    fn get(&self, w: &[u8]) -> Option<Token> {
        self.lookup().get(w, first8(w), word_hash(w))
    }

    /// The table's parts, for the look-ups of one text.
    fn lookup(&self) -> Lookup<'_> {
        Lookup {
            filter: &self.filter,
            slots: &self.slots,
            entries: &self.entries,
            text: &self.text,
        }
    }
}

/// A [`WordTable`]'s parts as slices, taken once per text: the look-up of each token
/// reads them from locals. (Reached through the table, they were read again from memory
/// for each token: the compiler cannot tell that writing the tokens leaves them as they
/// were.)
#[derive(Clone, Copy)]
struct Lookup<'a> {
    filter: &'a [u64; FILTER_WORDS],
    slots: &'a [(u32, u32)],
    entries: &'a [(u32, u32, Token, u64)],
    text: &'a [u8],
}

impl Lookup<'_> {
    /// The information of `w`, whose [`first8`] is `w8` and [`word_hash`] is `hash`.
    #[inline(always)]
    fn get(self, w: &[u8], w8: u64, hash: u32) -> Option<Token> {
        let (i, bits) = filter_bits(hash);
        if self.filter[i] & bits != bits {
            return None; // never added
        }
        let mask = self.slots.len().wrapping_sub(1);
        let mut h = hash as usize & mask;
        loop {
            let (sh, e) = *self.slots.get(h)?;
            if e == 0 {
                return None;
            }
            if sh == hash {
                let &(start, end, info, held8) = self.entries.get(e as usize - 1)?;
                // the length and first eight bytes in two steps, then any bytes after
                // them (inline, eight at a time: wasm's memcmp is a call and a byte loop)
                if (end - start) as usize == w.len()
                    && held8 == w8
                    && (w.len() <= 8
                        || self
                            .text
                            .get(start as usize + 8..end as usize)
                            .is_some_and(|held| swar::equal(held, w.get(8..).unwrap_or_default())))
                {
                    return Some(info);
                }
            }
            h = (h + 1) & mask;
        }
    }
}

use crate::hash::Fnv as FnvBuild;
use crate::text::swar;

struct Lexicon {
    words: WordTable,
    emoji: HashMap<char, &'static str, FnvBuild>,
}

/// Builds the lexicon's tables now, if no call has yet (they are built once per process,
/// at the first use). Compiling a policy that scores sentiment calls this, so that the
/// first message does not pay for it: in a page's fresh WASM engine that first build took
/// 5 to 11 ms (its code runs there in the baseline tier), about what the peer scorers
/// spend loading their own lexicons when they are set up.
pub fn prepare() {
    lexicon();
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        // built straight into the lookup table: no map, sort or float parser to run
        // first (start-up runs in the engine's baseline tier, where each pass counts)
        // room for twice the words: 32,768 slots, a quarter used, so a probe for a word
        // that is not there ends at once (half full was 4% slower before the Bloom filter,
        // and no faster with it)
        let entries = lexicon_count(LEXICON).unwrap_or(0);
        let mut words = WordTable::with_capacity(2 * (entries + 256));
        decode_lexicon(LEXICON, |w, tenths| words.entry(w).set_valence(tenths));
        for w in BOOST_UP {
            words.entry(w.as_bytes()).0 |= Token::BOOST_UP;
        }
        for w in BOOST_DOWN {
            words.entry(w.as_bytes()).0 |= Token::BOOST_DOWN;
        }
        for w in NEGATE {
            words.entry(w.as_bytes()).0 |= Token::NEGATION;
        }
        for w in IDIOM_WORDS {
            words.entry(w.as_bytes()).set_idiom(idiom_id(w));
        }
        for (w, tag) in TAGGED {
            words.entry(w.as_bytes()).set_tag(tag);
        }
        let mut emoji = HashMap::with_capacity_and_hasher(1300, FnvBuild::default());
        for line in include_str!("../../data/vader/emoji.tsv").lines() {
            if let Some((e, d)) = line.split_once('\t') {
                let mut cs = e.chars();
                if let (Some(c), None) = (cs.next(), cs.next()) {
                    emoji.insert(c, d);
                }
            }
        }
        Lexicon { words, emoji }
    })
}

/// The VADER lexicon as `build.rs` encodes it from `data/vader/lexicon.tsv`: words
/// sorted and front-coded, then one byte of tenths per rating (see `build.rs`).
const LEXICON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.bin"));

/// The number of entries of an encoded lexicon (its first four bytes).
fn lexicon_count(data: &[u8]) -> Option<usize> {
    let &[a, b, c, d] = data.get(..4)? else {
        return None;
    };
    Some(u32::from_le_bytes([a, b, c, d]) as usize)
}

/// Calls `f(word, tenths)` for each entry of an encoded lexicon. Stops at the first
/// malformed entry (the data is written by `build.rs`, so there is none).
fn decode_lexicon(data: &[u8], mut f: impl FnMut(&[u8], i8)) {
    let Some(n) = lexicon_count(data) else {
        return;
    };
    let Some(ratings) = data.len().checked_sub(n).and_then(|r| data.get(r..)) else {
        return;
    };
    let mut word: Vec<u8> = Vec::with_capacity(32);
    let mut at = 4;
    for &r in ratings {
        let (Some(&keep), Some(&len)) = (data.get(at), data.get(at + 1)) else {
            return;
        };
        let Some(rest) = data.get(at + 2..at + 2 + usize::from(len)) else {
            return;
        };
        at += 2 + usize::from(len);
        word.truncate(usize::from(keep));
        word.extend_from_slice(rest);
        f(&word, r as i8);
    }
}

/// Python's `str.isspace` (what `str.split()` and `str.strip()` use).
#[inline]
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.isupper`: at least one cased character and no lowercase or titlecase one.
fn py_isupper(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if c.is_lowercase()
            || matches!(c, 'ǅ' | 'ǈ' | 'ǋ' | 'ǲ' | 'ᾈ'..='ᾏ' | 'ᾘ'..='ᾟ' | 'ᾨ'..='ᾯ' | 'ᾼ' | 'ῌ' | 'ῼ')
        {
            return false;
        }
        if c.is_uppercase() {
            cased = true;
        }
    }
    cased
}

/// Appends Python's `t.lower()` to `out`, from the normaliser's lowercase table (Unicode
/// 14, Python 3.11's) rather than `str::to_lowercase`, whose tables cost 8 KB of the
/// gzipped wasm. One difference: a final `Σ` is `σ`, not `ς`; both are not ASCII, and only
/// an ASCII word can be in the lexicon or be a VADER rule word, so no score changes.
fn py_lower(t: &str, out: &mut Vec<u8>) {
    let mut buf = [0; 4];
    for c in t.chars() {
        let l = match c {
            // the one full mapping to two characters: i and a combining dot above
            'İ' => "i\u{307}",
            _ => crate::text::fold::lowercase(c).encode_utf8(&mut buf),
        };
        out.extend_from_slice(l.as_bytes());
    }
}

/// Python's `round(x, digits)`: the nearest decimal, ties to even on the exact value.
/// Scaling is exact enough away from a tie; near one, the exact decimal expansion decides.
fn py_round(x: f64, digits: i32) -> f64 {
    const POW10: [f64; 5] = [1.0, 10.0, 100.0, 1000.0, 10000.0];
    let p = POW10[digits.clamp(0, 4) as usize];
    let y = x * p;
    let frac = (y - y.trunc()).abs();
    if (frac - 0.5).abs() > 1e-6 {
        // an integer over a power of ten: the correctly rounded decimal (away from a tie,
        // where either rounding rule gives the nearest integer: `round_ties_even` is one
        // wasm instruction, `round` a call)
        return y.round_ties_even() / p;
    }
    crate::decimal::round_to(x, digits.clamp(0, 4) as u32)
}

/// Whether `c` is ASCII punctuation (`string.punctuation`), from [`TOKEN_BYTE`].
#[inline(always)]
fn is_punct(c: u8) -> bool {
    TOKEN_BYTE[usize::from(c)] & T_PUNCT != 0
}

/// `token.strip(string.punctuation)`, unless two or fewer characters would remain: the
/// byte range of the token's UTF-8 bytes `b` that remains (ASCII punctuation is never part
/// of a multi-byte character, so the range is on character boundaries).
#[inline]
fn strip_punct(b: &[u8]) -> std::ops::Range<usize> {
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if !is_punct(f) && !is_punct(l) => return 0..b.len(), // most words
        (None, _) | (_, None) => return 0..0,
        _ => {}
    }
    let (mut i, mut j) = (0, b.len());
    if is_punct(b[0]) {
        // eight at a time (a long token of punctuation alone is walked to its end)
        while let Some(w) = swar::load(b, i) {
            let other = !swar::punctuation(w) & swar::HIGH;
            if other != 0 {
                i += (other.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
    }
    while i < j && is_punct(b[i]) {
        i += 1;
    }
    while j > i && is_punct(b[j - 1]) {
        j -= 1;
    }
    let few = match j - i {
        0..=2 => true,
        9.. => false, // at most 4 bytes a character: 9 bytes are 3 characters or more
        // characters are the bytes that do not continue one
        _ => b[i..j].iter().filter(|&&c| (c as i8) >= -0x40).count() <= 2,
    };
    if few {
        0..b.len()
    } else {
        i..j
    }
}

/// How [`py_split`] reads an ASCII byte: part of a token (0), white space as Python
/// counts it, or a token byte it also counts (`!`, `?`).
const S_SPACE: u8 = 1;
const S_EXCL: u8 = 2;
const S_QUEST: u8 = 3;
static SPLIT_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        t[c] = match c as u8 {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1f => S_SPACE,
            b'!' => S_EXCL,
            b'?' => S_QUEST,
            _ => 0,
        };
        c += 1;
    }
    t
};

/// The high bit of each byte of `w` that ends a run of [`plain_run`]: outside 0x21..=0x7f
/// (white space among them), `!` or `?`.
#[inline(always)]
fn plain_stops(w: u64) -> u64 {
    (!swar::in_range(w, 0x21, 0x7f) | swar::eq(w, b'!') | swar::eq(w, b'?')) & swar::HIGH
}

/// Skips, eight bytes at a time, the ASCII bytes at `b[i..]` that [`py_split`] only steps
/// over inside a token (above the space, not `!` nor `?`); stops at the first other byte
/// or at the end (in a text under eight bytes, at once).
#[inline]
fn plain_run(b: &[u8], mut i: usize) -> usize {
    while let Some(w) = swar::load(b, i) {
        let stop = plain_stops(w);
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    // fewer than eight bytes left: the last eight of the text, shifted so that `b[i]` is
    // the first (zeros come in above the end, and a zero stops the run)
    let left = b.len() - i;
    if left > 0 {
        if let Some(w) = b.len().checked_sub(8).and_then(|k| swar::load(b, k)) {
            let stop = plain_stops(w >> (8 * (8 - left)));
            // (the zeros shifted in stop the run at the end at the latest)
            return i + ((stop.trailing_zeros() / 8) as usize).min(left);
        }
    }
    i
}

/// Python's `str.split()`: calls `token(start, end, word)` for each maximal run of
/// non-white-space characters, in order, where `word` is the token's bytes as one
/// little-endian number (zeros above) when it is ASCII, at most eight bytes long and
/// holds neither `!` nor `?` (most words: read once, here); returns the counts of `!` and
/// `?` (the punctuation emphasis) from the same pass.
#[inline(always)]
fn py_split(text: &str, mut token: impl FnMut(usize, usize, Option<u64>)) -> (usize, usize) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0usize;
    let (mut ep, mut qm) = (0usize, 0usize);
    // the width of the character at `i` and whether it is white space
    let class = |i: usize| -> (u8, usize) {
        let c = b[i];
        if c < 0x80 {
            (SPLIT_CLASS[usize::from(c)], 1)
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            (if py_space(ch) { S_SPACE } else { 0 }, ch.len_utf8())
        }
    };
    while i < n {
        // white space between tokens (an ASCII byte tested in place: the pair `class`
        // returns went through memory in the wasm build)
        let c = b[i];
        if c < 0x80 {
            if SPLIT_CLASS[usize::from(c)] == S_SPACE {
                i += 1;
                continue;
            }
        } else {
            let (k, w) = class(i);
            if k == S_SPACE {
                i += w;
                continue;
            }
        }
        let start = i;
        // the eight bytes from `i` (zeros past the end of the text)
        let word = match swar::load(b, i) {
            Some(w) => Some(w),
            None => n
                .checked_sub(8)
                .and_then(|k| swar::load(b, k))
                .map(|w| w >> (8 * (8 - (n - i)))),
        };
        let short = word.and_then(|w| {
            let len = (plain_stops(w).trailing_zeros() / 8) as usize;
            // a short word ended by white space or by the end of the text
            let after = b
                .get(start + len)
                .and_then(|&c| SPLIT_CLASS.get(usize::from(c)));
            let ended = start + len == n || (len < 8 && after == Some(&S_SPACE));
            (ended && len > 0).then(|| (len, w & (u64::MAX >> (64 - 8 * len))))
        });
        if let Some((len, _)) = short {
            i = start + len;
        } else {
            // any other token: plain ASCII bytes eight at a time, then one at a time
            i = plain_run(b, i);
            while i < n {
                let c = b[i];
                if c < 0x80 {
                    match SPLIT_CLASS[usize::from(c)] {
                        0 => {}
                        S_SPACE => break,
                        S_EXCL => ep += 1,
                        _ => qm += 1,
                    }
                    i += 1;
                } else {
                    let (k, w) = class(i);
                    if k == S_SPACE {
                        break;
                    }
                    i += w;
                }
            }
        }
        // (one call: the compiler writes `token` into this loop)
        token(start, i, short.map(|(_, w)| w));
    }
    (ep, qm)
}

/// Scores `text` as the reference `SentimentIntensityAnalyzer().polarity_scores` does.
///
/// ```
/// use chatguard::sentiment::polarity_scores;
/// let s = polarity_scores("VADER is smart, handsome, and funny!");
/// assert_eq!(s.compound, 0.8439);
/// assert_eq!(polarity_scores("").compound, 0.0);
/// ```
pub fn polarity_scores(text: &str) -> Scores {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
    }
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            let r = score_with(text, &mut scratch);
            if scratch.tokens.capacity() > 4 << 20 {
                *scratch = Scratch::default(); // do not keep a huge buffer alive
            }
            r
        }
        Err(_) => score_with(text, &mut Scratch::default()),
    })
}

/// Buffers reused from one call to the next (no allocation per message).
#[derive(Default)]
struct Scratch {
    tokens: Tokenized,
    sentiments: Vec<f64>,
}

fn score_with(text: &str, sc: &mut Scratch) -> Scores {
    sc.tokens.clear();
    let (range, marks) = sc.tokens.push_text(text);
    sc.tokens.score(range, marks, &mut sc.sentiments)
}

/// The tokens of a text (or of consecutive parts of one) with what the rules need, so
/// parts can be scored and the whole scored again from the same tokens: a reply's
/// sentences and the reply itself are tokenized once.
///
/// Only a token with a valence can score other than 0, and most tokens have none: the
/// rules run at those tokens alone, reading what their neighbours are (32 bits a token),
/// and the sums count every other token as a 0.
#[derive(Debug, Clone, Default)]
pub struct Tokenized {
    /// One per token.
    tokens: Vec<Token>,
    /// The indexes of the tokens with a valence, in order.
    valenced: Vec<usize>,
    /// The indexes of the tokens in capitals, in order.
    uppers: Vec<usize>,
    /// The indexes of the tokens "but", in order.
    buts: Vec<usize>,
    /// Scratch: the lowercase form of a token that is not an ASCII word of up to 8 bytes.
    lower: Vec<u8>,
    /// The text with its emoji described.
    emoji: String,
}

impl Tokenized {
    /// Forgets every token.
    pub fn clear(&mut self) {
        self.tokens.clear();
        self.valenced.clear();
        self.uppers.clear();
        self.buts.clear();
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether there is no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Heap bytes held (to drop large buffers after use).
    pub fn capacity(&self) -> usize {
        self.lower.capacity()
            + self.emoji.capacity()
            + self.tokens.capacity() * std::mem::size_of::<Token>()
            + (self.valenced.capacity() + self.uppers.capacity() + self.buts.capacity())
                * std::mem::size_of::<usize>()
    }

    /// Appends the tokens of `text`, as the reference splits it; returns their range and
    /// the counts of `!` and `?` in it.
    pub fn push_text(&mut self, text: &str) -> (std::ops::Range<usize>, (usize, usize)) {
        let lex = lexicon();
        let Tokenized {
            tokens,
            valenced,
            uppers,
            buts,
            lower,
            emoji,
        } = self;
        // (the reference strips surrounding white space here; splitting ignores it anyway
        // and the `!`/`?` counts do not see it)
        let text: &str = replace_emoji(text, lex, emoji).unwrap_or(text);
        let first = tokens.len();
        let words = lex.words.lookup();
        let marks = py_split(text, |a, b, w| {
            let mut short = [0u8; 8];
            let (word, w8, hash, upper, nt) = lower_word(text, (a, b), w, &mut short, lower);
            let mut t = words.get(word, w8, hash).unwrap_or_default();
            if upper {
                t.0 |= Token::UPPER;
            }
            if nt {
                t.0 |= Token::NEGATION;
            }
            if t.0 != 0 {
                // (a token in no list and in small letters, most of them, is only counted)
                let i = tokens.len();
                if t.has_valence() {
                    valenced.push(i);
                }
                if upper {
                    uppers.push(i);
                }
                if t.tag() == Tag::But {
                    buts.push(i);
                }
            }
            tokens.push(t);
        });
        (first..tokens.len(), marks)
    }

    /// VADER scores of the tokens in `range` (a text, or several whose texts are separated
    /// by white space), given their counts of `!` and `?`; `sentiments` is scratch.
    pub fn score(
        &self,
        range: std::ops::Range<usize>,
        marks: (usize, usize),
        sentiments: &mut Vec<f64>,
    ) -> Scores {
        sentiments.clear();
        let tokens = self.tokens.get(range.clone()).unwrap_or(&[]);
        let n = tokens.len();
        if n == 0 {
            return Scores::default();
        }
        // the places in `v` of the indexes in `range`: a range is most often the tokens
        // just pushed (a sentence), or all of them (the whole text), so the ends are found
        // by walking back over the few in range, not by binary search over them all
        let all = self.tokens.len();
        let within = |v: &[usize]| -> std::ops::Range<usize> {
            let hi = if range.end == all {
                v.len()
            } else {
                v.partition_point(|&i| i < range.end)
            };
            let lo = if range.start == 0 {
                0
            } else if range.end == all {
                let mut lo = hi;
                while lo > 0 && v[lo - 1] >= range.start {
                    lo -= 1;
                }
                lo
            } else {
                v.partition_point(|&i| i < range.start)
            };
            lo..hi
        };
        let base = range.start;
        let valenced = self.valenced.get(within(&self.valenced)).unwrap_or(&[]);
        if valenced.is_empty() {
            // no word can score: what `score_valence` gives for words all 0, at once (a
            // good share of a chat's sentences)
            return Scores {
                neu: 1.0,
                ..Scores::default()
            };
        }
        let caps = within(&self.uppers).len();
        // capitals are emphasis when only some tokens are in capitals
        let cap_diff = caps > 0 && caps < n;
        sentiments.extend(
            valenced
                .iter()
                .map(|&i| sentiment_at(tokens, i - base, cap_diff)),
        );
        let buts = within(&self.buts);
        if let Some(&bi) = self.buts.get(buts.start).filter(|_| !buts.is_empty()) {
            but_check(sentiments, |k| valenced[k] - base, bi - base);
        }
        score_valence(sentiments, n, marks)
    }
}

/// The lowercase form of the token `text[a..b]` once [`strip_punct`] has stripped it
/// (written in `short` for an ASCII word of up to eight bytes, else in `long`), with its
/// [`word_hash`], whether it is in capitals (Python's `isupper`) and whether it holds
/// "n't". `word` is the token's bytes as one number when [`py_split`] read them so.
#[inline(always)]
fn lower_word<'a>(
    text: &str,
    (a, b): (usize, usize),
    word: Option<u64>,
    short: &'a mut [u8; 8],
    long: &'a mut Vec<u8>,
) -> (&'a [u8], u64, u32, bool, bool) {
    let len = b.saturating_sub(a);
    match word {
        // nothing to strip: punctuation at neither end
        Some(w)
            if (1..=8).contains(&len)
                && !is_punct(w as u8)
                && !is_punct((w >> (8 * (len - 1))) as u8) =>
        {
            lower_short(w, len, short)
        }
        _ => lower_stripped(text, a, b, short, long),
    }
}

/// [`lower_word`] of an ASCII word of 1 to 8 bytes given as one number (zeros above).
#[inline(always)]
fn lower_short(w: u64, len: usize, short: &mut [u8; 8]) -> (&[u8], u64, u32, bool, bool) {
    let letters = swar::letters(w);
    let upper_m = swar::capitals(w, letters);
    let lower_m = letters & !upper_m;
    let lowered = w | (upper_m >> 2);
    *short = lowered.to_le_bytes();
    let word = &short[..len];
    let nt = swar::eq(w, b'\'') != 0 && word.windows(3).any(|w| w == b"n't");
    (
        word,
        lowered,
        short_hash(lowered, len),
        upper_m != 0 && lower_m == 0,
        nt,
    )
}

/// [`lower_word`] of any token: stripped first.
#[inline]
fn lower_stripped<'a>(
    text: &str,
    a: usize,
    b: usize,
    short: &'a mut [u8; 8],
    long: &'a mut Vec<u8>,
) -> (&'a [u8], u64, u32, bool, bool) {
    // bytes, not `str` slices: no character-boundary test per token
    let bytes = text.as_bytes();
    let r = strip_punct(bytes.get(a..b).unwrap_or_default());
    let (s, e) = (a + r.start, a + r.end);
    let tb = bytes.get(s..e).unwrap_or_default();
    let len = tb.len();
    if (1..=8).contains(&len) {
        let w = match swar::load(bytes, s) {
            Some(w) => w & (u64::MAX >> (64 - 8 * len)),
            // near the end of the text: the eight bytes that end with the word, shifted
            None => e
                .checked_sub(8)
                .and_then(|k| swar::load(bytes, k))
                .map_or(swar::HIGH, |w| w >> (8 * (8 - len))),
        };
        if w & swar::HIGH == 0 {
            return lower_short(w, len, short);
        }
    }
    // one byte loop writes the lowercase copy (no call to a copy routine, which costs
    // more than a short word in WASM) and notes case, non-ASCII and apostrophe
    long.clear();
    let mut flags = 0u16;
    long.extend(tb.iter().map(|&c| {
        let e = TOKEN_BYTE[usize::from(c)];
        flags |= e;
        e as u8
    }));
    let upper = if flags & T_HIGH == 0 {
        flags & T_UPPER != 0 && flags & T_LOWER == 0
    } else {
        // (strip_punct's range is on character boundaries)
        let t = text.get(s..e).unwrap_or_default();
        long.clear();
        py_lower(t, long);
        py_isupper(t)
    };
    let nt = flags & (T_APOS | T_HIGH) != 0 && long.windows(3).any(|w| w == b"n't");
    let hash = word_hash(long);
    (long, first8(long), hash, upper, nt)
}

/// The sentiment of word `i` of the text whose tokens are `tokens`, before the "but"
/// rule: 0 for a word without valence (or a booster), else its valence as the rules
/// around it change it. It reads the words from `i - 3` to `i + 2` and the text's length
/// (whether `i` is among the last two).
fn sentiment_at(tokens: &[Token], i: usize, cap_diff: bool) -> f64 {
    let n = tokens.len();
    let tok = tokens[i];
    if tok.booster().is_some()
        || (i + 1 < n && tok.tag() == Tag::Kind && tokens[i + 1].tag() == Tag::Of)
    {
        return 0.0;
    }
    let Some(lv) = tok.valence() else {
        return 0.0;
    };
    let mut v = lv;
    if tok.tag() == Tag::No && i != n - 1 && tokens[i + 1].has_valence() {
        v = 0.0; // "no" negates the next word instead of scoring itself
    }
    let tag = |j: usize| tokens[j].tag();
    if (i > 0 && tag(i - 1) == Tag::No)
        || (i > 1 && tag(i - 2) == Tag::No)
        || (i > 2 && tag(i - 3) == Tag::No && matches!(tag(i - 1), Tag::Or | Tag::Nor))
    {
        v = lv * N_SCALAR;
    }
    if tok.upper() && cap_diff {
        v = if v > 0.0 { v + C_INCR } else { v - C_INCR };
    }
    for start_i in 0..3 {
        if i > start_i && !tokens[i - start_i - 1].has_valence() {
            let j = i - start_i - 1;
            let mut s = 0.0;
            if let Some(b) = tokens[j].booster() {
                s = if v < 0.0 { -b } else { b };
                if tokens[j].upper() && cap_diff {
                    s = if v > 0.0 { s + C_INCR } else { s - C_INCR };
                }
            }
            if start_i == 1 && s != 0.0 {
                s *= 0.95;
            }
            if start_i == 2 && s != 0.0 {
                s *= 0.9;
            }
            v += s;
            v = negation_check(v, tokens, start_i, i);
            if start_i == 2 {
                v = special_idioms_check(v, tokens, i);
            }
        }
    }
    // "least": "at least" and "very least" do not negate
    if i > 1 && !tokens[i - 1].has_valence() && tag(i - 1) == Tag::Least {
        if !matches!(tag(i - 2), Tag::At | Tag::Very) {
            v *= N_SCALAR;
        }
    } else if i > 0 && !tokens[i - 1].has_valence() && tag(i - 1) == Tag::Least {
        v *= N_SCALAR;
    }
    v
}

/// The reference's "but" rule, exactly, over the words' sentiments in order, of which
/// `sentiments` holds those that can be non-zero (word `pos(k)` for `sentiments[k]`; a
/// zero stays zero whatever it is scaled by, so the others change nothing): for each
/// position k in order, take the value `s` now at k, find the *first* position holding a
/// value equal to `s` (`list.index`), and scale that position (×0.5 before "but" at word
/// `bi`, ×1.5 after). Done in O(n log n) with, for each value, a min-heap of the positions
/// holding it (a linear `index` scan per position would be quadratic: a 10 MB text with
/// one "but" would never finish).
fn but_check(sentiments: &mut [f64], pos: impl Fn(usize) -> usize, bi: usize) {
    if sentiments.len() <= 64 {
        // short texts: the reference loop as written, no allocation
        for k in 0..sentiments.len() {
            let s = sentiments[k];
            let si = sentiments.iter().position(|&x| x == s).unwrap_or(k);
            if pos(si) < bi {
                sentiments[si] = s * 0.5;
            } else if pos(si) > bi {
                sentiments[si] = s * 1.5;
            }
        }
    } else {
        but_check_indexed(sentiments, pos, bi);
    }
}

/// [`but_check`] for long texts. At step `k`, position `k` still holds its first value
/// (a step changes the first position holding its value, never a later one than itself),
/// and the first position holding that value is at most `k`: so each value needs only the
/// positions up to `k` that hold it, a min-heap whose top is the one to change. Those
/// heaps stay small (each step adds `k` and moves at most one position to another
/// value), where heaps of every position holding each value (tried first) made the
/// rule cost about as much as the rest of a long text's scoring.
fn but_check_indexed(sentiments: &mut [f64], pos: impl Fn(usize) -> usize, bi: usize) {
    use std::cmp::Reverse;
    use std::collections::{BinaryHeap, HashMap};
    // Python's == treats 0.0 and -0.0 as equal
    let key = |v: f64| if v == 0.0 { 0u64 } else { v.to_bits() };
    let mut at: HashMap<u64, BinaryHeap<Reverse<usize>>, FnvBuild> = HashMap::default();
    for k in 0..sentiments.len() {
        let s = sentiments[k];
        if s == 0.0 {
            continue; // a zero stays zero whatever it is scaled by
        }
        let heap = at.entry(key(s)).or_default();
        heap.push(Reverse(k));
        let Some(&Reverse(si)) = heap.peek() else {
            continue;
        };
        let new = if pos(si) < bi {
            s * 0.5
        } else if pos(si) > bi {
            s * 1.5
        } else {
            continue;
        };
        if key(new) != key(s) {
            heap.pop(); // `si`, the first
            at.entry(key(new)).or_default().push(Reverse(si));
        }
        sentiments[si] = new;
    }
}

fn negation_check(v: f64, t: &[Token], start_i: usize, i: usize) -> f64 {
    let w = |j: usize| t[j].tag();
    use Tag::{Doubt, Never, So, This, Without};
    match start_i {
        0 if t[i - 1].negation() => v * N_SCALAR,
        1 => {
            if w(i - 2) == Never && matches!(w(i - 1), So | This) {
                v * 1.25
            } else if w(i - 2) == Without && w(i - 1) == Doubt {
                v
            } else if t[i - 2].negation() {
                v * N_SCALAR
            } else {
                v
            }
        }
        2 => {
            if (w(i - 3) == Never && matches!(w(i - 2), So | This)) || matches!(w(i - 1), So | This)
            {
                v * 1.25
            } else if w(i - 3) == Without && (w(i - 2) == Doubt || w(i - 1) == Doubt) {
                v
            } else if t[i - 3].negation() {
                v * N_SCALAR
            } else {
                v
            }
        }
        _ => v,
    }
}

/// The valence of the special case made of the words at `idx`, if they are one.
fn special_case(t: &[Token], idx: &[usize]) -> Option<f64> {
    SPECIAL_IDS
        .iter()
        .find(|(ids, _)| {
            ids.get(idx.len()).is_none_or(|&x| x == 0)
                && idx.iter().zip(ids).all(|(&j, &id)| t[j].idiom() == id)
        })
        .map(|&(_, v)| v)
}

fn special_idioms_check(mut v: f64, t: &[Token], i: usize) -> f64 {
    let n = t.len();
    if !t[i - 3..(i + 3).min(n)].iter().any(|x| x.idiom() != 0) {
        return v; // no word of a special case or booster bigram nearby
    }
    let seqs: [&[usize]; 5] = [
        &[i - 1, i],
        &[i - 2, i - 1, i],
        &[i - 2, i - 1],
        &[i - 3, i - 2, i - 1],
        &[i - 3, i - 2],
    ];
    for seq in seqs {
        if let Some(x) = special_case(t, seq) {
            v = x;
            break;
        }
    }
    if n - 1 > i {
        if let Some(x) = special_case(t, &[i, i + 1]) {
            v = x;
        }
    }
    if n - 1 > i + 1 {
        if let Some(x) = special_case(t, &[i, i + 1, i + 2]) {
            v = x;
        }
    }
    // booster bigrams ("kind of", "sort of", "just enough") before the word
    for (a, b) in [(i - 3, i - 2), (i - 2, i - 1)] {
        for &(x, y, inc) in &BIGRAM_IDS {
            if t[a].idiom() == x && t[b].idiom() == y {
                v += inc;
            }
        }
    }
    v
}

/// The text with each emoji of the lexicon replaced by its description (spaced as the
/// reference does), written into `out`; `None` when there is none (use the text as is).
fn replace_emoji<'a>(text: &str, lex: &Lexicon, out: &'a mut String) -> Option<&'a str> {
    // every emoji of the lexicon is outside ASCII (`is_ascii` reads a word at a time);
    // runs of ASCII are copied whole
    if text.is_ascii() {
        return None;
    }
    let b = text.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    let mut found = false;
    let mut prev_space = true;
    while i < b.len() {
        if b[i] < 0x80 {
            i += swar::ascii_len(b, i); // (at least this byte)
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let w = c.len_utf8();
        if let Some(d) = lex.emoji.get(&c) {
            if !found {
                found = true;
                out.clear();
                out.reserve(text.len() + 32);
            }
            out.push_str(&text[copied..i]);
            if copied < i {
                prev_space = b[i - 1] == b' ';
            }
            if !prev_space {
                out.push(' ');
            }
            out.push_str(d);
            prev_space = false;
            copied = i + w;
        }
        i += w;
    }
    if !found {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// The scores of a text of `n` words, from the sentiments of those that can be non-zero
/// (every other word counts as 0: neutral), and the counts of `!` and `?` in the text.
fn score_valence(sentiments: &[f64], n: usize, (ep_count, qm_count): (usize, usize)) -> Scores {
    let mut sum: f64 = 0.0;
    for &s in sentiments {
        sum += s;
    }
    let ep = ep_count.min(4) as f64 * 0.292;
    let qm = if qm_count > 1 {
        if qm_count <= 3 {
            qm_count as f64 * 0.18
        } else {
            0.96
        }
    } else {
        0.0
    };
    let punct = ep + qm;
    if sum > 0.0 {
        sum += punct;
    } else if sum < 0.0 {
        sum -= punct;
    }
    let compound = (sum / (sum * sum + 15.0).sqrt()).clamp(-1.0, 1.0);
    let (mut pos_sum, mut neg_sum, mut neu) = (0.0f64, 0.0f64, n - sentiments.len());
    // (without branches: adding +0.0 leaves either sum as it was, exactly, since neither
    // is ever -0.0)
    for &s in sentiments {
        pos_sum += if s > 0.0 { s + 1.0 } else { 0.0 };
        neg_sum += if s < 0.0 { s - 1.0 } else { 0.0 };
        neu += usize::from(s == 0.0);
    }
    if pos_sum > neg_sum.abs() {
        pos_sum += punct;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= punct;
    }
    let total = pos_sum + neg_sum.abs() + neu as f64;
    Scores {
        compound: py_round(compound, 4),
        pos: py_round((pos_sum / total).abs(), 3),
        neu: py_round((neu as f64 / total).abs(), 3),
        neg: py_round((neg_sum / total).abs(), 3),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_strip_and_lower_as_a_character_at_a_time() {
        // tokens of up to four pieces: long runs of punctuation, words of mixed case
        // longer than eight bytes, apostrophes, characters outside ASCII at every offset
        let pieces = [
            "@@@@@@@@@@",
            "!?",
            "'",
            "n't",
            "ISN'T",
            "abcDEFghij",
            "GOOD",
            "x",
            "é",
            "İ",
            "9",
        ];
        let tokens = crate::testing::concatenations(&pieces);
        let lex = lexicon();
        let mut tok = Tokenized::default();
        for t in tokens.iter().filter(|t| !t.is_empty()) {
            // the reference: strip a byte at a time, lower and test a character at a time
            let b = t.as_bytes();
            let (mut i, mut j) = (0, b.len());
            while i < j && b[i].is_ascii_punctuation() {
                i += 1;
            }
            while j > i && b[j - 1].is_ascii_punctuation() {
                j -= 1;
            }
            let word = if t[i..j].chars().count() <= 2 {
                &t[..]
            } else {
                &t[i..j]
            };
            let mut lower = Vec::new();
            py_lower(word, &mut lower);
            let negation = lex.words.get(&lower).is_some_and(|w| w.negation())
                || lower.windows(3).any(|w| w == b"n't");
            // the form push_text looks up, with the text around it as push_text sees it
            // alone, then at the end of a longer text (where fewer than eight bytes follow
            // a short word), then followed by another word
            for (before, after) in [("  ", " "), ("0123456789 ", ""), ("0123456789 ", " z")] {
                let text = format!("{before}{t}{after}");
                let at = before.len();
                // the token as the splitter hands it over
                let mut split = Vec::new();
                py_split(&text, |a, b, w| split.push((a, b, w)));
                let &(a, b, w) = split.iter().find(|s| s.0 == at).expect("a token at `at`");
                assert_eq!(b, at + t.len(), "{text:?}");
                let (mut short, mut long) = ([0u8; 8], Vec::new());
                let (got_lower, w8, hash, _, _) =
                    lower_word(&text, (a, b), w, &mut short, &mut long);
                assert_eq!(got_lower, &lower[..], "{text:?}");
                assert_eq!((w8, hash), (first8(&lower), word_hash(&lower)), "{text:?}");
                // and the same read from the text alone
                let (got_lower, w8, hash, _, _) =
                    lower_word(&text, (a, b), None, &mut short, &mut long);
                assert_eq!(
                    (got_lower, w8, hash),
                    (&lower[..], first8(&lower), word_hash(&lower)),
                    "{text:?}"
                );
                tok.clear();
                let (range, _) = tok.push_text(&text);
                let k = usize::from(!before.trim().is_empty());
                assert_eq!(
                    range.len(),
                    1 + k + usize::from(!after.trim().is_empty()),
                    "{text:?}"
                );
                let got = tok.tokens[range.start + k];
                assert_eq!(got.upper(), py_isupper(word), "{text:?}");
                assert_eq!(got.negation(), negation, "{text:?}");
                assert_eq!(tok.uppers.len(), usize::from(got.upper()), "{text:?}");
            }
        }
    }

    #[test]
    fn py_lower_is_std_lowercase() {
        let lower = |t: &str| {
            let mut v = Vec::new();
            py_lower(t, &mut v);
            String::from_utf8(v).unwrap()
        };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !crate::text::fold::tests::newer_than_the_table(c) {
                let s = c.to_string();
                assert_eq!(lower(&s), s.to_lowercase(), "U+{:04X}", c as u32);
            }
        }
        assert_eq!(lower("CAFÉ İSTANBUL ΚΑΛΌΣ"), "café i\u{307}stanbul καλόσ");
        assert_eq!("ΚΑΛΌΣ".to_lowercase(), "καλός"); // the one difference: a final sigma
    }

    #[test]
    fn the_embedded_lexicon_is_the_tsv() {
        // the TSV as the reference reads it: float() of each rating, a later duplicate wins
        let mut want: HashMap<&[u8], f64> = HashMap::new();
        for line in include_str!("../../data/vader/lexicon.tsv").lines() {
            let (w, r) = line.split_once('\t').expect("a tab");
            want.insert(w.as_bytes(), r.parse().expect("a number"));
        }
        let mut got: HashMap<Vec<u8>, f64> = HashMap::new();
        decode_lexicon(LEXICON, |w, tenths| {
            assert!(got.insert(w.to_vec(), f64::from(tenths) / 10.0).is_none());
        });
        assert_eq!(got.len(), want.len());
        for (w, v) in &want {
            // bit for bit: tenths over ten is the parser's double
            assert_eq!(
                got[*w].to_bits(),
                v.to_bits(),
                "{}",
                String::from_utf8_lossy(w)
            );
        }
        let lex = lexicon();
        assert_eq!(lex.words.get(b"good").and_then(|i| i.valence()), Some(1.9));
        assert_eq!(
            lex.words.get(b"-:").and_then(|i| i.valence()),
            want.get(&b"-:"[..]).copied()
        );
    }

    /// `str.split()` and the `!`/`?` counts, one character at a time: the oracle for
    /// [`py_split`].
    fn naive_split(text: &str) -> (Vec<(usize, usize)>, (usize, usize)) {
        let (mut spans, mut start) = (Vec::new(), None);
        for (i, c) in text.char_indices() {
            match (py_space(c), start) {
                (true, Some(s)) => {
                    spans.push((s, i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            spans.push((s, text.len()));
        }
        let count = |m: char| text.chars().filter(|&c| c == m).count();
        (spans, (count('!'), count('?')))
    }

    #[test]
    fn split_agrees_with_the_naive_split_on_every_short_string() {
        // every string of up to five symbols over ASCII and Unicode spaces, marks, letters, NUL
        let alphabet = [
            ' ', '\t', '\u{1c}', '\u{a0}', '\u{2003}', '!', '?', 'a', '\0', 'é', '😀',
        ];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.chars().count() == texts.last().map_or(0, |l| l.chars().count()))
                .flat_map(|t| alphabet.iter().map(move |&c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        assert!(texts.len() > 100_000);
        // the spans, and each token's bytes when they are handed over as one number
        let split = |t: &str| {
            let mut spans = Vec::new();
            let marks = py_split(t, |a, b, w| {
                if let Some(w) = w {
                    let bytes = &t.as_bytes()[a..b];
                    assert!(
                        bytes.len() <= 8
                            && bytes
                                .iter()
                                .all(|&c| c.is_ascii() && c != b'!' && c != b'?')
                    );
                    let mut p = [0u8; 8];
                    p[..bytes.len()].copy_from_slice(bytes);
                    assert_eq!(w, u64::from_le_bytes(p), "{t:?} at {a}");
                }
                spans.push((a, b));
            });
            (spans, marks)
        };
        for t in &texts {
            assert_eq!(split(t), naive_split(t), "{t:?}");
            // and after eight bytes or more, where the last eight are read at once
            let longer = format!("a!b?c d\te{t}");
            assert_eq!(split(&longer), naive_split(&longer), "{longer:?}");
        }
    }

    #[test]
    fn word_table_finds_what_it_holds_across_growth() {
        let words: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
        let mut t = WordTable::with_capacity(4); // grows several times
        for (i, w) in words.iter().enumerate() {
            t.entry(w.as_bytes()).set_valence((i % 80) as i8 - 40);
        }
        t.entry(words[7].as_bytes()).0 |= Token::NEGATION; // an existing word: the same entry
        assert_eq!(t.entries.len(), 300);
        for (i, w) in words.iter().enumerate() {
            let info = t.get(w.as_bytes()).expect("held");
            assert_eq!(info.valence(), Some(f64::from((i % 80) as i8 - 40) / 10.0));
            assert_eq!(info.negation(), i == 7);
        }
        assert!(t.get(b"w300").is_none());
        assert!(t.get(b"").is_none());
        // words that share their first eight bytes, or differ only by trailing zeros
        let mut t = WordTable::with_capacity(4);
        let held = [&b"abcdefgh"[..], b"abcdefghij", b"abcdefghik", b"a", b"a\0"];
        for (i, w) in held.iter().enumerate() {
            t.entry(w).set_valence(i as i8 + 1);
        }
        for (i, w) in held.iter().enumerate() {
            assert_eq!(
                t.get(w).and_then(|x| x.valence()),
                Some(f64::from(i as i8 + 1) / 10.0)
            );
        }
        for w in [
            &b"abcdefghi"[..],
            b"abcdefghijk",
            b"abcdefghil",
            b"a\0\0",
            b"abcdefg",
        ] {
            assert!(t.get(w).is_none(), "{w:?}");
        }
    }

    #[test]
    fn filter_passes_every_word_held_and_turns_away_most_others() {
        let lex = lexicon();
        let t = &lex.words;
        // every word held gets through the filter to its entry
        for i in 0..t.entries.len() {
            let w = t.word(i);
            assert!(t.get(w).is_some(), "{}", String::from_utf8_lossy(w));
        }
        // words not held: the filter alone answers for most of them
        let (mut absent, mut passed) = (0, 0);
        for i in 0..20_000 {
            let w = format!("zq{i}x");
            if t.get(w.as_bytes()).is_none() {
                absent += 1;
                let (k, bits) = filter_bits(word_hash(w.as_bytes()));
                passed += usize::from(t.filter[k] & bits == bits);
            }
        }
        assert_eq!(absent, 20_000);
        assert!(
            passed * 10 < absent,
            "{passed} of {absent} passed the filter"
        );
    }

    /// The reference loop, transcribed literally (quadratic): the oracle for `but_check`.
    fn naive_but(s: &mut [f64], bi: usize) {
        for k in 0..s.len() {
            let v = s[k];
            let si = s.iter().position(|&x| x == v).unwrap_or(k);
            if si < bi {
                s[si] = v * 0.5;
            } else if si > bi {
                s[si] = v * 1.5;
            }
        }
    }

    #[test]
    fn but_check_matches_the_reference_loop() {
        let mut rand = crate::testing::rand(0x9e37_79b9_7f4a_7c15);
        let pool = [0.0, -0.0, 1.5, 3.0, 0.75, -2.0, -1.0, -4.0, 2.25, 1.125];
        for _ in 0..2000 {
            // short lists, and longer ones where values meet again after several steps
            let n = 1 + if rand(4) == 0 { rand(150) } else { rand(12) };
            let v: Vec<f64> = (0..n).map(|_| pool[rand(pool.len())]).collect();
            let bi = rand(n);
            let (mut a, mut b) = (v.clone(), v.clone());
            naive_but(&mut a, bi);
            but_check_indexed(&mut b, |k| k, bi);
            assert_eq!(a, b, "input {v:?}, but at {bi}");
        }
    }

    #[test]
    fn but_check_over_the_non_zero_words_is_the_reference_loop_over_all() {
        // the rule sees only the words that can be non-zero (some of which are 0) and
        // their positions; the other words are 0 and must stay so
        let mut rand = crate::testing::rand(0x2545_f491_4f6c_dd1d);
        let pool = [0.0, -0.0, 1.5, 3.0, 0.75, -2.0, 2.25, 1.125];
        for _ in 0..3000 {
            let n = 1 + if rand(4) == 0 { rand(300) } else { rand(20) };
            let dense: Vec<f64> = (0..n)
                .map(|_| {
                    if rand(3) == 0 {
                        pool[rand(pool.len())]
                    } else {
                        0.0
                    }
                })
                .collect();
            // every non-zero position, and some zero ones
            let kept: Vec<usize> = (0..n)
                .filter(|&i| dense[i] != 0.0 || rand(4) == 0)
                .collect();
            let bi = rand(n);
            let mut want = dense.clone();
            naive_but(&mut want, bi);
            let mut sparse: Vec<f64> = kept.iter().map(|&i| dense[i]).collect();
            but_check(&mut sparse, |k| kept[k], bi);
            for (k, &i) in kept.iter().enumerate() {
                assert_eq!(sparse[k], want[i], "{dense:?}, but at {bi}, position {i}");
            }
            assert!(
                (0..n).filter(|i| !kept.contains(i)).all(|i| want[i] == 0.0),
                "{dense:?}"
            );
        }
    }

    #[test]
    fn a_range_of_the_tokens_scores_as_its_text_alone() {
        // texts pushed one after another and scored by their ranges, in any order: at the
        // start, in the middle, at the end, and all of them (white space between)
        let texts = [
            "I do NOT love this, but it is kind of GOOD!",
            "no",
            "The bomb. Not bad at all?? :)",
            "",
            "yeah right, kiss of death... without doubt the worst",
            "VERY happy 😀 never so good",
        ];
        let mut tok = Tokenized::default();
        let parts: Vec<_> = texts.iter().map(|t| tok.push_text(t)).collect();
        let mut sentiments = Vec::new();
        for (i, (range, marks)) in parts.iter().enumerate().rev() {
            let got = tok.score(range.clone(), *marks, &mut sentiments);
            assert_eq!(got, polarity_scores(texts[i]), "{:?}", texts[i]);
        }
        let marks = parts
            .iter()
            .fold((0, 0), |m, p| (m.0 + p.1 .0, m.1 + p.1 .1));
        let whole = texts.join(" ");
        assert_eq!(
            tok.score(0..tok.len(), marks, &mut sentiments),
            polarity_scores(&whole)
        );
        assert_ne!(polarity_scores(&whole).compound, 0.0);
    }

    #[test]
    fn tokens_carry_their_words_tags_and_idioms() {
        let lex = lexicon();
        for (w, tag) in TAGGED {
            assert_eq!(
                lex.words.get(w.as_bytes()).map(|t| t.tag()),
                Some(tag),
                "{w}"
            );
        }
        for (i, w) in IDIOM_WORDS.iter().enumerate() {
            let t = lex.words.get(w.as_bytes()).expect("held");
            assert_eq!(usize::from(t.idiom()), i + 1, "{w}");
        }
        // the numbered special cases and bigrams are the written ones
        for ((words, v), (ids, v2)) in SPECIAL.iter().zip(SPECIAL_IDS) {
            assert_eq!(v, &v2);
            let named: Vec<&str> = ids
                .iter()
                .take_while(|&&x| x != 0)
                .map(|&x| IDIOM_WORDS[usize::from(x) - 1])
                .collect();
            assert_eq!(&named[..], *words);
        }
        for (&(a, b, _), &(x, y, _)) in BOOST_BIGRAMS.iter().zip(&BIGRAM_IDS) {
            assert_eq!(
                (
                    IDIOM_WORDS[usize::from(x) - 1],
                    IDIOM_WORDS[usize::from(y) - 1]
                ),
                (a, b)
            );
        }
        // every field apart, at its extremes
        let mut t = Token::default();
        t.set_valence(-39);
        t.set_tag(Tag::But);
        t.set_idiom(22);
        t.0 |= Token::BOOST_DOWN | Token::UPPER;
        assert_eq!(
            (
                t.valence(),
                t.tag(),
                t.idiom(),
                t.booster(),
                t.upper(),
                t.negation()
            ),
            (Some(-3.9), Tag::But, 22, Some(B_DECR), true, false)
        );
        assert_eq!(lex.words.get(b"great").and_then(|t| t.valence()), Some(3.1));
        assert_eq!(
            lex.words.get(b"extremely").and_then(|t| t.booster()),
            Some(B_INCR)
        );
    }

    #[test]
    fn short_hash_is_word_hash() {
        // the one-step hash of push_text's short path must find what the table stored
        for w in [
            "a",
            "ok",
            "good",
            "n't",
            "amazing",
            "terrible",
            "xoxo:)",
            "\u{e9}t\u{e9}",
        ] {
            let b = w.as_bytes();
            if b.len() > 8 {
                continue;
            }
            let mut p = [0u8; 8];
            p[..b.len()].copy_from_slice(b);
            assert_eq!(
                short_hash(u64::from_le_bytes(p), b.len()),
                word_hash(b),
                "{w}"
            );
        }
        // and the words do differ by hash (length and bytes both count)
        assert_ne!(word_hash(b"a"), word_hash(b"a\0"));
        assert_ne!(word_hash(b"abcdefgh"), word_hash(b"abcdefgh\0"));
    }
}
