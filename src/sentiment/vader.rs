//! A VADER-faithful sentiment scorer (Hutto & Gilbert, 2014), matching the reference
//! `vadersentiment` 3.3.2 rule for rule, including its quirks (which are part of the
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

use std::borrow::Cow;
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
/// in the reference, so it is not here).
const SPECIAL: &[(&[&str], f64)] = &[
    (&["the", "shit"], 3.0),
    (&["the", "bomb"], 3.0),
    (&["bad", "ass"], 1.5),
    (&["bus", "stop"], 0.0),
    (&["yeah", "right"], -2.0),
    (&["kiss", "of", "death"], -1.5),
    (&["to", "die", "for"], 3.0),
    (&["beating", "heart"], 3.5),
];

struct Lexicon {
    words: HashMap<&'static str, f64>,
    emoji: HashMap<char, &'static str>,
    boosters: HashMap<&'static str, f64>,
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut words = HashMap::with_capacity(7600);
        for line in include_str!("../../data/vader/lexicon.tsv").lines() {
            if let Some((w, m)) = line.split_once('\t') {
                if let Ok(v) = m.parse::<f64>() {
                    words.insert(w, v); // a later duplicate wins, as in the reference
                }
            }
        }
        let mut emoji = HashMap::with_capacity(1300);
        for line in include_str!("../../data/vader/emoji.tsv").lines() {
            if let Some((e, d)) = line.split_once('\t') {
                let mut cs = e.chars();
                if let (Some(c), None) = (cs.next(), cs.next()) {
                    emoji.insert(c, d);
                }
            }
        }
        let mut boosters = HashMap::new();
        for w in BOOST_UP {
            boosters.insert(*w, B_INCR);
        }
        for w in BOOST_DOWN {
            boosters.insert(*w, B_DECR);
        }
        Lexicon {
            words,
            emoji,
            boosters,
        }
    })
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

/// Python's `round(x, digits)`: the nearest decimal, ties to even on the exact value.
fn py_round(x: f64, digits: usize) -> f64 {
    let s = format!("{x:.digits$}");
    s.parse().unwrap_or(x)
}

/// `token.strip(string.punctuation)`, unless two or fewer characters would remain.
fn strip_punct(token: &str) -> &str {
    let s = token.trim_matches(|c: char| c.is_ascii_punctuation());
    if s.chars().count() <= 2 {
        token
    } else {
        s
    }
}

