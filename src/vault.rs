//! The placeholder vault of one conversation: original value <-> `[LABEL_N]`.
//!
//! The same value of the same label always gets the same placeholder, numbered per label
//! from 1 in order of first appearance. The vault's contents never appear in errors,
//! `Debug` output or findings.

use std::collections::HashMap;
use std::fmt;

/// Placeholder <-> original map for one conversation.
#[derive(Default, Clone)]
pub struct Vault {
    by_value: HashMap<(String, String), String>,
    /// placeholder -> (original, order of issue)
    by_placeholder: HashMap<String, (String, usize)>,
    counters: HashMap<String, u32>,
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // never print the values
        write!(f, "Vault({} placeholders)", self.by_placeholder.len())
    }
}

/// `profanity` -> `PROFANITY`, `credit card` -> `CREDIT_CARD`. A label that placeholders
/// could not be read back with (restored, or escaped when typed) gets `VALUE_` before it:
/// one that is shorter than two characters or does not start with a letter (`c` ->
/// `VALUE_C`, `1st` -> `VALUE_1ST`).
///
/// ```
/// use chatguard::vault::label_for;
/// assert_eq!(label_for("credit card"), "CREDIT_CARD");
/// assert_eq!(label_for("c"), "VALUE_C");
/// assert_eq!(label_for("-x"), "VALUE__X");
/// assert_eq!(label_for(""), "VALUE");
/// ```
pub fn label_for(kind: &str) -> String {
    let mut s: String = kind
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        s.push_str("VALUE");
    } else if s.len() < 2 || !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "VALUE_");
    }
    s
}

impl Vault {
    /// An empty vault.
    pub fn new() -> Self {
        Self::default()
    }

    /// The placeholder for `value` under `label` (`[EMAIL_1]`), creating it if new.
    ///
    /// ```
    /// let mut v = chatguard::Vault::new();
    /// assert_eq!(v.placeholder("EMAIL", "a@b.co"), "[EMAIL_1]");
    /// assert_eq!(v.placeholder("EMAIL", "c@d.co"), "[EMAIL_2]");
    /// assert_eq!(v.placeholder("EMAIL", "a@b.co"), "[EMAIL_1]");
    /// assert_eq!(v.restore("hi [EMAIL_2] and [EMAIL_9]"), "hi c@d.co and [EMAIL_9]");
    /// ```
    pub fn placeholder(&mut self, label: &str, value: &str) -> String {
        let key = (label.to_string(), value.to_string());
        if let Some(p) = self.by_value.get(&key) {
            return p.clone();
        }
        let n = self.counters.entry(label.to_string()).or_insert(0);
        *n += 1;
        let p = format!("[{label}_{n}]");
        let seq = self.by_placeholder.len();
        self.by_placeholder
            .insert(p.clone(), (value.to_string(), seq));
        self.by_value.insert(key, p.clone());
        p
    }

    /// Number of placeholders issued.
    pub fn len(&self) -> usize {
        self.by_placeholder.len()
    }

    /// Whether no placeholder was issued.
    pub fn is_empty(&self) -> bool {
        self.by_placeholder.is_empty()
    }

    /// The original behind a placeholder as a model may write it back: `[EMAIL_1]`, any
    /// case, brackets `[]`, `{}`, `<>`, `()` or none, `_` or a space before the number
    /// (`EMAIL 1`). `None` for placeholders this vault did not issue.
    pub fn lookup(&self, text: &str) -> Option<&str> {
        self.lookup_issued_before(text, usize::MAX)
    }

    /// As [`lookup`](Self::lookup), for the first `mark` placeholders issued only (`mark`
    /// is a past [`len`](Self::len)). A stream restores only what was issued before it
    /// began, so a placeholder it issues itself (to hide a value the model emitted) is
    /// never turned back into that value later in the same reply, and the result does not
    /// depend on where the reply was cut.
    ///
    /// ```
    /// let mut v = chatguard::Vault::new();
    /// v.placeholder("EMAIL", "a@b.co");
    /// let mark = v.len();
    /// v.placeholder("EMAIL", "c@d.co");
    /// assert_eq!(v.lookup_issued_before("EMAIL_1", mark), Some("a@b.co"));
    /// assert_eq!(v.lookup_issued_before("EMAIL_2", mark), None);
    /// ```
    pub fn lookup_issued_before(&self, text: &str, mark: usize) -> Option<&str> {
        if self.by_placeholder.is_empty() || mark == 0 {
            return None;
        }
        let t = text.trim();
        let inner = match (t.chars().next(), t.chars().last()) {
            (Some('['), Some(']'))
            | (Some('{'), Some('}'))
            | (Some('<'), Some('>'))
            | (Some('('), Some(')')) => &t[1..t.len() - 1],
            _ => t,
        };
        let cut = inner.rfind(['_', ' '])?;
        let (label, num) = (&inner[..cut], &inner[cut + 1..]);
        if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let key = format!("[{}_{}]", label.to_ascii_uppercase(), num);
        match self.by_placeholder.get(&key) {
            Some((v, seq)) if *seq < mark => Some(v.as_str()),
            _ => None,
        }
    }

    /// Replaces every placeholder this vault issued with its original, in the forms
    /// [`lookup`](Self::lookup) accepts (recognised as a `placeholders` rule recognises
    /// them); anything else, including unknown placeholders, is left untouched.
    pub fn restore(&self, text: &str) -> String {
        if self.by_placeholder.is_empty() {
            return text.to_string();
        }
        let set = crate::pii::PiiSet::new(crate::pii::KindSet::default(), 2);
        let mut out = String::with_capacity(text.len());
        let mut cursor = 0;
        for (_, s, e) in crate::pii::detect_all(&set, text) {
            if let Some(v) = self.lookup(&text[s..e]) {
                out.push_str(&text[cursor..s]);
                out.push_str(v);
                cursor = e;
            }
        }
        out.push_str(&text[cursor..]);
        out
    }
}
