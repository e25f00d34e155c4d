//! Lookups in the generated fold table (`fold_table.rs`, from `scripts/gen_fold_table.py`).

use super::fold_table::{LOWER, MARKS, MULTI, POOL, SINGLE};

/// The run of a range table (`SINGLE`, `LOWER`: first code point | (length - 1) << 21 |
/// kind << 31, value) that holds `cp`: its kind bit, value and first code point.
fn run(table: &[(u32, u32)], cp: u32) -> Option<(bool, u32, u32)> {
    let i = table.partition_point(|&(k, _)| (k & 0x1F_FFFF) <= cp);
    let (k, v) = *table.get(i.checked_sub(1)?)?;
    let start = k & 0x1F_FFFF;
    let len = ((k >> 21) & 0x3FF) + 1;
    (cp < start + len).then_some((k >> 31 == 1, v, start))
}

/// Calls `emit` with the characters `c` stands for once compatibility forms are decomposed
/// and combining marks dropped (`ｆ` -> `f`, `é` -> `e`, `ﬁ` -> `f i`), or with `c` itself.
pub(crate) fn decompose(c: char, emit: &mut impl FnMut(char)) {
    let cp = c as u32;
    if let Some((shifted, v, start)) = run(&SINGLE, cp) {
        let out = if shifted { v + (cp - start) } else { v };
        emit(char::from_u32(out).unwrap_or(c));
        return;
    }
    if let Ok(j) = MULTI.binary_search_by_key(&cp, |r| r.0) {
        let (_, off, len) = MULTI[j];
        let (off, len) = (off as usize, len as usize);
        for d in POOL.get(off..off + len).unwrap_or("").chars() {
            emit(d);
        }
        return;
    }
    emit(c)
}

/// Whether `c` is a combining mark (general category M).
pub(crate) fn is_combining_mark(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x300 {
        return false;
    }
    let i = MARKS.partition_point(|&(a, _)| a <= cp);
    i > 0 && cp <= MARKS[i - 1].1
}

/// `c` lowercased with its combining marks dropped (the full mapping gives one character
/// then: `İ` is `i`), from the generated table (Unicode 14, as the rest of the fold table)
/// rather than `char::to_lowercase`, whose tables cost 8 KB of the gzipped wasm. A mark is
/// returned as it is.
pub(crate) fn lowercase(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let cp = c as u32;
    match run(&LOWER, cp) {
        Some((true, v, start)) => char::from_u32(v + (cp - start)).unwrap_or(c),
        // alternating pairs: the capital at an even offset, its small letter after it
        Some((false, _, start)) if (cp - start) % 2 == 0 => char::from_u32(cp + 1).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Capitals that the Unicode of Rust's standard library lowercases and the table's
    /// (14.0) does not have: added in Unicode 16 and 17 (a Cyrillic letter, Latin Extended-D
    /// letters, the Garay and Beria Erfe scripts).
    pub(crate) fn newer_than_the_table(c: char) -> bool {
        matches!(
            c as u32,
            0x1C89 | 0xA7CB..=0xA7DC | 0x10D50..=0x10D65 | 0x16EA0..=0x16EB8
        )
    }

    #[test]
    fn lowercase_agrees_with_std_on_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_combining_mark(c) {
                continue;
            }
            let std: String = c
                .to_lowercase()
                .filter(|&l| !is_combining_mark(l))
                .collect();
            let ours = lowercase(c).to_string();
            if ours != std {
                let at = c as u32;
                assert!(newer_than_the_table(c), "U+{at:04X}: {ours:?}, std {std:?}");
            }
        }
    }
}
