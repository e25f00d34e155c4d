//! The compiled policy and the [`Guard`]: one conversation screened with one policy.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::error::Result;
use crate::hash::fnv1a64;
use crate::keywords::KeywordSet;
use crate::pii::{KindSet, PiiKind, PiiSet, PII_BASE};
use crate::policy::{Action, Detector, Direction, Policy};
use crate::stream::{Chunk, Stream};
use crate::vault::label_for;
use crate::vault::Vault;

/// What a rule resolves to at scan time.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// The rule id (shared with every finding of the rule: no copy per finding).
    pub id: Arc<str>,
    /// Its detector.
    pub detector: Detector,
    /// Its action.
    pub action: Action,
    /// The text `replace` writes.
    pub replacement: String,
    /// `mask` keeps this many trailing letters and digits.
    pub keep_last: Option<usize>,
    /// The kind reported for `regex` rules (category or id).
    pub category: Arc<str>,
}

/// The compiled rules of one direction.
#[derive(Debug, Clone)]
pub struct CompiledDirection {
    /// The policy's rules, then two synthetic ones: `placeholder-escape` and `overlong`.
    pub(crate) rules: Vec<RuleInfo>,
    /// The keyword automaton of this direction.
    pub keywords: KeywordSet,
    /// The PII, secret, placeholder and user-pattern detectors of this direction.
    pub pii: PiiSet,
    /// For each PII kind (by number), the rules that cover it.
    pub(crate) kind_rules: Vec<Vec<usize>>,
    /// For each user pattern of `pii`, its rule.
    pub(crate) regex_rules: Vec<usize>,
    /// Placeholder labels this direction issues (typed look-alikes are escaped).
    pub(crate) labels: std::collections::HashSet<String>,
    /// The names of the keyword categories (by number), then of the PII kinds (by number),
    /// shared with the findings that report them: see [`Self::kind`].
    kind_names: Vec<Arc<str>>,
}

impl CompiledDirection {
    /// Index of the synthetic rule that escapes typed placeholders.
    pub(crate) fn escape_rule(&self) -> usize {
        self.rules.len() - 2
    }

    /// Index of the synthetic rule of fail-closed cuts.
    pub(crate) fn overlong_rule(&self) -> usize {
        self.rules.len() - 1
    }

    /// Whether the direction detects nothing.
    pub fn is_empty(&self) -> bool {
        self.keywords.is_empty() && self.pii.is_empty()
    }

    /// The name of a match category (keyword category, PII kind or user pattern kind).
    pub fn kind_name(&self, category: usize) -> &str {
        if category >= REGEX_BASE {
            let rule = self
                .regex_rules
                .get(category - REGEX_BASE)
                .copied()
                .unwrap_or(0);
            return &self.rules[rule].category;
        }
        if category >= PII_BASE {
            return PiiKind::ALL
                .get(category - PII_BASE)
                .map_or("pii", |k| k.name());
        }
        self.keywords.category(category)
    }

    /// [`Self::kind_name`] as the shared string a finding carries (a count, not a copy).
    pub(crate) fn kind(&self, category: usize) -> Arc<str> {
        let k = if category >= REGEX_BASE {
            None
        } else if category >= PII_BASE {
            // (after the keyword categories; the list holds one per kind)
            Some(self.keywords.category_count() + (category - PII_BASE))
        } else {
            // (a keyword category past the list has no name: "", as `kind_name` says)
            Some(category).filter(|&c| c < self.keywords.category_count())
        };
        match k.and_then(|k| self.kind_names.get(k)) {
            Some(name) => name.clone(),
            None => self.kind_name(category).into(),
        }
    }

    /// The placeholder label of a match category (`EMAIL`, `PROFANITY`).
    pub fn label(&self, category: usize) -> String {
        if (PII_BASE..REGEX_BASE).contains(&category) {
            if let Some(k) = PiiKind::ALL.get(category - PII_BASE) {
                return k.label().to_string();
            }
        }
        label_for(self.kind_name(category))
    }
}

/// Category numbers at or above this denote user patterns.
pub(crate) const REGEX_BASE: usize = PII_BASE + 4096;

/// A policy compiled once and shared (cheaply, by `Arc`) by every [`Guard`] using it.
#[derive(Debug)]
pub struct CompiledPolicy {
    policy: Policy,
    fingerprint: String,
    input: CompiledDirection,
    output: CompiledDirection,
}

