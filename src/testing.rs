//! Helpers shared by the unit tests.

/// A deterministic generator for the tests' random texts (xorshift64): each call gives a
/// number in `0..n`, the same sequence for the same `seed` (not zero).
pub(crate) fn rand(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}
