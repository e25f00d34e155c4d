//! The policy: a model of the JSON a web developer writes, its defaults, and
//! validation that names the JSON path of any offending value.
//!
//! ```json
//! {
//!   "name": "my-app",
//!   "maskChar": "*",
//!   "input":  { "rules": [ { "id": "profanity", "detector": "keywords", "builtin": "en",
//!                            "categories": ["profanity", "insult"], "action": "mask" } ] },
//!   "output": { "rules": [ { "id": "brands", "detector": "keywords", "category": "competitor",
//!                            "terms": ["acme corp"], "match": "word", "action": "replace",
//!                            "replacement": "[competitor]" } ] }
//! }
//! ```
//! Unknown fields are rejected. [`Policy::from_json`] parses and validates in one step; a
//! policy that fails validation never yields a half-built guard.

use crate::error::{Error, ErrorCode, Result};
use crate::json::{self, Value};

/// The embedded default policy (see the README for what it does). In a build without the
/// `pii` or `sentiment` feature (the keywords-only package), the same policy without the
/// rules and the scoring that build leaves out.
pub const DEFAULT_POLICY_JSON: &str = if crate::HAS_PII && crate::HAS_SENTIMENT {
    include_str!("../data/default-policy.json")
} else {
    include_str!("../data/default-policy-keywords.json")
};

/// Maximum number of keyword terms (after expanding built-in lists) in one direction.
pub const MAX_TERMS: usize = 100_000;
/// Maximum length of one term, in characters.
pub const MAX_TERM_CHARS: usize = 256;

/// A whole policy: rules for text going to the model (`input`) and coming back (`output`).
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// A free-form name, reported back in nothing but the fingerprint.
    pub name: Option<String>,
    /// The character `mask` writes once per grapheme. Default `*`.
    pub mask_char: char,
    /// When true, findings carry the matched original text in `value`. Default false:
    /// findings never carry what they mask unless asked.
    pub include_matched_text: bool,
    /// Rules applied to what the person types, before it is sent.
    pub input: DirectionPolicy,
    /// Rules applied to the model's reply.
    pub output: DirectionPolicy,
    /// Sentiment scoring and abrupt-change detection.
    pub sentiment: SentimentPolicy,
    /// Most bytes a stream may hold back while a match is still possible (default 4096,
    /// 256 to 16 MiB). Past it the screen fails closed: the held text is masked as a
    /// finding of kind `overlong` and matching restarts after it. Checked at fixed offsets
    /// of the text (every 256 bytes), so one-shot scans do the same.
    pub max_hold_bytes: usize,
}

fn d_max_hold() -> usize {
    4096
}

/// Sentiment settings: every result carries VADER scores of the text and of its
/// sentences; a `sentiment_shift` finding marks an abrupt change.
///
/// What triggers (defaults): a turn whose compound score differs from the previous turn in
/// the same direction by at least `turnDelta` (0.9: from +0.5 to -0.4), or from the
/// smoothed baseline (EWMA with `alpha` 0.3) by at least `baselineDelta` (0.8); a turn at
/// or below `floor` (-0.75: hostile or distressed); and inside one text, a sentence whose
/// score differs from the previous sentence by at least `sentenceDelta` (1.0: from +0.5
/// to -0.5), reported with that sentence's span. Texts shorter than `minChars` characters
/// and sentences without sentiment words (score 0) never trigger and do not move the
/// baseline. What does not trigger: a steady negative conversation (the baseline follows
/// it), mild dips, a single neutral sentence between two positive ones.
#[derive(Debug, Clone, PartialEq)]
pub struct SentimentPolicy {
    /// Score texts at all (default true; false in a build without the `sentiment` feature).
    pub enabled: bool,
    /// Directions whose turns are checked for shifts (default both).
    pub directions: Vec<String>,
    /// Change between consecutive turns that triggers (0 to 2; default 0.9).
    pub turn_delta: f64,
    /// Change from the smoothed baseline that triggers (0 to 2; default 0.8).
    pub baseline_delta: f64,
    /// Weight of the newest turn in the baseline (0 < alpha <= 1; default 0.3).
    pub alpha: f64,
    /// A turn at or below this score triggers (-1 to 1; default -0.75; -1 switches it off
    /// except for the most extreme texts).
    pub floor: f64,
    /// Change between consecutive sentences of one text that triggers (0 to 2; default 1.0).
    pub sentence_delta: f64,
    /// Texts shorter than this many characters are scored but never trigger (default 12).
    pub min_chars: usize,
    /// `flag` (default) or `block`.
    pub action: Action,
}

