//! Normalisation for matching, one character at a time.
//!
//! Every original character becomes zero or more [`Item`]s:
//! - [`Item::Skel`]: a folded "skeleton" character that matching sees. Case is folded,
//!   compatibility forms are decomposed (fullwidth `Ｆ`, mathematical `𝐟`, ligatures `ﬁ`),
//!   combining marks dropped (`é` -> `e`), Cyrillic and Greek look-alikes mapped to the
//!   Latin letter they imitate (`а` -> `a`), and leetspeak read as letters
//!   (`0 1 3 4 5 7 8 9 @ $ ! |` -> `o i e a s t b g a s i i`), and `v` read as `u`
//!   (`fvck`);
//! - [`Item::Sep`]: a separator (space, punctuation, symbols, emoji): matching skips it
//!   but remembers that it was there (whole-word checks, spaced-out letters);
//! - [`Item::Extend`]: a combining mark or joiner that belongs to the previous character;
//! - nothing, for invisible characters (zero-width space, soft hyphen, BOM, ...).
//!
//! The caller knows the original byte span of the character it passed, so every skeleton
//! character maps back to an original span: there is no separate offset table.
//!
//! ```
//! use chatguard::text::{normalize_char, Item, Kind};
//! let mut out = Vec::new();
//! normalize_char('Ｆ', &mut |i| out.push(i));
//! assert_eq!(out, vec![Item::Skel('f', Kind::Letter)]);
//! ```

/// What kind of character a skeleton character came from. Whole-word checks treat
/// letters and digits as word characters; a leet symbol (`@`, `$`) counts as a letter
/// only inside a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A letter.
    Letter,
    /// An ASCII (or compatibility) digit; `0 1 3 4 5 7 8 9` are read as letters.
    Digit,
    /// A symbol read as a letter (`@ $ ! |`).
    Symbol,
    /// A character of a script written without spaces (Han, kana, Thai, ...): a word of
    /// its own for whole-word checks, as in UAX #29.
    Ideo,
}

impl Kind {
    /// Whether this kind joins words: a match may not start or end next to it.
    #[inline]
    pub fn is_word(self) -> bool {
        matches!(self, Kind::Letter | Kind::Digit)
    }
}

/// One unit of normalised output; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A skeleton character.
    Skel(char, Kind),
    /// A separator.
    Sep,
    /// A combining mark or joiner attached to what precedes it.
    Extend,
}

/// ASCII table: 0 = separator, otherwise the folded byte; the kind is in [`ASCII_KIND`].
static ASCII_FOLD: [u8; 128] = build_ascii_fold();
static ASCII_KIND: [Kind; 128] = build_ascii_kind();

const fn leet_ascii(b: u8) -> u8 {
    match b {
        b'0' => b'o',
        b'1' => b'i',
        b'3' => b'e',
        b'4' => b'a',
        b'5' => b's',
        b'7' => b't',
        b'8' => b'b',
        b'9' => b'g',
        b'@' => b'a',
        b'$' => b's',
        b'!' => b'i',
        b'|' => b'i',
        // a letter read as another: `fvck`, `cvnt` (no English word is a banned one with a
        // `u` written `v`)
        b'v' => b'u',
        _ => 0,
    }
}

const fn build_ascii_fold() -> [u8; 128] {
    let mut t = [0u8; 128];
    let mut b = 0u8;
    while b < 128 {
        // a letter or digit folds to itself in small letters, unless leet reads it as
        // another; anything else is a leet symbol or a separator (0)
        t[b as usize] = if b.is_ascii_alphanumeric() {
            let lower = b.to_ascii_lowercase();
            let l = leet_ascii(lower);
            if l != 0 {
                l
            } else {
                lower
            }
        } else {
            leet_ascii(b)
        };
        b += 1;
    }
    t
}

const fn build_ascii_kind() -> [Kind; 128] {
    let mut t = [Kind::Symbol; 128];
    let mut b = 0u8;
    while b < 128 {
        t[b as usize] = if b.is_ascii_alphabetic() {
            Kind::Letter
        } else if b.is_ascii_digit() {
            Kind::Digit
        } else {
            Kind::Symbol
        };
        b += 1;
    }
    t
}

