//! Encodes the VADER lexicon (`data/vader/lexicon.tsv`, 105 KB of `word<TAB>rating`
//! lines) into the compact form the library embeds: the words sorted and front-coded,
//! then every rating as one signed byte of tenths. 42 KB instead of 105, and 20 KB
//! instead of 31 KB once gzipped, for the same 7,506 entries (a later duplicate wins,
//! as in the reference). `src/sentiment/vader.rs` decodes it and tests it against the
//! TSV.
//!
//! Format: entry count (u32, little-endian); per entry, in byte order of the words: the
//! length of the prefix shared with the previous word (u8), the length of the rest (u8),
//! the rest; then per entry its rating in tenths (i8).

use std::collections::HashMap;

fn main() {
    const SRC: &str = "data/vader/lexicon.tsv";
    println!("cargo:rerun-if-changed={SRC}");
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(SRC).expect("data/vader/lexicon.tsv is readable");
    let mut entries: Vec<(&str, i8)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let (word, rating) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{SRC}:{}: no tab", n + 1));
        let tenths = tenths(rating).unwrap_or_else(|| {
            panic!(
                "{SRC}:{}: rating {rating:?} is not one decimal in -12.7..12.7",
                n + 1
            )
        });
        assert!(
            !word.is_empty() && word.len() < 256,
            "{SRC}:{}: word length",
            n + 1
        );
        match index.get(word) {
            Some(&i) => entries[i].1 = tenths,
            None => {
                index.insert(word, entries.len());
                entries.push((word, tenths));
            }
        }
    }
    entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut out = (entries.len() as u32).to_le_bytes().to_vec();
    let mut prev: &[u8] = &[];
    for (word, _) in &entries {
        let w = word.as_bytes();
        let keep = w
            .iter()
            .zip(prev)
            .take_while(|(a, b)| a == b)
            .count()
            .min(255);
        out.push(keep as u8);
        out.push((w.len() - keep) as u8);
        out.extend_from_slice(&w[keep..]);
        prev = w;
    }
    out.extend(entries.iter().map(|&(_, t)| t as u8));
    let dst = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("lexicon.bin");
    std::fs::write(dst, out).expect("OUT_DIR is writable");
}

/// `-1.5` -> -15: one decimal, as the whole lexicon is written.
fn tenths(r: &str) -> Option<i8> {
    let (neg, digits) = match r.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, r),
    };
    let (int, frac) = digits.split_once('.')?;
    if int.is_empty()
        || frac.len() != 1
        || !(int.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let t: i32 = format!("{int}{frac}").parse().ok()?;
    i8::try_from(if neg { -t } else { t }).ok()
}