fn both_directions() -> Vec<String> {
    vec!["input".into(), "output".into()]
}
fn d_turn() -> f64 {
    0.9
}
fn d_baseline() -> f64 {
    0.8
}
fn d_alpha() -> f64 {
    0.3
}
fn d_floor() -> f64 {
    -0.75
}
fn d_sentence() -> f64 {
    1.0
}
fn d_min_chars() -> usize {
    12
}
fn d_shift_action() -> Action {
    Action::Flag
}

impl Default for SentimentPolicy {
    fn default() -> Self {
        SentimentPolicy {
            // on wherever the build has it
            enabled: crate::HAS_SENTIMENT,
            directions: both_directions(),
            turn_delta: d_turn(),
            baseline_delta: d_baseline(),
            alpha: d_alpha(),
            floor: d_floor(),
            sentence_delta: d_sentence(),
            min_chars: d_min_chars(),
            action: d_shift_action(),
        }
    }
}

impl SentimentPolicy {
    /// Whether texts are scored: `enabled`, in a build that has sentiment (a constant
    /// `false` without it, so the scorer's code is left out).
    pub fn scored(&self) -> bool {
        crate::HAS_SENTIMENT && self.enabled
    }

    /// Whether turns of direction `d` are checked for shifts.
    pub fn checks(&self, d: Direction) -> bool {
        self.scored() && self.directions.iter().any(|x| x == d.as_str())
    }

    fn validate(&self) -> Result<()> {
        if self.enabled && !crate::HAS_SENTIMENT {
            return Err(Error::new(
                ErrorCode::Unsupported,
                "sentiment.enabled",
                "this build has no sentiment scoring (the keywords-only package): set `enabled` to false, or use the full package",
            ));
        }
        let range = |v: f64, lo: f64, hi: f64, field: &str| {
            if v.is_finite() && v >= lo && v <= hi {
                Ok(())
            } else {
                Err(Error::new(
                    ErrorCode::PolicyInvalidValue,
                    format!("sentiment.{field}"),
                    // the bounds are whole numbers
                    format!("must be between {} and {}", lo as i32, hi as i32),
                ))
            }
        };
        range(self.turn_delta, 0.0, 2.0, "turnDelta")?;
        range(self.baseline_delta, 0.0, 2.0, "baselineDelta")?;
        range(self.sentence_delta, 0.0, 2.0, "sentenceDelta")?;
        range(self.floor, -1.0, 1.0, "floor")?;
        if !(self.alpha > 0.0 && self.alpha <= 1.0) {
            return Err(Error::new(
                ErrorCode::PolicyInvalidValue,
                "sentiment.alpha",
                "must be greater than 0 and at most 1",
            ));
        }
        for (i, d) in self.directions.iter().enumerate() {
            if d != "input" && d != "output" {
                return Err(Error::new(
                    ErrorCode::PolicyInvalidValue,
                    format!("sentiment.directions[{i}]"),
                    format!("must be \"input\" or \"output\", not {d:?}"),
                ));
            }
        }
        if !matches!(self.action, Action::Flag | Action::Block) {
            return Err(Error::new(
                ErrorCode::PolicyInvalidValue,
                "sentiment.action",
                "a sentiment shift can be `flag`ged or `block`ed",
            ));
        }
        Ok(())
    }
}

/// The rules of one direction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DirectionPolicy {
    /// Rules, in order; the order breaks no ties (see [`crate::redact`] for the overlap rule).
    pub rules: Vec<Rule>,
}

/// Which engine a rule drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detector {
    /// Ban lists and profanity: terms matched on the normalised text.
    Keywords,
    /// Personal data: emails, phones, cards, IBANs, national numbers, addresses
    /// (`kinds` chooses; default: all but `url`).
    Pii,
    /// Credentials: API keys and tokens, private keys, `password = ...` values
    /// (`kinds` chooses; default: all).
    Secrets,
    /// The placeholders this conversation issued: `restore` them in replies (output).
    Placeholders,
    /// A regular expression of your own (`pattern`), matched inside a token or a group of
    /// joined tokens (see the README).
    Regex,
}

impl Detector {
    /// Every detector, in the order of its declaration.
    pub const ALL: [Detector; 5] = [
        Detector::Keywords,
        Detector::Pii,
        Detector::Secrets,
        Detector::Placeholders,
        Detector::Regex,
    ];

    /// The name used in findings (`finding.detector`).
    pub fn as_str(self) -> &'static str {
        match self {
            Detector::Keywords => "keywords",
            Detector::Pii => "pii",
            Detector::Secrets => "secrets",
            Detector::Placeholders => "placeholders",
            Detector::Regex => "regex",
        }
    }
}

