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

/// Every text made by appending pieces to the empty text, four rounds over: each round
/// appends each piece to every text so far (earlier rounds included, so shorter texts
/// come again). The tests' exhaustive inputs from a few pieces.
pub(crate) fn concatenations(pieces: &[&str]) -> Vec<String> {
    let mut texts = vec![String::new()];
    for _ in 0..4 {
        let mut next = Vec::new();
        for t in &texts {
            for p in pieces {
                next.push(format!("{t}{p}"));
            }
        }
        texts.extend(next);
    }
    texts
}
