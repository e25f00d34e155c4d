//! FNV-1a: a small, fast, stable hash for short keys (terms, words) and for the policy
//! fingerprint. Not for keys an attacker chooses to collide: every table hashed with it is
//! built from the policy or embedded data.

use std::hash::{BuildHasherDefault, Hasher};

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over `data`, from `seed` (use [`fnv1a64_default`] for the standard offset).
pub fn fnv1a64(data: &[u8], seed: u64) -> u64 {
    let mut h = seed;
    for &b in data {
        h ^= b as u64;
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// FNV-1a with the standard offset basis.
pub fn fnv1a64_default(data: &[u8]) -> u64 {
    fnv1a64(data, OFFSET)
}

/// A [`Hasher`] for `HashMap`s keyed by short strings.
#[derive(Default)]
pub struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let seed = if self.0 == 0 { OFFSET } else { self.0 };
        self.0 = fnv1a64(bytes, seed);
    }
}

/// `BuildHasher` for [`FnvHasher`].
pub type Fnv = BuildHasherDefault<FnvHasher>;
