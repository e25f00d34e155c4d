//! Lexicon sentiment: a VADER-faithful scorer ([`vader`]) and abrupt-change detection
//! across turns and inside one text ([`shift`]).

pub mod shift;
pub mod vader;

pub use shift::{History, SentenceScore, SentenceTracker, Shift, ShiftReason, TurnReport};
pub use vader::{polarity_scores, Scores};
