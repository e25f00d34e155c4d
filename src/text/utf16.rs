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

#[inline]
fn utf16_len_bytes(bytes: &[u8]) -> usize {
    // one unit per leading byte, a second one for 4-byte sequences
    let mut n = 0usize;
    for &b in bytes {
        n += ((b & 0xC0) != 0x80) as usize + (b >= 0xF0) as usize;
    }
    n
}
