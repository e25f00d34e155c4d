//! Text plumbing: the normaliser that turns original text into a skeleton of folded
//! characters (with their original byte spans), and UTF-8 <-> UTF-16 offset conversion.

pub(crate) mod fold;
mod fold_table;
pub mod normalize;
pub mod swar;
pub mod utf16;

pub use normalize::{normalize_char, Item, Kind};
pub use utf16::{utf16_len, Utf16Mapper};
