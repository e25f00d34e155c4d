//! # chatguard
//!
//! Guardrails for chat front ends, in one pass over the text: keyword redaction robust to
//! obfuscation (case, diacritics, leetspeak, look-alike letters, zero-width characters,
//! spaced-out and stretched letters), placeholders that the reply restores, and a
//! streaming screen whose output is the same for any chunking.
//!
//! The core is plain Rust; the JS binding lives behind the `wasm` feature (`src/wasm`).
//!
//! ```
//! use chatguard::{Guard, Direction};
//! let guard = Guard::default(); // the embedded default policy
//! let r = guard.scan("What a sh1t day, you 1d10t", Direction::Input);
//! assert_eq!(r.text, "What a **** day, you *****");
//! assert_eq!(&*r.findings[0].kind, "profanity");
//! ```
//!
//! # Units
//! The core speaks UTF-8 byte offsets into the original text; every [`Finding`] also
//! carries UTF-16 code-unit offsets, which is what the JS surface reports.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod decimal;
pub mod error;
pub mod guard;
pub mod hash;
pub mod json;
pub mod keywords;
pub mod pii;
pub mod policy;
pub mod redact;
pub mod sentiment;
mod sort;
pub mod stream;
#[cfg(test)]
mod testing;
pub mod text;
pub mod vault;

#[cfg(feature = "wasm")]
mod wasm;

/// Whether this build has the PII, secrets and regex detectors (cargo feature `pii`, on by
/// default). Without it a policy that uses them is refused (error `unsupported`) and the
/// linker leaves their code out of the wasm; placeholders are still escaped and restored.
pub const HAS_PII: bool = cfg!(feature = "pii");

/// Whether this build scores sentiment (cargo feature `sentiment`, on by default). Without
/// it sentiment is off unless a policy asks for it, which is refused (error
/// `unsupported`), and the linker leaves the scorer and its lexicon out of the wasm.
pub const HAS_SENTIMENT: bool = cfg!(feature = "sentiment");

pub use error::{Error, ErrorCode, Result};
pub use guard::{CompiledPolicy, Finding, Guard, ScanResult, ScanScratch, Verdict};
pub use policy::{Action, Direction, MatchMode, Policy, Rule};
pub use stream::{Chunk, Stream};
pub use vault::Vault;