/// How terms of a keyword rule must sit in the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MatchMode {
    /// The term must start and end on word boundaries (default). A `*` at the start or
    /// end of a term lifts that side: `fuck*` matches `fucking`, `*fuck*` matches inside
    /// any word.
    #[default]
    Word,
    /// The term matches anywhere, even inside a word.
    Substring,
}

impl MatchMode {
    /// `"word"` or `"substring"`, as written in a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchMode::Word => "word",
            MatchMode::Substring => "substring",
        }
    }
}

/// What to do with a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Replace each grapheme of the match with the mask character.
    Mask,
    /// Replace the match with the rule's `replacement` (default `[REDACTED]`).
    Replace,
    /// Replace the match with a numbered placeholder (`[PROFANITY_1]`) that
    /// `Guard::restore` turns back into the original.
    Placeholder,
    /// Block the whole message (`verdict: "block"`); the match is also masked.
    Block,
    /// Report only; the text is left as it is.
    Flag,
    /// Replace the match with its kind in brackets (`[EMAIL]`).
    Redact,
    /// Put back the original of a placeholder this conversation issued (`placeholders`
    /// rules only); unknown placeholders are left untouched.
    Restore,
}

impl Action {
    /// Every action, in the order of its declaration.
    pub const ALL: [Action; 7] = [
        Action::Mask,
        Action::Replace,
        Action::Placeholder,
        Action::Block,
        Action::Flag,
        Action::Redact,
        Action::Restore,
    ];

    /// The name used in findings (`finding.action`).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Mask => "mask",
            Action::Replace => "replace",
            Action::Placeholder => "placeholder",
            Action::Block => "block",
            Action::Flag => "flag",
            Action::Redact => "redact",
            Action::Restore => "restore",
        }
    }

    /// Strength used to resolve overlapping findings: the stronger action wins.
    pub fn strength(self) -> u8 {
        match self {
            Action::Block => 5,
            Action::Restore => 4,
            Action::Placeholder => 3,
            Action::Replace | Action::Redact => 2,
            Action::Mask => 1,
            Action::Flag => 0,
        }
    }
}

/// One rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Unique within its direction; reported as `finding.rule`.
    pub id: String,
    /// The engine.
    pub detector: Detector,
    /// The kind reported for this rule's terms (`finding.kind`). Built-in terms carry
    /// their own category; this overrides nothing for them. Default: the rule id.
    pub category: Option<String>,
    /// Terms of your own. Phrases (`"son of a gun"`) match across spaces.
    pub terms: Vec<String>,
    /// A built-in list to include: `"en"` (English profanity, insults, sexual terms, slurs).
    pub builtin: Option<String>,
    /// With `builtin`: only these categories of it (default: all).
    pub categories: Option<Vec<String>>,
    /// Word (default) or substring matching.
    pub match_mode: MatchMode,
    /// What to do with a match.
    pub action: Action,
    /// The text `replace` writes. Default `[REDACTED]`.
    pub replacement: Option<String>,
    /// Words or phrases that, when they contain a match, cancel it (`"classic"` for `ass`
    /// in substring mode). Matched on the same normalised text.
    pub allow: Vec<String>,
    /// `pii` and `secrets` rules: the kinds this rule covers (default: see [`Detector`]).
    pub kinds: Option<Vec<String>>,
    /// `mask`: keep this many trailing letters and digits visible and keep separators
    /// (`**** **** **** 1111` with 4). Default: mask everything.
    pub keep_last: Option<usize>,
    /// `regex` rules: the pattern (Rust `regex` syntax, at most 1,000 characters).
    pub pattern: Option<String>,
    /// Set false to keep a rule in the file but switch it off.
    pub enabled: bool,
}

/// Which way text is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// What the person typed, before it is sent to the model.
    Input,
    /// The model's reply.
    Output,
}

impl Direction {
    /// Parses `"input"` or `"output"`.
    pub fn parse(s: &str) -> Result<Direction> {
        match s {
            "input" => Ok(Direction::Input),
            "output" => Ok(Direction::Output),
            other => Err(Error::new(
                ErrorCode::InvalidArgument,
                "",
                format!("direction must be \"input\" or \"output\", not {other:?}"),
            )),
        }
    }

    /// `"input"` or `"output"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Input => "input",
            Direction::Output => "output",
        }
    }
}

impl Default for Policy {
    /// The embedded default policy.
    fn default() -> Self {
        // The embedded policy is validated by a unit test; a failure here is a build bug.
        Policy::from_json(DEFAULT_POLICY_JSON).unwrap_or_else(|_| Policy::empty())
    }
}

impl Policy {
    /// A policy with no rules: everything is allowed.
    pub fn empty() -> Self {
        Policy {
            name: None,
            mask_char: '*',
            include_matched_text: false,
            input: DirectionPolicy::default(),
            output: DirectionPolicy::default(),
            sentiment: SentimentPolicy::default(),
            max_hold_bytes: d_max_hold(),
        }
    }