/// Normalises one ASCII byte: `Some((folded, kind))` for a skeleton character, `None`
/// for a separator. The hot path of every scan.
#[inline(always)]
pub fn normalize_ascii(b: u8) -> Option<(u8, Kind)> {
    let f = ASCII_FOLD[(b & 0x7f) as usize];
    if f == 0 {
        None
    } else {
        Some((f, ASCII_KIND[(b & 0x7f) as usize]))
    }
}

/// Invisible characters that are dropped without a trace (not even a separator).
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
        | 0x200B | 0x200C | 0x200E | 0x200F | 0x202A..=0x202E | 0x2060..=0x206F
        | 0x3164 | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8 | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

/// Joiners and selectors that attach to the previous character like a combining mark.
#[inline]
fn is_extender(c: char) -> bool {
    c == '\u{200D}' || is_grapheme_extender(c)
}

/// Characters that extend the grapheme before them: combining marks, variation selectors,
/// emoji skin-tone modifiers and tag characters.
#[inline]
pub fn is_grapheme_extender(c: char) -> bool {
    matches!(c as u32, 0xFE00..=0xFE0F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
        || super::fold::is_combining_mark(c)
}

/// Look-alikes keyed on the character as written (before case folding), so that an
/// uppercase Greek Eta (`Η`, looks like H) and a lowercase eta (`η`, looks like n) differ.
fn confusable(c: char) -> Option<char> {
    Some(match c {
        // Cyrillic
        'А' | 'а' => 'a',
        'В' | 'в' | 'Ь' | 'ь' => 'b',
        'С' | 'с' => 'c',
        'Ԁ' | 'ԁ' => 'd',
        'Е' | 'е' | 'Ё' | 'ё' | 'Є' | 'є' => 'e',
        'Н' | 'һ' | 'Һ' => 'h',
        'н' | 'п' => 'n',
        'І' | 'і' | 'Ї' | 'ї' | 'Ӏ' | 'ӏ' => 'i',
        'Ј' | 'ј' => 'j',
        'К' | 'к' => 'k',
        'М' | 'м' => 'm',
        'О' | 'о' => 'o',
        'Р' | 'р' => 'p',
        'Ԛ' | 'ԛ' => 'q',
        'Ѕ' | 'ѕ' => 's',
        'Т' | 'т' => 't',
        'У' | 'у' | 'Ү' | 'ү' => 'y',
        'Х' | 'х' => 'x',
        'Ԝ' | 'ԝ' => 'w',
        // Greek
        'Α' | 'α' => 'a',
        'Β' | 'β' => 'b',
        'Ε' | 'ε' => 'e',
        'Ζ' => 'z',
        'Η' => 'h',
        'η' => 'n',
        'Ι' | 'ι' => 'i',
        'Κ' | 'κ' => 'k',
        'Μ' => 'm',
        'Ν' | 'ν' => 'u', // a `v`, read as `u` as the ASCII `v` is
        'Ο' | 'ο' => 'o',
        'Ρ' | 'ρ' => 'p',
        'Τ' | 'τ' => 't',
        'Υ' | 'υ' => 'u',
        'Χ' | 'χ' => 'x',
        'ω' => 'w',
        'ς' => 'c',
        // Latin letters that do not decompose
        'ı' => 'i',
        'ȷ' => 'j',
        'ɡ' => 'g',
        'ø' | 'Ø' => 'o',
        'đ' | 'Đ' => 'd',
        'ł' | 'Ł' => 'l',
        'ħ' | 'Ħ' => 'h',
        _ => return None,
    })
}

/// Scripts written without spaces between words.
#[inline]
fn is_ideo(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x3040..=0x30FF
        | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF)
}

/// Normalises one character, calling `emit` for each resulting [`Item`] (none for an
/// invisible character). See the module docs.
#[inline]
pub fn normalize_char(c: char, emit: &mut impl FnMut(Item)) {
    if c.is_ascii() {
        match normalize_ascii(c as u8) {
            Some((f, k)) => emit(Item::Skel(f as char, k)),
            None => emit(Item::Sep),
        }
        return;
    }
    normalize_non_ascii(c, emit)
}

/// [`normalize_char`] through a trait object: one copy of the normaliser for all the
/// callers off the hot path (each closure given to `normalize_char` is a copy of its own).
pub fn normalize_char_dyn(c: char, emit: &mut dyn FnMut(Item)) {
    normalize_char(c, &mut |item| emit(item))
}

