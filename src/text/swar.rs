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
                    let l = letters(w);
                    assert_eq!(l, mask(&|x| x.is_ascii_alphabetic()));
                    assert_eq!(capitals(w, l), mask(&|x| x.is_ascii_uppercase()));
                }
            }
        }
        assert_eq!(load(b"abcdefgh", 0), Some(u64::from_le_bytes(*b"abcdefgh")));
        assert_eq!(load(b"abcdefgh", 1), None);
        assert_eq!(load(b"", usize::MAX), None);
    }
}