    /// Parses and validates a policy from JSON. Errors carry the JSON path of the
    /// offending value (`input.rules[3].action`).
    pub fn from_json(json: &str) -> Result<Policy> {
        let value = json::parse(json)
            .map_err(|e| Error::new(ErrorCode::PolicySyntax, "", e.to_string()))?;
        let policy = read::policy(&value)?;
        policy.validate()?;
        Ok(policy)
    }

    /// The rules of one direction.
    pub fn direction(&self, d: Direction) -> &DirectionPolicy {
        match d {
            Direction::Input => &self.input,
            Direction::Output => &self.output,
        }
    }

    /// Checks what the JSON types cannot: non-empty ids and terms, unique ids, known built-ins.
    pub fn validate(&self) -> Result<()> {
        if self.mask_char.is_control() {
            return Err(Error::new(
                ErrorCode::PolicyInvalidValue,
                "maskChar",
                "the mask character must be printable",
            ));
        }
        self.sentiment.validate()?;
        if !(256..=1 << 24).contains(&self.max_hold_bytes) {
            return Err(Error::new(
                ErrorCode::PolicyInvalidValue,
                "maxHoldBytes",
                "must be between 256 and 16777216",
            ));
        }
        for (dname, dir) in [("input", &self.input), ("output", &self.output)] {
            let mut ids = std::collections::HashSet::new();
            for (i, rule) in dir.rules.iter().enumerate() {
                let at = |field: &str| format!("{dname}.rules[{i}]{field}");
                if rule.id.trim().is_empty() {
                    return Err(Error::new(
                        ErrorCode::PolicyInvalidValue,
                        at(".id"),
                        "a rule id must not be empty",
                    ));
                }
                if !ids.insert(rule.id.as_str()) {
                    return Err(Error::new(
                        ErrorCode::PolicyDuplicateId,
                        at(".id"),
                        format!("rule id {:?} is used twice in {dname}", rule.id),
                    ));
                }
                if !crate::HAS_PII
                    && matches!(
                        rule.detector,
                        Detector::Pii | Detector::Secrets | Detector::Regex
                    )
                {
                    return Err(Error::new(
                        ErrorCode::Unsupported,
                        at(".detector"),
                        format!(
                            "this build has no `{}` detector (the keywords-only package): use the full package",
                            rule.detector.as_str()
                        ),
                    ));
                }
                match rule.detector {
                    Detector::Keywords => validate_keywords(rule, &at)?,
                    Detector::Pii | Detector::Secrets => validate_kinds(rule, &at)?,
                    Detector::Placeholders => {
                        if !matches!(rule.action, Action::Restore | Action::Flag) {
                            return Err(Error::new(
                                ErrorCode::PolicyInvalidValue,
                                at(".action"),
                                "a placeholders rule can `restore` or `flag`",
                            ));
                        }
                        if dname == "input" {
                            return Err(Error::new(
                                ErrorCode::PolicyInvalidValue,
                                at(".detector"),
                                "placeholders are restored in output; input escapes typed placeholders by itself",
                            ));
                        }
                    }
                    Detector::Regex => validate_regex(rule, &at)?,
                }
                if rule.action == Action::Restore && rule.detector != Detector::Placeholders {
                    return Err(Error::new(
                        ErrorCode::PolicyInvalidValue,
                        at(".action"),
                        "only a placeholders rule can `restore`",
                    ));
                }
                if rule.detector != Detector::Keywords {
                    for (field, set) in [
                        ("terms", !rule.terms.is_empty()),
                        ("builtin", rule.builtin.is_some()),
                        ("categories", rule.categories.is_some()),
                        ("allow", !rule.allow.is_empty()),
                    ] {
                        if set {
                            return Err(Error::new(
                                ErrorCode::PolicyInvalidValue,
                                at(&format!(".{field}")),
                                format!("`{field}` belongs to keywords rules"),
                            ));
                        }
                    }
                }
                if rule.kinds.is_some()
                    && !matches!(rule.detector, Detector::Pii | Detector::Secrets)
                {
                    return Err(Error::new(
                        ErrorCode::PolicyInvalidValue,
                        at(".kinds"),
                        "`kinds` belongs to pii and secrets rules",
                    ));
                }
                if rule.pattern.is_some() && rule.detector != Detector::Regex {
                    return Err(Error::new(
                        ErrorCode::PolicyInvalidValue,
                        at(".pattern"),
                        "`pattern` belongs to regex rules",
                    ));
                }
                if let Some(k) = rule.keep_last {
                    if k > 64 {
                        return Err(Error::new(
                            ErrorCode::PolicyInvalidValue,
                            at(".keepLast"),
                            "keepLast is at most 64",
                        ));
                    }
                }
                if let Some(r) = &rule.replacement {
                    if r.chars().count() > MAX_TERM_CHARS {
                        return Err(Error::new(
                            ErrorCode::PolicyTooLarge,
                            at(".replacement"),
                            format!("a replacement is limited to {MAX_TERM_CHARS} characters"),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The canonical JSON of this policy (defaults filled in, fields in a fixed order),
    /// the input of the fingerprint.
    pub fn canonical_json(&self) -> String {
        write::policy(self)
    }
}

/// The longest user pattern, in characters.
pub const MAX_PATTERN_CHARS: usize = 1000;

fn validate_kinds(rule: &Rule, at: &dyn Fn(&str) -> String) -> Result<()> {
    let Some(kinds) = &rule.kinds else {
        return Ok(());
    };
    if kinds.is_empty() {
        return Err(Error::new(
            ErrorCode::PolicyInvalidValue,
            at(".kinds"),
            "list at least one kind, or leave `kinds` out for all",
        ));
    }
    let secrets = rule.detector == Detector::Secrets;
    for (j, k) in kinds.iter().enumerate() {
        let ok = crate::pii::PiiKind::parse(k)
            .is_some_and(|p| p.is_secret() == secrets && p != crate::pii::PiiKind::Placeholder);
        if !ok {
            let known: Vec<&str> = crate::pii::PiiKind::ALL
                .iter()
                .filter(|p| p.is_secret() == secrets && **p != crate::pii::PiiKind::Placeholder)
                .map(|p| p.name())
                .collect();
            return Err(Error::new(
                ErrorCode::PolicyInvalidValue,
                at(&format!(".kinds[{j}]")),
                format!(
                    "unknown {} kind {k:?}; known: {}",
                    rule.detector.as_str(),
                    known.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn validate_regex(rule: &Rule, at: &dyn Fn(&str) -> String) -> Result<()> {
    let Some(p) = &rule.pattern else {
        return Err(Error::new(
            ErrorCode::PolicyMissingField,
            at(".pattern"),
            "a regex rule needs a `pattern`",
        ));
    };
    if p.chars().count() > MAX_PATTERN_CHARS {
        return Err(Error::new(
            ErrorCode::PolicyTooLarge,
            at(".pattern"),
            format!("a pattern is limited to {MAX_PATTERN_CHARS} characters"),
        ));
    }
    crate::pii::user_regex(p)
        .map_err(|m| Error::new(ErrorCode::PolicyInvalidValue, at(".pattern"), m))?;
    Ok(())
}

fn validate_keywords(rule: &Rule, at: &dyn Fn(&str) -> String) -> Result<()> {
    if rule.terms.is_empty() && rule.builtin.is_none() {
        return Err(Error::new(
            ErrorCode::PolicyInvalidValue,
            at(".terms"),
            "a keywords rule needs `terms` or `builtin`",
        ));
    }
    for (j, t) in rule.terms.iter().enumerate() {
        check_term(t, || at(&format!(".terms[{j}]")))?;
    }
    for (j, t) in rule.allow.iter().enumerate() {
        check_term(t, || at(&format!(".allow[{j}]")))?;
    }
    if let Some(b) = &rule.builtin {
        let Some(list) = crate::keywords::builtin_list(b) else {
            return Err(Error::new(
                ErrorCode::PolicyInvalidValue,
                at(".builtin"),
                format!("unknown built-in list {b:?}; known: \"en\""),
            ));
        };
        if let Some(cats) = &rule.categories {
            for (j, c) in cats.iter().enumerate() {
                if !list.has_category(c) {
                    return Err(Error::new(
                        ErrorCode::PolicyInvalidValue,
                        at(&format!(".categories[{j}]")),
                        format!(
                            "the built-in list {b:?} has no category {c:?}; it has {}",
                            list.category_names().join(", ")
                        ),
                    ));
                }
            }
        }
    } else if rule.categories.is_some() {
        return Err(Error::new(
            ErrorCode::PolicyInvalidValue,
            at(".categories"),
            "`categories` filters a `builtin` list; this rule has none",
        ));
    }
    Ok(())
}

/// Checks one term; `path` is only built for an error.
fn check_term(t: &str, path: impl Fn() -> String) -> Result<()> {
    if t.len() > MAX_TERM_CHARS && t.chars().count() > MAX_TERM_CHARS {
        return Err(Error::new(
            ErrorCode::PolicyTooLarge,
            path(),
            format!("a term is limited to {MAX_TERM_CHARS} characters"),
        ));
    }
    if crate::keywords::term_skeleton_len(t) == 0 {
        return Err(Error::new(
            ErrorCode::PolicyInvalidValue,
            path(),
            "the term is empty once normalised (it has no letter or digit)",
        ));
    }
    Ok(())
}

/// Reading a policy from its JSON [`Value`]: every field checked for its type, unknown
/// fields rejected, each error naming the JSON path of the offending value.
mod read {
    use super::*;

    /// Where a value sits in the document, turned into a path string only for an error.
    #[derive(Clone, Copy)]
    struct At<'a> {
        up: Option<&'a At<'a>>,
        key: Key<'a>,
    }

    #[derive(Clone, Copy)]
    enum Key<'a> {
        Root,
        Field(&'a str),
        Index(usize),
    }

    impl<'a> At<'a> {
        const ROOT: At<'static> = At {
            up: None,
            key: Key::Root,
        };

        fn field(&'a self, name: &'a str) -> At<'a> {
            At {
                up: Some(self),
                key: Key::Field(name),
            }
        }

        fn index(&'a self, i: usize) -> At<'a> {
            At {
                up: Some(self),
                key: Key::Index(i),
            }
        }

        /// `input.rules[3].action`
        fn path(&self) -> String {
            let mut keys = Vec::new();
            let mut at = Some(self);
            while let Some(a) = at {
                keys.push(a.key);
                at = a.up;
            }
            let mut out = String::new();
            for k in keys.iter().rev() {
                match k {
                    Key::Root => {}
                    Key::Field(f) => {
                        if !out.is_empty() {
                            out.push('.');
                        }
                        out.push_str(f);
                    }
                    Key::Index(i) => out.push_str(&format!("[{i}]")),
                }
            }
            out
        }

        fn error(&self, code: ErrorCode, message: String) -> Error {
            Error::new(code, self.path(), message)
        }

        fn type_error(&self, v: &Value, expected: &str) -> Error {
            self.error(
                ErrorCode::PolicyType,
                format!("invalid type: {}, expected {expected}", v.describe()),
            )
        }
    }

    /// `` `a`, `b`, `c` ``
    fn one_of(names: &[&str]) -> String {
        let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        quoted.join(", ")
    }

    /// Reads the members of the object `v` through `f(field index in names, value, at)`.
    /// An unknown key is an error; a repeated key counts once, the last one (as
    /// `JSON.parse` reads it). Returns a bit per field present.
    fn members<'v>(
        v: &'v Value,
        at: &At,
        names: &[&str],
        f: &mut dyn FnMut(usize, &'v Value, &At) -> Result<()>,
    ) -> Result<u32> {
        let Value::Object(m) = v else {
            return Err(at.type_error(v, "a JSON object"));
        };
        let mut seen = 0u32;
        for (k, x) in m.iter().rev() {
            let here = at.field(k);
            let Some(i) = names.iter().position(|n| n == k) else {
                return Err(here.error(
                    ErrorCode::PolicyUnknownField,
                    format!("unknown field `{k}`, expected one of {}", one_of(names)),
                ));
            };
            if seen & (1 << i) == 0 {
                seen |= 1 << i;
                f(i, x, &here)?;
            }
        }
        Ok(seen)
    }

    fn string(v: &Value, at: &At) -> Result<String> {
        match v {
            Value::String(s) => Ok(s.clone()),
            _ => Err(at.type_error(v, "a string")),
        }
    }

    /// `null` is "not set", as leaving the field out.
    fn opt<T>(v: &Value, at: &At, read: fn(&Value, &At) -> Result<T>) -> Result<Option<T>> {
        match v {
            Value::Null => Ok(None),
            _ => read(v, at).map(Some),
        }
    }

    fn boolean(v: &Value, at: &At) -> Result<bool> {
        match v {
            Value::Bool(b) => Ok(*b),
            _ => Err(at.type_error(v, "a boolean")),
        }
    }

    fn uint(v: &Value, at: &At) -> Result<usize> {
        const WHAT: &str = "a non-negative integer";
        let Value::Number(n) = v else {
            return Err(at.type_error(v, WHAT));
        };
        if n.contains(['.', 'e', 'E']) {
            return Err(at.type_error(v, WHAT));
        }
        if n.starts_with('-') {
            return Err(at.error(
                ErrorCode::PolicyType,
                format!("invalid value: integer `{n}`, expected {WHAT}"),
            ));
        }
        n.parse::<usize>().map_err(|_| {
            at.error(
                ErrorCode::PolicyType,
                format!("invalid value: integer `{n}` is too large"),
            )
        })
    }

    fn float(v: &Value, at: &At) -> Result<f64> {
        match v {
            // out of range reads as infinite, which validation rejects
            Value::Number(n) => Ok(crate::decimal::parse(n).unwrap_or(f64::NAN)),
            _ => Err(at.type_error(v, "a number")),
        }
    }

    fn strings(v: &Value, at: &At) -> Result<Vec<String>> {
        let Value::Array(items) = v else {
            return Err(at.type_error(v, "an array of strings"));
        };
        items
            .iter()
            .enumerate()
            .map(|(i, x)| string(x, &at.index(i)))
            .collect()
    }

    /// The index in `names` of the string `v`.
    fn variant(v: &Value, at: &At, names: &[&str]) -> Result<usize> {
        let Value::String(s) = v else {
            return Err(at.type_error(v, &format!("one of {}", one_of(names))));
        };
        names.iter().position(|n| n == s).ok_or_else(|| {
            at.error(
                ErrorCode::PolicyType,
                format!("unknown variant `{s}`, expected one of {}", one_of(names)),
            )
        })
    }

    fn action(v: &Value, at: &At) -> Result<Action> {
        Ok(Action::ALL[variant(v, at, &Action::ALL.map(Action::as_str))?])
    }

    pub(super) fn policy(v: &Value) -> Result<Policy> {
        const FIELDS: &[&str] = &[
            "name",
            "maskChar",
            "includeMatchedText",
            "input",
            "output",
            "sentiment",
            "maxHoldBytes",
        ];
        let mut p = Policy::empty();
        members(v, &At::ROOT, FIELDS, &mut |i, x, at| {
            match i {
                0 => p.name = opt(x, at, string)?,
                1 => {
                    let s = string(x, at)?;
                    let mut chars = s.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => p.mask_char = c,
                        _ => {
                            return Err(at.error(
                                ErrorCode::PolicyType,
                                format!("invalid value: string {s:?}, expected one character"),
                            ))
                        }
                    }
                }
                2 => p.include_matched_text = boolean(x, at)?,
                3 => p.input = direction(x, at)?,
                4 => p.output = direction(x, at)?,
                5 => p.sentiment = sentiment(x, at)?,
                _ => p.max_hold_bytes = uint(x, at)?,
            }
            Ok(())
        })?;
        Ok(p)
    }

    fn direction(v: &Value, at: &At) -> Result<DirectionPolicy> {
        let mut d = DirectionPolicy::default();
        members(v, at, &["rules"], &mut |_, x, at| {
            let Value::Array(items) = x else {
                return Err(at.type_error(x, "an array of rules"));
            };
            d.rules = items
                .iter()
                .enumerate()
                .map(|(i, r)| rule(r, &at.index(i)))
                .collect::<Result<_>>()?;
            Ok(())
        })?;
        Ok(d)
    }

    fn sentiment(v: &Value, at: &At) -> Result<SentimentPolicy> {
        const FIELDS: &[&str] = &[
            "enabled",
            "directions",
            "turnDelta",
            "baselineDelta",
            "alpha",
            "floor",
            "sentenceDelta",
            "minChars",
            "action",
        ];
        let mut s = SentimentPolicy::default();
        members(v, at, FIELDS, &mut |i, x, at| {
            match i {
                0 => s.enabled = boolean(x, at)?,
                1 => s.directions = strings(x, at)?,
                2 => s.turn_delta = float(x, at)?,
                3 => s.baseline_delta = float(x, at)?,
                4 => s.alpha = float(x, at)?,
                5 => s.floor = float(x, at)?,
                6 => s.sentence_delta = float(x, at)?,
                7 => s.min_chars = uint(x, at)?,
                _ => s.action = action(x, at)?,
            }
            Ok(())
        })?;
        Ok(s)
    }

    fn rule(v: &Value, at: &At) -> Result<Rule> {
        const FIELDS: &[&str] = &[
            "id",
            "detector",
            "category",
            "terms",
            "builtin",
            "categories",
            "match",
            "action",
            "replacement",
            "allow",
            "kinds",
            "keepLast",
            "pattern",
            "enabled",
        ];
        const REQUIRED: [usize; 3] = [0, 1, 7];
        let mut r = Rule {
            id: String::new(),
            detector: Detector::Keywords,
            category: None,
            terms: Vec::new(),
            builtin: None,
            categories: None,
            match_mode: MatchMode::Word,
            action: Action::Flag,
            replacement: None,
            allow: Vec::new(),
            kinds: None,
            keep_last: None,
            pattern: None,
            enabled: true,
        };
        let seen = members(v, at, FIELDS, &mut |i, x, at| {
            match i {
                0 => r.id = string(x, at)?,
                1 => {
                    r.detector =
                        Detector::ALL[variant(x, at, &Detector::ALL.map(Detector::as_str))?]
                }
                2 => r.category = opt(x, at, string)?,
                3 => r.terms = strings(x, at)?,
                4 => r.builtin = opt(x, at, string)?,
                5 => r.categories = opt(x, at, strings)?,
                6 => {
                    r.match_mode = [MatchMode::Word, MatchMode::Substring]
                        [variant(x, at, &["word", "substring"])?]
                }
                7 => r.action = action(x, at)?,
                8 => r.replacement = opt(x, at, string)?,
                9 => r.allow = strings(x, at)?,
                10 => r.kinds = opt(x, at, strings)?,
                11 => r.keep_last = opt(x, at, uint)?,
                12 => r.pattern = opt(x, at, string)?,
                _ => r.enabled = boolean(x, at)?,
            }
            Ok(())
        })?;
        if let Some(&i) = REQUIRED.iter().find(|&&i| seen & (1 << i) == 0) {
            return Err(at.field(FIELDS[i]).error(
                ErrorCode::PolicyMissingField,
                format!("missing field `{}`", FIELDS[i]),
            ));
        }
        Ok(r)
    }
}

/// The canonical JSON: every field with its default filled in, in a fixed order, optional
/// ones left out when unset, compact. The format is frozen (it is what fingerprints hash).
mod write {
    use super::*;
    use crate::json::{write_f64, write_key, write_str, write_str_array};

    fn uint(o: &mut String, n: usize) {
        o.push_str(&n.to_string());
    }

    fn boolean(o: &mut String, b: bool) {
        o.push_str(if b { "true" } else { "false" });
    }

    pub(super) fn policy(p: &Policy) -> String {
        let mut o = String::with_capacity(1024);
        o.push('{');
        if let Some(n) = &p.name {
            write_key(&mut o, "name");
            write_str(&mut o, n);
        }
        write_key(&mut o, "maskChar");
        write_str(&mut o, p.mask_char.encode_utf8(&mut [0; 4]));
        write_key(&mut o, "includeMatchedText");
        boolean(&mut o, p.include_matched_text);
        for (name, d) in [("input", &p.input), ("output", &p.output)] {
            write_key(&mut o, name);
            o.push_str("{\"rules\":[");
            for r in &d.rules {
                json::comma(&mut o);
                rule(&mut o, r);
            }
            o.push_str("]}");
        }
        let s = &p.sentiment;
        write_key(&mut o, "sentiment");
        o.push('{');
        write_key(&mut o, "enabled");
        boolean(&mut o, s.enabled);
        write_key(&mut o, "directions");
        write_str_array(&mut o, &s.directions);
        for (name, v) in [
            ("turnDelta", s.turn_delta),
            ("baselineDelta", s.baseline_delta),
            ("alpha", s.alpha),
            ("floor", s.floor),
            ("sentenceDelta", s.sentence_delta),
        ] {
            write_key(&mut o, name);
            write_f64(&mut o, v);
        }
        write_key(&mut o, "minChars");
        uint(&mut o, s.min_chars);
        write_key(&mut o, "action");
        write_str(&mut o, s.action.as_str());
        o.push('}');
        write_key(&mut o, "maxHoldBytes");
        uint(&mut o, p.max_hold_bytes);
        o.push('}');
        o
    }

    fn rule(o: &mut String, r: &Rule) {
        let opt_str = |o: &mut String, name: &str, v: &Option<String>| {
            if let Some(v) = v {
                write_key(o, name);
                write_str(o, v);
            }
        };
        let opt_list = |o: &mut String, name: &str, v: Option<&Vec<String>>| {
            if let Some(v) = v {
                write_key(o, name);
                write_str_array(o, v);
            }
        };
        o.push('{');
        write_key(o, "id");
        write_str(o, &r.id);
        write_key(o, "detector");
        write_str(o, r.detector.as_str());
        opt_str(o, "category", &r.category);
        opt_list(o, "terms", Some(&r.terms).filter(|t| !t.is_empty()));
        opt_str(o, "builtin", &r.builtin);
        opt_list(o, "categories", r.categories.as_ref());
        write_key(o, "match");
        write_str(o, r.match_mode.as_str());
        write_key(o, "action");
        write_str(o, r.action.as_str());
        opt_str(o, "replacement", &r.replacement);
        opt_list(o, "allow", Some(&r.allow).filter(|t| !t.is_empty()));
        opt_list(o, "kinds", r.kinds.as_ref());
        if let Some(k) = r.keep_last {
            write_key(o, "keepLast");
            uint(o, k);
        }
        opt_str(o, "pattern", &r.pattern);
        write_key(o, "enabled");
        boolean(o, r.enabled);
        o.push('}');
    }
}
