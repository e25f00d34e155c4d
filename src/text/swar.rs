//! Eight bytes at a time in one `u64` ("SIMD within a register"): the byte tests that the
//! hot loops of the PII scanner, the sentiment tokenizer and the UTF-16 mapper share.
//!
//! Each test returns a mask with the high bit of every byte that passes set, and nothing
//! else; tests are exact (no borrow between bytes), so masks can be combined and the first
//! passing byte is `mask.trailing_zeros() / 8`.

/// A one in each byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte.
pub const HIGH: u64 = 0x8080_8080_8080_8080;
/// The ASCII case bit (0x20) of each byte.
pub const CASE: u64 = 0x2020_2020_2020_2020;

/// The eight bytes at `bytes[i..]` as a little-endian number (byte `i` lowest), or `None`
/// when fewer than eight are left.
#[inline(always)]
pub fn load(bytes: &[u8], i: usize) -> Option<u64> {
    let c = bytes.get(i..)?.first_chunk::<8>()?;
    Some(u64::from_le_bytes(*c))
}

/// How many bytes from `bytes[i..]` on are ASCII (below 0x80), eight at a time.
#[inline]
pub fn ascii_len(bytes: &[u8], i: usize) -> usize {
    let mut k = i;
    while let Some(w) = load(bytes, k) {
        let high = w & HIGH;
        if high != 0 {
            return k - i + (high.trailing_zeros() / 8) as usize;
        }
        k += 8;
    }
    k - i + bytes[k..].iter().take_while(|b| b.is_ascii()).count()
}

/// How many bytes from `bytes[i]` on equal it (at least one), eight at a time: a byte
/// that differs is a byte of `w ^ run` that is not zero.
#[inline]
pub fn run_len(bytes: &[u8], i: usize) -> usize {
    let b = bytes[i];
    let run = ONES * u64::from(b);
    let mut k = i + 1;
    while let Some(w) = load(bytes, k) {
        let differ = w ^ run;
        if differ != 0 {
            return k - i + (differ.trailing_zeros() / 8) as usize;
        }
        k += 8;
    }
    k - i + bytes[k..].iter().take_while(|&&x| x == b).count()
}

/// The start of the run of bytes equal to `bytes[k]` that ends at `k`: the least `j` with
/// every byte of `bytes[j..=k]` equal, found eight at a time.
#[inline]
pub fn run_start(bytes: &[u8], k: usize) -> usize {
    let b = bytes[k];
    let run = ONES * u64::from(b);
    let mut j = k;
    while j >= 8 {
        let Some(w) = load(bytes, j - 8) else { break };
        let differ = w ^ run;
        if differ != 0 {
            // the last differing byte of the eight ends the run before
            return j - 8 + (63 - differ.leading_zeros() as usize) / 8 + 1;
        }
        j -= 8;
    }
    while j > 0 && bytes[j - 1] == b {
        j -= 1;
    }
    j
}

/// Whether `a` and `b` are the same bytes, compared eight at a time (in WASM, `==` on
/// slices calls a `memcmp` that compares a byte at a time).
#[inline]
pub fn equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while let (Some(x), Some(y)) = (load(a, i), load(b, i)) {
        if x != y {
            return false;
        }
        i += 8;
    }
    a[i..].iter().zip(&b[i..]).all(|(x, y)| x == y)
}

/// Whether `bytes` hold U+FFFD (`EF BF BD`), the character a lone surrogate becomes when
/// JS encodes a string as UTF-8: an ASCII stretch costs one test per eight bytes, and only
/// the eight bytes around an `EF` are looked at closer.
pub fn has_replacement(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(w) = load(bytes, i) {
        if w & HIGH != 0 {
            let mut m = eq(w, 0xEF);
            while m != 0 {
                let k = i + (m.trailing_zeros() / 8) as usize;
                if bytes.get(k..k + 3) == Some(&[0xEF, 0xBF, 0xBD][..]) {
                    return true;
                }
                m &= m - 1;
            }
        }
        i += 8;
    }
    // (an `EF` in the last block was looked at across its end)
    bytes
        .get(i..)
        .is_some_and(|t| t.windows(3).any(|t| t == [0xEF, 0xBF, 0xBD]))
}

/// The bytes equal to `c`.
#[inline(always)]
pub fn eq(w: u64, c: u8) -> u64 {
    let t = w ^ (ONES * u64::from(c));
    !((((t & !HIGH) + !HIGH) | t) & HIGH) & HIGH
}

/// The bytes in `lo..=hi` (`0 < lo <= hi < 0x80`), among those below 0x80.
#[inline(always)]
pub fn in_range(w: u64, lo: u8, hi: u8) -> u64 {
    let low = w & !HIGH;
    // bytes of `low` are below 0x80: adding at most 0x7f carries into no other byte
    let ge = low + ONES * u64::from(0x80 - lo);
    let gt = low + ONES * u64::from(0x7f - hi);
    ge & !gt & !w & HIGH
}

