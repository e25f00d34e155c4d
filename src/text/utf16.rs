//! UTF-8 byte offsets (the core's unit) to UTF-16 code units (the JS unit).
//!
//! Conversion is a single forward pass: [`Utf16Mapper`] walks the text once while the
//! caller asks for offsets in ascending order.

/// The length of `s` in UTF-16 code units.
///
/// ```
/// assert_eq!(chatguard::text::utf16_len("a😀é"), 4);
/// ```
#[inline]
pub fn utf16_len(s: &str) -> usize {
    utf16_len_bytes(s.as_bytes())
}

/// Converts ascending byte offsets of one text to UTF-16 offsets in one pass.
///
/// ```
/// use chatguard::text::Utf16Mapper;
/// let text = "😀 hi";
/// let mut m = Utf16Mapper::new(text, 0, 0);
/// assert_eq!(m.map(5), 3); // the "h" after the emoji and the space
/// ```
#[derive(Debug)]
pub struct Utf16Mapper<'a> {
    text: &'a str,
    /// The absolute byte offset of `text[0]`.
    base_byte: usize,
    /// Current position, relative to `text`.
    byte: usize,
    /// Absolute UTF-16 offset at `byte`.
    unit: usize,
}

impl<'a> Utf16Mapper<'a> {
    /// A mapper over `text`, whose first byte sits at absolute byte offset `base_byte`
    /// and absolute UTF-16 offset `base_unit` of a longer text (a stream).
    pub fn new(text: &'a str, base_byte: usize, base_unit: usize) -> Self {
        Utf16Mapper {
            text,
            base_byte,
            byte: 0,
            unit: base_unit,
        }
    }

    /// The UTF-16 offset of absolute byte offset `abs`. Offsets must not decrease between
    /// calls and must fall on character boundaries of the text; an offset before the
    /// current position or past the end is clamped.
    pub fn map(&mut self, abs: usize) -> usize {
        let target = abs
            .saturating_sub(self.base_byte)
            .min(self.text.len())
            .max(self.byte);
        let bytes = &self.text.as_bytes()[self.byte..target];
        self.unit += utf16_len_bytes(bytes);
        self.byte = target;
        self.unit
    }
}

/// One unit per leading byte, a second one for each 4-byte sequence. Eight bytes at a
/// time (SWAR with popcount, which WebAssembly has as `i64.popcnt`): this runs over every
/// released byte, so it must not cost a branch per byte.
#[inline]
fn utf16_len_bytes(bytes: &[u8]) -> usize {
    const HI: u64 = 0x8080_8080_8080_8080;
    let mut n = bytes.len();
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        if x & HI == 0 {
            continue; // all ASCII: one unit per byte
        }
        // continuation bytes (10xxxxxx) add no unit
        let cont = x & !(x << 1) & HI;
        // leading bytes of 4-byte sequences (11110xxx) add one
        let four = x & (x << 1) & (x << 2) & (x << 3) & !(x << 4) & HI;
        n = n - cont.count_ones() as usize + four.count_ones() as usize;
    }
    for &b in chunks.remainder() {
        n -= ((b & 0xC0) == 0x80) as usize;
        n += (b >= 0xF0) as usize;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swar_count_matches_std() {
        let samples = [
            "",
            "a",
            "héllo wörld",
            "😀👍🏽 mixed ascii 𝒳 and 中文 text here!",
            &"é😀a".repeat(37),
        ];
        for s in samples {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s:?}");
            for i in (0..=s.len()).filter(|&i| s.is_char_boundary(i)) {
                assert_eq!(utf16_len(&s[..i]), s[..i].encode_utf16().count());
            }
        }
    }
}
