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

    /// Replaces every placeholder this vault issued with its original; anything else,
    /// including unknown placeholders, is left untouched.
    pub fn restore(&self, text: &str) -> String {
        if self.by_placeholder.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find('[') {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            let close = tail[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map(|j| j + 1);
            match close {
                Some(j) if tail.as_bytes()[j] == b']' => {
                    let token = &tail[..=j];
                    match self.by_placeholder.get(token) {
                        Some(v) => out.push_str(v),
                        None => out.push_str(token),
                    }
                    rest = &tail[j + 1..];
                }
                _ => {
                    out.push('[');
                    rest = &tail[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }
}
