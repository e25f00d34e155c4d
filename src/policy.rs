//! The policy: a serde model of the JSON a web developer writes, its defaults, and
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

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorCode, Result};

/// The embedded default policy (see the README for what it does).
pub const DEFAULT_POLICY_JSON: &str = include_str!("../data/default-policy.json");

/// Maximum number of keyword terms (after expanding built-in lists) in one direction.
pub const MAX_TERMS: usize = 100_000;
/// Maximum length of one term, in characters.
pub const MAX_TERM_CHARS: usize = 256;

/// A whole policy: rules for text going to the model (`input`) and coming back (`output`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Policy {
    /// A free-form name, reported back in nothing but the fingerprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The character `mask` writes once per grapheme. Default `*`.
    #[serde(default = "default_mask_char")]
    pub mask_char: char,
    /// When true, findings carry the matched original text in `value`. Default false:
    /// findings never carry what they mask unless asked.
    #[serde(default)]
    pub include_matched_text: bool,
    /// Rules applied to what the person types, before it is sent.
    #[serde(default)]
    pub input: DirectionPolicy,
    /// Rules applied to the model's reply.
    #[serde(default)]
    pub output: DirectionPolicy,
    /// Sentiment scoring and abrupt-change detection.
    #[serde(default)]
    pub sentiment: SentimentPolicy,
    /// Most bytes a stream may hold back while a match is still possible (default 4096,
    /// 256 to 16 MiB). Past it the screen fails closed: the held text is masked as a
    /// finding of kind `overlong` and matching restarts after it. Checked at fixed offsets
    /// of the text (every 256 bytes), so one-shot scans do the same.
    #[serde(default = "d_max_hold")]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SentimentPolicy {
    /// Score texts at all (default true).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Directions whose turns are checked for shifts (default both).
    #[serde(default = "both_directions")]
    pub directions: Vec<String>,
    /// Change between consecutive turns that triggers (0 to 2; default 0.9).
    #[serde(default = "d_turn")]
    pub turn_delta: f64,
    /// Change from the smoothed baseline that triggers (0 to 2; default 0.8).
    #[serde(default = "d_baseline")]
    pub baseline_delta: f64,
    /// Weight of the newest turn in the baseline (0 < alpha <= 1; default 0.3).
    #[serde(default = "d_alpha")]
    pub alpha: f64,
    /// A turn at or below this score triggers (-1 to 1; default -0.75; -1 switches it off
    /// except for the most extreme texts).
    #[serde(default = "d_floor")]
    pub floor: f64,
    /// Change between consecutive sentences of one text that triggers (0 to 2; default 1.0).
    #[serde(default = "d_sentence")]
    pub sentence_delta: f64,
    /// Texts shorter than this many characters are scored but never trigger (default 12).
    #[serde(default = "d_min_chars")]
    pub min_chars: usize,
    /// `flag` (default) or `block`.
    #[serde(default = "d_shift_action")]
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
            enabled: true,
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
    /// Whether turns of direction `d` are checked for shifts.
    pub fn checks(&self, d: Direction) -> bool {
        self.enabled && self.directions.iter().any(|x| x == d.as_str())
    }

    fn validate(&self) -> Result<()> {
        let range = |v: f64, lo: f64, hi: f64, field: &str| {
            if v.is_finite() && v >= lo && v <= hi {
                Ok(())
            } else {
                Err(Error::new(
                    ErrorCode::PolicyInvalidValue,
                    format!("sentiment.{field}"),
                    format!("must be between {lo} and {hi}"),
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

fn default_mask_char() -> char {
    '*'
}

/// The rules of one direction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DirectionPolicy {
    /// Rules, in order; the order breaks no ties (see [`crate::redact`] for the overlap rule).
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// Which engine a rule drives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MatchMode {
    /// The term must start and end on word boundaries (default). A `*` at the start or
    /// end of a term lifts that side: `fuck*` matches `fucking`, `*fuck*` matches inside
    /// any word.
    #[default]
    Word,
    /// The term matches anywhere, even inside a word.
    Substring,
}

/// What to do with a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Rule {
    /// Unique within its direction; reported as `finding.rule`.
    pub id: String,
    /// The engine.
    pub detector: Detector,
    /// The kind reported for this rule's terms (`finding.kind`). Built-in terms carry
    /// their own category; this overrides nothing for them. Default: the rule id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Terms of your own. Phrases (`"son of a gun"`) match across spaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<String>,
    /// A built-in list to include: `"en"` (English profanity, insults, sexual terms, slurs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builtin: Option<String>,
    /// With `builtin`: only these categories of it (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// Word (default) or substring matching.
    #[serde(default, rename = "match")]
    pub match_mode: MatchMode,
    /// What to do with a match.
    pub action: Action,
    /// The text `replace` writes. Default `[REDACTED]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
    /// Words or phrases that, when they contain a match, cancel it (`"classic"` for `ass`
    /// in substring mode). Matched on the same normalised text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    /// `pii` and `secrets` rules: the kinds this rule covers (default: see [`Detector`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<String>>,
    /// `mask`: keep this many trailing letters and digits visible and keep separators
    /// (`**** **** **** 1111` with 4). Default: mask everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keep_last: Option<usize>,
    /// `regex` rules: the pattern (Rust `regex` syntax, at most 1,000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Set false to keep a rule in the file but switch it off.
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
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
        let value: serde_json::Value = serde_json::from_str(json)
            .map_err(|e| Error::new(ErrorCode::PolicySyntax, "", e.to_string()))?;
        check_objects(&value)?;
        let policy: Policy = serde_path_to_error::deserialize(value).map_err(serde_error)?;
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

    /// Checks what serde cannot: non-empty ids and terms, unique ids, known built-ins.
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
        serde_json::to_string(self).unwrap_or_default()
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

/// serde accepts a JSON array for a struct (tuple form); a policy is written with
/// objects, so anything else where an object belongs is a type error at that path.
fn check_objects(v: &serde_json::Value) -> Result<()> {
    let obj = |v: &serde_json::Value, path: &str| -> Result<()> {
        if v.is_object() {
            Ok(())
        } else {
            Err(Error::new(
                ErrorCode::PolicyType,
                path,
                "expected a JSON object",
            ))
        }
    };
    obj(v, "")?;
    for d in ["input", "output"] {
        let Some(dir) = v.get(d) else { continue };
        obj(dir, d)?;
        if let Some(serde_json::Value::Array(rules)) = dir.get("rules") {
            for (i, r) in rules.iter().enumerate() {
                obj(r, &format!("{d}.rules[{i}]"))?;
            }
        }
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

/// Turns a serde error into an [`Error`] with the JSON path, classifying the common cases.
fn serde_error(e: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let mut path = e.path().to_string();
    if path == "." || path == "?" {
        path.clear();
    }
    let inner = e.into_inner();
    let msg = inner.to_string();
    // serde_json appends " at line L column C"; keep it, it helps in an editor.
    let code = if inner.is_syntax() || inner.is_eof() {
        ErrorCode::PolicySyntax
    } else if msg.starts_with("unknown field") {
        // the path already ends with the unknown field's name
        ErrorCode::PolicyUnknownField
    } else if msg.starts_with("missing field") {
        if let Some(name) = msg.split('`').nth(1) {
            path = join_path(&path, name);
        }
        ErrorCode::PolicyMissingField
    } else {
        ErrorCode::PolicyType
    };
    Error::new(code, path, msg)
}

fn join_path(base: &str, field: &str) -> String {
    if base.is_empty() {
        field.to_string()
    } else {
        format!("{base}.{field}")
    }
}