impl CompiledPolicy {
    /// Validates and compiles a policy.
    pub fn new(policy: Policy) -> Result<CompiledPolicy> {
        policy.validate()?;
        let input = compile_direction(&policy, Direction::Input)?;
        let output = compile_direction(&policy, Direction::Output)?;
        if crate::HAS_SENTIMENT && policy.sentiment.enabled {
            crate::sentiment::vader::prepare();
        }
        let canon = policy.canonical_json();
        let data = format!("chatguard-policy/1\n{canon}");
        // two independent 64-bit hashes make a 128-bit fingerprint
        let a = fnv1a64(data.as_bytes(), 0xcbf2_9ce4_8422_2325);
        let b = fnv1a64(data.as_bytes(), 0x84222325_cbf29ce4);
        Ok(CompiledPolicy {
            policy,
            fingerprint: format!("cg1-{a:016x}{b:016x}"),
            input,
            output,
        })
    }

    /// Parses, validates and compiles a JSON policy.
    pub fn from_json(json: &str) -> Result<CompiledPolicy> {
        CompiledPolicy::new(Policy::from_json(json)?)
    }

    /// The policy this was compiled from.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// A stable fingerprint of the policy (`cg1-` and 32 hex digits): the same policy gives
    /// the same fingerprint in the browser, in Node and natively.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The compiled rules of a direction.
    pub fn direction(&self, d: Direction) -> &CompiledDirection {
        match d {
            Direction::Input => &self.input,
            Direction::Output => &self.output,
        }
    }
}

fn compile_direction(policy: &Policy, d: Direction) -> Result<CompiledDirection> {
    let rules_src = &policy.direction(d).rules;
    let mut rules: Vec<RuleInfo> = rules_src
        .iter()
        .map(|r| RuleInfo {
            id: r.id.as_str().into(),
            detector: r.detector,
            action: r.action,
            replacement: r
                .replacement
                .clone()
                .unwrap_or_else(|| "[REDACTED]".to_string()),
            keep_last: r.keep_last,
            category: r.category.as_deref().unwrap_or(&r.id).into(),
        })
        .collect();
    let synthetic = |id: &str, detector, action| RuleInfo {
        id: id.into(),
        detector,
        action,
        replacement: String::new(),
        keep_last: None,
        category: id.into(),
    };
    rules.push(synthetic(
        "placeholder-escape",
        Detector::Placeholders,
        Action::Replace,
    ));
    rules.push(synthetic("overlong", Detector::Keywords, Action::Mask));
    let keywords = KeywordSet::compile(
        d.as_str(),
        rules_src
            .iter()
            .enumerate()
            .filter(|(_, r)| r.enabled && r.detector == Detector::Keywords),
    )?;

    let mut kinds = KindSet::default();
    let mut kind_rules = vec![Vec::new(); PiiKind::ALL.len()];
    let mut restore = false;
    let mut labels = std::collections::HashSet::new();
    let mut regexes = Vec::new();
    let mut regex_rules = Vec::new();
    for (i, r) in rules_src.iter().enumerate().filter(|(_, r)| r.enabled) {
        let list: Vec<PiiKind> = match r.detector {
            Detector::Pii | Detector::Secrets => match &r.kinds {
                Some(names) => names.iter().filter_map(|n| PiiKind::parse(n)).collect(),
                None if r.detector == Detector::Pii => PiiKind::default_personal().collect(),
                None => PiiKind::default_secrets().collect(),
            },
            Detector::Placeholders => {
                restore = true;
                vec![PiiKind::Placeholder]
            }
            Detector::Regex => {
                let re =
                    crate::pii::user_regex(r.pattern.as_deref().unwrap_or("")).map_err(|m| {
                        crate::Error::new(
                            crate::ErrorCode::PolicyInvalidValue,
                            format!("{}.rules[{i}].pattern", d.as_str()),
                            m,
                        )
                    })?;
                regexes.push(re);
                regex_rules.push(i);
                if r.action == Action::Placeholder {
                    labels.insert(label_for(r.category.as_deref().unwrap_or(&r.id)));
                }
                Vec::new()
            }
            Detector::Keywords => {
                if r.action == Action::Placeholder {
                    // keyword categories become labels: the built-in list's and the rule's own
                    if let Some(b) = r.builtin.as_deref().and_then(crate::keywords::builtin_list) {
                        for c in b.category_names() {
                            labels.insert(label_for(c));
                        }
                    }
                    labels.insert(label_for(r.category.as_deref().unwrap_or(&r.id)));
                }
                Vec::new()
            }
        };
        for k in list {
            kinds.insert(k);
            kind_rules[k as usize].push(i);
            if r.action == Action::Placeholder {
                labels.insert(k.label().to_string());
            }
        }
    }
    let mode = if restore {
        2
    } else if !labels.is_empty() {
        1
    } else {
        0
    };
    if mode == 1 {
        kind_rules[PiiKind::Placeholder as usize].push(rules.len() - 2);
    }
    let mut pii = PiiSet::new(kinds, mode);
    for re in regexes {
        pii.add_regex(re);
    }
    let kind_names = (0..keywords.category_count())
        .map(|c| keywords.category(c).into())
        .chain(PiiKind::ALL.iter().map(|k| k.name().into()))
        .collect();
    Ok(CompiledDirection {
        rules,
        keywords,
        pii,
        kind_rules,
        regex_rules,
        labels,
        kind_names,
    })
}