/// What the rules need to know about each token, computed once.
struct Token<'a> {
    lower: Cow<'a, str>,
    valence: Option<f64>,
    booster: Option<f64>,
    upper: bool,
    negation: bool,
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
    let lex = lexicon();
    let replaced = replace_emoji(text, lex);
    let text = replaced.trim_matches(py_space);

    let tokens: Vec<Token> = text
        .split(py_space)
        .filter(|t| !t.is_empty())
        .map(|raw| {
            let t = strip_punct(raw);
            let lower: Cow<str> = if t.bytes().any(|b| b.is_ascii_uppercase()) || !t.is_ascii() {
                Cow::Owned(t.to_lowercase())
            } else {
                Cow::Borrowed(t)
            };
            Token {
                valence: lex.words.get(lower.as_ref()).copied(),
                booster: lex.boosters.get(lower.as_ref()).copied(),
                upper: py_isupper(t),
                negation: NEGATE.contains(&lower.as_ref()) || lower.contains("n't"),
                lower,
            }
        })
        .collect();
    if tokens.is_empty() {
        return Scores::default();
    }
    let n = tokens.len();
    let caps = tokens.iter().filter(|t| t.upper).count();
    let cap_diff = n - caps > 0 && n - caps < n;
    let w = |j: usize| tokens[j].lower.as_ref();

    let mut sentiments: Vec<f64> = Vec::with_capacity(n);
    for i in 0..n {
        let tok = &tokens[i];
        if tok.booster.is_some() || (i + 1 < n && w(i) == "kind" && w(i + 1) == "of") {
            sentiments.push(0.0);
            continue;
        }
        let Some(lv) = tok.valence else {
            sentiments.push(0.0);
            continue;
        };
        let mut v = lv;
        if w(i) == "no" && i != n - 1 && tokens[i + 1].valence.is_some() {
            v = 0.0; // "no" negates the next word instead of scoring itself
        }
        if (i > 0 && w(i - 1) == "no")
            || (i > 1 && w(i - 2) == "no")
            || (i > 2 && w(i - 3) == "no" && (w(i - 1) == "or" || w(i - 1) == "nor"))
        {
            v = lv * N_SCALAR;
        }
        if tok.upper && cap_diff {
            v = if v > 0.0 { v + C_INCR } else { v - C_INCR };
        }
        for start_i in 0..3 {
            if i > start_i && tokens[i - start_i - 1].valence.is_none() {
                let j = i - start_i - 1;
                let mut s = 0.0;
                if let Some(b) = tokens[j].booster {
                    s = if v < 0.0 { -b } else { b };
                    if tokens[j].upper && cap_diff {
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
                v = negation_check(v, &tokens, start_i, i);
                if start_i == 2 {
                    v = special_idioms_check(v, &tokens, i);
                }
            }
        }
        // "least": "at least" and "very least" do not negate
        if i > 1 && tokens[i - 1].valence.is_none() && w(i - 1) == "least" {
            if w(i - 2) != "at" && w(i - 2) != "very" {
                v *= N_SCALAR;
            }
        } else if i > 0 && tokens[i - 1].valence.is_none() && w(i - 1) == "least" {
            v *= N_SCALAR;
        }
        sentiments.push(v);
    }

    if let Some(bi) = tokens.iter().position(|t| t.lower == "but") {
        // the reference rescales each value at the first index holding an equal value
        for k in 0..n {
            let s = sentiments[k];
            let si = sentiments.iter().position(|&x| x == s).unwrap_or(k);
            if si < bi {
                sentiments[si] = s * 0.5;
            } else if si > bi {
                sentiments[si] = s * 1.5;
            }
        }
    }
    score_valence(&sentiments, text)
}

fn negation_check(v: f64, t: &[Token], start_i: usize, i: usize) -> f64 {
    let w = |j: usize| t[j].lower.as_ref();
    match start_i {
        0 if t[i - 1].negation => v * N_SCALAR,
        1 => {
            if w(i - 2) == "never" && (w(i - 1) == "so" || w(i - 1) == "this") {
                v * 1.25
            } else if w(i - 2) == "without" && w(i - 1) == "doubt" {
                v
            } else if t[i - 2].negation {
                v * N_SCALAR
            } else {
                v
            }
        }
        2 => {
            if (w(i - 3) == "never" && (w(i - 2) == "so" || w(i - 2) == "this"))
                || (w(i - 1) == "so" || w(i - 1) == "this")
            {
                v * 1.25
            } else if w(i - 3) == "without" && (w(i - 2) == "doubt" || w(i - 1) == "doubt") {
                v
            } else if t[i - 3].negation {
                v * N_SCALAR
            } else {
                v
            }
        }
        _ => v,
    }
}

fn special_case(t: &[Token], idx: &[usize]) -> Option<f64> {
    SPECIAL
        .iter()
        .find(|(words, _)| {
            words.len() == idx.len() && words.iter().zip(idx).all(|(w, &j)| t[j].lower == *w)
        })
        .map(|&(_, v)| v)
}

fn special_idioms_check(mut v: f64, t: &[Token], i: usize) -> f64 {
    let n = t.len();
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
        for &(x, y, inc) in BOOST_BIGRAMS {
            if t[a].lower == x && t[b].lower == y {
                v += inc;
            }
        }
    }
    v
}

fn replace_emoji<'a>(text: &'a str, lex: &Lexicon) -> Cow<'a, str> {
    if text.is_ascii() || !text.chars().any(|c| lex.emoji.contains_key(&c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut prev_space = true;
    for c in text.chars() {
        if let Some(d) = lex.emoji.get(&c) {
            if !prev_space {
                out.push(' ');
            }
            out.push_str(d);
            prev_space = false;
        } else {
            out.push(c);
            prev_space = c == ' ';
        }
    }
    Cow::Owned(out)
}

fn score_valence(sentiments: &[f64], text: &str) -> Scores {
    let mut sum: f64 = 0.0;
    for &s in sentiments {
        sum += s;
    }
    let ep = text.bytes().filter(|&b| b == b'!').count().min(4) as f64 * 0.292;
    let qm_count = text.bytes().filter(|&b| b == b'?').count();
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
    let (mut pos_sum, mut neg_sum, mut neu) = (0.0f64, 0.0f64, 0usize);
    for &s in sentiments {
        if s > 0.0 {
            pos_sum += s + 1.0;
        }
        if s < 0.0 {
            neg_sum += s - 1.0;
        }
        if s == 0.0 {
            neu += 1;
        }
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