/// The ASCII punctuation characters (`u8::is_ascii_punctuation`): graphic, neither a
/// letter nor a digit.
#[inline(always)]
pub fn punctuation(w: u64) -> u64 {
    in_range(w, 0x21, 0x7e) & !letters(w) & !in_range(w, b'0', b'9')
}

/// The ASCII letters, either case.
#[inline(always)]
pub fn letters(w: u64) -> u64 {
    in_range(w | CASE, b'a', b'z') & !w
}

/// Of the bytes marked in `letters` (a mask of ASCII letters), the capitals.
#[inline(always)]
pub fn capitals(w: u64, letters: u64) -> u64 {
    // the case bit, moved to the high bit of its byte
    letters & !(w << 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_tests_agree_with_std() {
        // every byte value at every position, among neighbours that could borrow or carry
        for b in 0..=255u8 {
            for at in 0..8 {
                for fill in [0u8, b'a', b'Z', 0x7f, 0x80, 0xff, b' '] {
                    let mut a = [fill; 8];
                    a[at] = b;
                    let w = u64::from_le_bytes(a);
                    let mask = |f: &dyn Fn(u8) -> bool| {
                        a.iter()
                            .enumerate()
                            .filter(|(_, &x)| f(x))
                            .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k))
                    };
                    assert_eq!(eq(w, b' '), mask(&|x| x == b' '));
                    assert_eq!(eq(w, 0xEF), mask(&|x| x == 0xEF));
                    assert_eq!(
                        in_range(w, 0x21, 0x7f),
                        mask(&|x| (0x21..=0x7f).contains(&x))
                    );
                    assert_eq!(in_range(w, b'0', b'9'), mask(&|x| x.is_ascii_digit()));
                    assert_eq!(punctuation(w), mask(&|x| x.is_ascii_punctuation()));
                    let l = letters(w);
                    assert_eq!(l, mask(&|x| x.is_ascii_alphabetic()));
                    assert_eq!(capitals(w, l), mask(&|x| x.is_ascii_uppercase()));
                }
            }
        }
        // U+FFFD at every place in texts of up to 20 bytes, among ASCII and among other
        // characters led by `EF` or ending in `BF BD`
        for len in 0..20usize {
            for fill in ["a", "\u{FFFC}", "\u{FF5D}", "\u{FFBD}", "\u{7FD}"] {
                let plain: String = fill.repeat(len);
                assert!(!has_replacement(plain.as_bytes()), "{len} {fill:?}");
                for at in plain.char_indices().map(|(k, _)| k).chain([plain.len()]) {
                    let mut s = plain.clone();
                    s.insert(at, '\u{FFFD}');
                    assert!(has_replacement(s.as_bytes()), "{len} {fill:?} {at}");
                }
            }
        }
        // every pair of strings of up to 20 bytes that differ in at most one byte
        for len in 0..20usize {
            let a: Vec<u8> = (0..len as u8).collect();
            assert!(equal(&a, &a.clone()));
            if len > 0 {
                assert!(!equal(&a, &a[..len - 1]));
            }
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 0x40;
                assert!(!equal(&a, &b), "{len} {at}");
            }
        }
        assert_eq!(load(b"abcdefgh", 0), Some(u64::from_le_bytes(*b"abcdefgh")));
        assert_eq!(load(b"abcdefgh", 1), None);
        assert_eq!(load(b"", usize::MAX), None);
    }

    #[test]
    fn runs_agree_with_a_byte_at_a_time() {
        // runs of every length up to 20 around a break, at every offset of the eight
        for len in 0..20 {
            for pad in 0..9 {
                for (fill, run) in [(b'x', b'a'), (b'a', 0x80), (0xC3, b'a'), (b'A', b'a')] {
                    let mut v = vec![fill; pad];
                    v.extend(std::iter::repeat_n(run, len));
                    v.extend([b'.', 0xE2, b'z']);
                    for i in 0..v.len() {
                        let naive = v[i..].iter().take_while(|b| b.is_ascii()).count();
                        assert_eq!(ascii_len(&v, i), naive, "{v:?} from {i}");
                        let mut j = i;
                        while j > 0 && v[j - 1] == v[i] {
                            j -= 1;
                        }
                        assert_eq!(run_start(&v, i), j, "{v:?} back from {i}");
                        let n = v[i..].iter().take_while(|&&x| x == v[i]).count();
                        assert_eq!(run_len(&v, i), n, "{v:?} on from {i}");
                    }
                }
            }
        }
    }
}