/// State of one conversation: the placeholder vault and the sentiment history.
#[derive(Debug, Default, Clone)]
pub(crate) struct Conversation {
    pub(crate) vault: Vault,
    pub(crate) sentiment: crate::sentiment::History,
}

/// Locks a conversation; a poisoned lock (a panic elsewhere) still yields the data.
pub(crate) fn lock(c: &Mutex<Conversation>) -> MutexGuard<'_, Conversation> {
    c.lock().unwrap_or_else(|e| e.into_inner())
}

/// One conversation screened with one compiled policy.
///
/// ```
/// use chatguard::{Guard, Direction, Verdict};
/// let guard = Guard::default();
/// let r = guard.scan("you are a f.u.c.k.i.n.g idiot", Direction::Input);
/// assert_eq!(r.text, "you are a ************* *****");
/// assert_eq!(r.verdict, Verdict::Redact);
/// assert_eq!(r.findings.len(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct Guard {
    compiled: Arc<CompiledPolicy>,
    conversation: Arc<Mutex<Conversation>>,
}

impl Default for Guard {
    /// A guard on the embedded default policy.
    fn default() -> Self {
        Guard::with_compiled(default_compiled())
    }
}

/// The embedded default policy, compiled once per process.
pub fn default_compiled() -> Arc<CompiledPolicy> {
    static DEFAULT: std::sync::OnceLock<Arc<CompiledPolicy>> = std::sync::OnceLock::new();
    DEFAULT
        .get_or_init(|| {
            let p = Policy::default();
            Arc::new(CompiledPolicy::new(p.clone()).unwrap_or_else(|_| {
                CompiledPolicy::new(Policy::empty()).expect("the empty policy compiles")
            }))
        })
        .clone()
}

impl Guard {
    /// A guard on a policy (validated and compiled here).
    pub fn new(policy: Policy) -> Result<Guard> {
        Ok(Guard::with_compiled(Arc::new(CompiledPolicy::new(policy)?)))
    }

    /// A guard on a JSON policy.
    pub fn from_json(json: &str) -> Result<Guard> {
        Ok(Guard::with_compiled(Arc::new(CompiledPolicy::from_json(
            json,
        )?)))
    }

    /// A new conversation on an already compiled policy: no compilation, fresh vault.
    pub fn with_compiled(compiled: Arc<CompiledPolicy>) -> Guard {
        Guard {
            compiled,
            conversation: Arc::new(Mutex::new(Conversation::default())),
        }
    }

    /// An independent copy of this conversation (its placeholders and sentiment history)
    /// on the same compiled policy. What the copy screens does not affect this guard: use
    /// it to preview exactly what a message would become without making it a turn.
    ///
    /// ```
    /// use chatguard::{Guard, Direction};
    /// let g = Guard::default();
    /// g.scan("I'm a@b.io", Direction::Input);
    /// let preview = g.fork();
    /// assert_eq!(preview.scan("and c@d.io", Direction::Input).text, "and [EMAIL_2]");
    /// // the preview issued [EMAIL_2] in its own copy only
    /// assert_eq!(g.scan("then e@f.io", Direction::Input).text, "then [EMAIL_2]");
    /// ```
    pub fn fork(&self) -> Guard {
        let conversation = lock(&self.conversation).clone();
        Guard {
            compiled: self.compiled.clone(),
            conversation: Arc::new(Mutex::new(conversation)),
        }
    }

