//! Error types: a stable machine-readable [`ErrorCode`], the JSON path or pattern that
//! caused it, and a human message. Errors never contain text that was screened or values
//! from the placeholder vault.

use std::fmt;

/// A stable, machine-readable error code. The JS binding exposes it as `error.code`
/// (the string from [`ErrorCode::as_str`]); codes are never renamed once published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The policy is not valid JSON.
    PolicySyntax,
    /// A field the policy format does not have.
    PolicyUnknownField,
    /// A field has the wrong JSON type, or a value outside its set (an unknown action).
    PolicyType,
    /// A required field is missing.
    PolicyMissingField,
    /// A value has the right type but is not acceptable (an empty term list, an empty id).
    PolicyInvalidValue,
    /// Two rules in one direction share an id.
    PolicyDuplicateId,
    /// A compiled policy would exceed a size limit (too many terms, a term too long).
    PolicyTooLarge,
    /// A call that is not allowed in the current state (a push after `finish`).
    InvalidState,
    /// An argument of the wrong kind (an unknown direction).
    InvalidArgument,
    /// Something this build leaves out: a `pii`, `secrets` or `regex` rule, or sentiment,
    /// in the keywords-only package (`chatguard/keywords`, cargo features off).
    Unsupported,
}

impl ErrorCode {
    /// The stable string form, e.g. `"policy_unknown_field"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::PolicySyntax => "policy_syntax",
            ErrorCode::PolicyUnknownField => "policy_unknown_field",
            ErrorCode::PolicyType => "policy_type",
            ErrorCode::PolicyMissingField => "policy_missing_field",
            ErrorCode::PolicyInvalidValue => "policy_invalid_value",
            ErrorCode::PolicyDuplicateId => "policy_duplicate_id",
            ErrorCode::PolicyTooLarge => "policy_too_large",
            ErrorCode::InvalidState => "invalid_state",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::Unsupported => "unsupported",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error from chatguard: a [`code`](Error::code), the JSON [`path`](Error::path) of the
/// offending policy value (`"input.rules[3].action"`, empty when not about a policy value),
/// and a message.
///
/// ```
/// let err = chatguard::Policy::from_json(r#"{"input":{"rules":[{"id":"x","detector":"keywords","terms":["a"],"action":"smash"}]}}"#)
///     .unwrap_err();
/// assert_eq!(err.code().as_str(), "policy_type");
/// assert_eq!(err.path(), "input.rules[0].action");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    path: String,
    message: String,
}

impl Error {
    /// A new error. `path` is a JSON path such as `input.rules[0].terms[2]`, or empty.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            code,
            path: path.into(),
            message: message.into(),
        }
    }

    /// The stable error code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The JSON path of the offending value, or `""`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The human-readable message (without the path).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code, self.message)
        } else {
            write!(f, "{} at {}: {}", self.code, self.path, self.message)
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for results whose error is [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
