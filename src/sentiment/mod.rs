//! Lexicon sentiment: a VADER-faithful scorer ([`vader`]).

pub mod vader;

pub use vader::{polarity_scores, Scores};