    /// The compiled policy (share it with [`Guard::with_compiled`]).
    pub fn compiled(&self) -> &Arc<CompiledPolicy> {
        &self.compiled
    }

    /// The policy fingerprint.
    pub fn fingerprint(&self) -> &str {
        self.compiled.fingerprint()
    }

    /// Screens a whole text. Same engine and same result as a [`Stream`] fed the same
    /// text in any chunks.
    pub fn scan(&self, text: &str, direction: Direction) -> ScanResult {
        self.scan_with(&mut ScanScratch::default(), text, direction)
    }

    /// [`Guard::scan`], reusing the buffers in `scratch` from one call to the next: for a
    /// caller that scans message after message (the wasm binding keeps one per guard), it
    /// saves the allocations of a new stream per call. Any scratch works with any guard.
    ///
    /// ```
    /// use chatguard::{Direction, Guard, ScanScratch};
    /// let g = Guard::default();
    /// let mut scratch = ScanScratch::default();
    /// for msg in ["hello", "mail jane@corp.example.com"] {
    ///     assert_eq!(g.scan_with(&mut scratch, msg, Direction::Input).text,
    ///                g.fork().scan(msg, Direction::Input).text);
    /// }
    /// ```
    pub fn scan_with(
        &self,
        scratch: &mut ScanScratch,
        text: &str,
        direction: Direction,
    ) -> ScanResult {
        let mut out = Chunk::default();
        let verdict = self.scan_into(scratch, text, direction, &mut out, true);
        ScanResult {
            text: out.text,
            verdict,
            findings: out.findings,
            sentiment: out.sentiment,
            fingerprint: self.compiled.fingerprint().to_string(),
        }
    }

    /// [`Self::scan_with`] appending the sanitised text, the findings (sorted by start)
    /// and the sentiment to `out`, whose buffers a caller can reuse from message to
    /// message (the binding does); returns the verdict. `clean_text`: whether to append
    /// the text when no finding changes it (false: `text` is the sanitised text, and a
    /// caller that has it is spared the copy).
    pub(crate) fn scan_into(
        &self,
        scratch: &mut ScanScratch,
        text: &str,
        direction: Direction,
        out: &mut Chunk,
        clean_text: bool,
    ) -> Verdict {
        let slot = &mut scratch.streams[direction as usize];
        let s = match slot {
            Some(s) if s.is_of(&self.compiled, &self.conversation, direction) => {
                s.restart();
                s
            }
            _ => slot.insert(self.stream(direction)),
        };
        let first = out.findings.len();
        s.whole_into(text, out, clean_text);
        if !out.findings[first..].is_sorted_by_key(|f| (f.start, f.end)) {
            let mut mine = out.findings.split_off(first);
            crate::sort::sort_vec_by(&mut mine, |f| (f.start as u64, f.end as u64));
            out.findings.append(&mut mine);
        }
        s.verdict()
    }

    /// VADER scores of `text` (no history, no findings).
    ///
    /// ```
    /// let s = chatguard::Guard::default().sentiment("I love this, it is great!");
    /// assert!(s.compound > 0.8);
    /// ```
    pub fn sentiment(&self, text: &str) -> crate::sentiment::Scores {
        crate::sentiment::polarity_scores(text)
    }

    /// A streaming session on this guard's policy and conversation.
    pub fn stream(&self, direction: Direction) -> Stream {
        Stream::new(self.compiled.clone(), self.conversation.clone(), direction)
    }

    /// Replaces placeholders issued in this conversation with their originals, accepting
    /// the ways models mangle them (see [`crate::Vault::lookup`]); unknown placeholders
    /// are left untouched. The same recognition as a `placeholders` rule with `restore`.
    ///
    /// ```
    /// use chatguard::{Guard, Direction};
    /// let g = Guard::default();
    /// assert_eq!(g.scan("mail jane@corp.example.com", Direction::Input).text, "mail [EMAIL_1]");
    /// assert_eq!(g.restore("Hi [email_1] / EMAIL 1 / [EMAIL_2]"),
    ///            "Hi jane@corp.example.com / jane@corp.example.com / [EMAIL_2]");
    /// ```
    pub fn restore(&self, text: &str) -> String {
        lock(&self.conversation).vault.restore(text)
    }
}