fn normalize_non_ascii(c: char, emit: &mut impl FnMut(Item)) {
    // fast paths for the common non-Latin characters of chat text
    match c as u32 {
        // emoji and pictographs: separators (skin-tone modifiers attach to the emoji).
        // Not the enclosed alphanumerics (U+1F100..1F2FF: 🄰 is a letter A) nor the
        // dingbat digits (U+2776..2793): those take the general path.
        0x1F3FB..=0x1F3FF => return emit(Item::Extend),
        0x1F000..=0x1F0FF | 0x1F300..=0x1FAFF | 0x2600..=0x2775 | 0x2794..=0x27BF => {
            return emit(Item::Sep)
        }
        // CJK ideographs: no case, no decomposition, each a word of its own
        0x4E00..=0x9FFF => return emit(Item::Skel(c, Kind::Ideo)),
        _ => {}
    }
    if is_invisible(c) {
        return;
    }
    if is_extender(c) {
        emit(Item::Extend);
        return;
    }
    if let Some(l) = confusable(c) {
        emit(Item::Skel(l, Kind::Letter));
        return;
    }
    // Compatibility decomposition, then marks dropped, then case folded.
    super::fold::decompose(c, &mut |d| {
        if d.is_ascii() {
            return match normalize_ascii(d as u8) {
                Some((f, k)) => emit(Item::Skel(f as char, k)),
                None => emit(Item::Sep),
            };
        }
        if super::fold::is_combining_mark(d) || is_invisible(d) {
            return; // a diacritic of a decomposed letter: dropped, the letter stays
        }
        if let Some(l) = confusable(d) {
            return emit(Item::Skel(l, Kind::Letter));
        }
        match d {
            'ß' | 'ẞ' => {
                emit(Item::Skel('s', Kind::Letter));
                emit(Item::Skel('s', Kind::Letter));
            }
            'æ' | 'Æ' => {
                emit(Item::Skel('a', Kind::Letter));
                emit(Item::Skel('e', Kind::Letter));
            }
            'œ' | 'Œ' => {
                emit(Item::Skel('o', Kind::Letter));
                emit(Item::Skel('e', Kind::Letter));
            }
            _ if d.is_alphanumeric() => {
                let kind = if is_ideo(d) {
                    Kind::Ideo
                } else if d.is_numeric() {
                    Kind::Digit
                } else {
                    Kind::Letter
                };
                let l = super::fold::lowercase(d);
                emit(Item::Skel(confusable(l).unwrap_or(l), kind));
            }
            _ => emit(Item::Sep),
        }
    });
}

/// Normalises a whole string into its skeleton (separators as `' '`, runs of separators
/// kept as they are). For terms, tests and debugging; scanning never builds this string.
///
/// ```
/// assert_eq!(chatguard::text::normalize::skeleton("Ｓh1T, Cafè"), "shit  cafe");
/// ```
pub fn skeleton(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        normalize_char(c, &mut |i| match i {
            Item::Skel(ch, _) => out.push(ch),
            Item::Sep => out.push(' '),
            Item::Extend => {}
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(c: char) -> Vec<Item> {
        let mut v = Vec::new();
        normalize_char(c, &mut |i| v.push(i));
        v
    }

    #[test]
    fn fast_paths_agree_with_the_general_path() {
        // what the general path gives for these characters, spelled out
        assert_eq!(items('😀'), vec![Item::Sep]);
        assert_eq!(items('🚀'), vec![Item::Sep]);
        assert_eq!(items('☀'), vec![Item::Sep]);
        assert_eq!(items('\u{1F3FD}'), vec![Item::Extend]);
        assert_eq!(items('中'), vec![Item::Skel('中', Kind::Ideo)]);
        // and the general path for characters around them
        assert_eq!(items('é'), vec![Item::Skel('e', Kind::Letter)]);
        assert_eq!(items('Ⓐ'), vec![Item::Skel('a', Kind::Letter)]);
        assert_eq!(items('\u{200B}'), vec![]);
        assert_eq!(items('\u{0301}'), vec![Item::Extend]);
        // enclosed letters and dingbat digits are not in the fast paths
        assert_eq!(items('🄰'), vec![Item::Skel('a', Kind::Letter)]);
        assert_eq!(items('🅂'), vec![Item::Skel('s', Kind::Letter)]);
        assert_eq!(items('➀'), vec![Item::Skel('➀', Kind::Digit)]);
    }
}
