//! Helpers shared by the unit tests.

/// A deterministic generator of 64-bit numbers (xorshift64): the same sequence for the
/// same `seed` (not zero).
pub(crate) fn bits(mut seed: u64) -> impl FnMut() -> u64 {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    }
}

/// A deterministic generator for the tests' random texts: each call gives a number in
/// `0..n`, from the sequence of [`bits`] for `seed`.
pub(crate) fn rand(seed: u64) -> impl FnMut(usize) -> usize {
    let mut next = bits(seed);
    move |n| (next() % n as u64) as usize
}
