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
    by_placeholder: HashMap<String, String>,
    counters: HashMap<String, u32>,
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // never print the values
        write!(f, "Vault({} placeholders)", self.by_placeholder.len())
    }
}

/// `profanity` -> `PROFANITY`, `credit card` -> `CREDIT_CARD`.
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
        self.by_placeholder.insert(p.clone(), value.to_string());
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
        if self.by_placeholder.is_empty() {
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
        self.by_placeholder.get(&key).map(String::as_str)
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