/// Buffers reused by [`Guard::scan_with`]: one stream per direction.
#[derive(Debug, Default)]
pub struct ScanScratch {
    streams: [Option<Stream>; 2],
}

/// The overall decision on a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verdict {
    /// Nothing changed.
    #[default]
    Allow,
    /// Some text was masked, replaced or swapped for placeholders.
    Redact,
    /// A `block` rule matched: do not send or show the message.
    Block,
}

impl Verdict {
    /// `"allow"`, `"redact"` or `"block"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Allow => "allow",
            Verdict::Redact => "redact",
            Verdict::Block => "block",
        }
    }
}

/// One finding. Spans are given in both units: UTF-8 bytes (`start`, `end`) and UTF-16
/// code units (`start16`, `end16`) of the screened text, and the same for the span the
/// finding occupies in the sanitised text (`out_*`).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// `"keywords"` or `"sentiment"`.
    pub detector: &'static str,
    /// The category (`"profanity"`, `"slur"`, a rule's own category). Shared with the
    /// compiled policy (a reference count, not a copy per finding); `&*f.kind` is the `&str`.
    pub kind: Arc<str>,
    /// The rule id (`sentiment.turn`, `sentiment.baseline`, `sentiment.floor` or
    /// `sentiment.sentence` for sentiment shifts), shared as `kind` is.
    pub rule: Arc<str>,
    /// What was done.
    pub action: Action,
    /// Byte span in the screened text.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// UTF-16 span in the screened text.
    pub start16: usize,
    /// End (exclusive), UTF-16 units.
    pub end16: usize,
    /// Byte span in the sanitised text.
    pub out_start: usize,
    /// End byte in the sanitised text.
    pub out_end: usize,
    /// UTF-16 span in the sanitised text.
    pub out_start16: usize,
    /// End, UTF-16 units, in the sanitised text.
    pub out_end16: usize,
    /// What replaced the text (`replace`, `placeholder`).
    pub replacement: Option<String>,
    /// A confidence score, for detectors that have one.
    pub score: Option<f64>,
    /// The matched original text, only when the policy sets `includeMatchedText`.
    pub value: Option<String>,
}

/// The result of [`Guard::scan`].
#[derive(Debug, Clone, PartialEq)]
pub struct ScanResult {
    /// The sanitised text.
    pub text: String,
    /// The decision.
    pub verdict: Verdict,
    /// Findings, sorted by start.
    pub findings: Vec<Finding>,
    /// Sentiment of the text and its sentences (when the policy scores sentiment).
    pub sentiment: Option<crate::sentiment::TurnReport>,
    /// The policy fingerprint.
    pub fingerprint: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared kind a finding carries is the category's name, for every category of
    /// every kind of detector (a keyword category, a PII kind, a user pattern, a keyword
    /// category past the list), in both directions.
    #[test]
    fn kind_is_kind_name() {
        let policy = r#"{"input": {"rules": [
            {"id": "words", "detector": "keywords", "terms": ["alpha"], "category": "greek", "action": "mask"},
            {"id": "prof", "detector": "keywords", "builtin": "en", "action": "mask"},
            {"id": "mail", "detector": "pii", "action": "placeholder"},
            {"id": "ticket", "detector": "regex", "pattern": "T-[0-9]+", "category": "ticket", "action": "mask"},
            {"id": "order", "detector": "regex", "pattern": "O-[0-9]+", "action": "mask"}
        ]}}"#;
        let g = Guard::from_json(policy).unwrap();
        for d in [Direction::Input, Direction::Output] {
            let dir = g.compiled.direction(d);
            let n = dir.keywords.category_count();
            let categories = (0..n + 2)
                .chain((0..PiiKind::ALL.len()).map(|k| PII_BASE + k))
                .chain((0..dir.regex_rules.len()).map(|i| REGEX_BASE + i));
            for c in categories {
                assert_eq!(&*dir.kind(c), dir.kind_name(c), "category {c} of {d:?}");
            }
        }
        let dir = g.compiled.direction(Direction::Input);
        assert_eq!(&*dir.kind(REGEX_BASE + 1), "order");
        assert_eq!(&*dir.kind(PII_BASE + PiiKind::Email as usize), "email");
    }
}
