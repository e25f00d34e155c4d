//! A small JSON reader and writer: the policy is parsed into a [`Value`] tree and read
//! field by field (see [`crate::policy`]), and the binding writes its results with the
//! helpers at the end.
//!
//! It replaces serde (derive, `serde_json`, `serde_path_to_error`), which cost 118 KB of
//! the 704 KB wasm (40 KB of 280 KB gzip) for one policy a page parses once. What it
//! accepts is RFC 8259 JSON: no comments, no trailing commas, no byte order mark, no
//! lone surrogate in a `\u` escape, at most [`MAX_DEPTH`] nested arrays and objects.
//! Numbers are kept as written, so the reader decides what a `1.0` or a `-1` may be.

use std::fmt;

/// Most arrays and objects open at once (as serde_json), so no input can exhaust the stack.
pub const MAX_DEPTH: u32 = 128;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number as written in the text (valid JSON number syntax).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's members in the order written (a repeated key appears twice; readers
    /// take the last, as `JSON.parse` does).
    Object(Vec<(String, Value)>),
}

impl Value {
    /// What the value is, for an error message: `string "x"`, `number 3`, `null`, ...
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "null".to_string(),
            Value::Bool(b) => format!("boolean `{b}`"),
            Value::Number(n) => format!("number `{n}`"),
            Value::String(s) => format!("string {s:?}"),
            Value::Array(_) => "array".to_string(),
            Value::Object(_) => "object".to_string(),
        }
    }
}

/// Where and why a text is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong.
    pub message: &'static str,
    /// 1-based line of the offending byte.
    pub line: usize,
    /// 1-based column (in bytes) of the offending byte.
    pub column: usize,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

/// Parses one JSON value (with white space around it and nothing else).
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut p = Parser {
        b: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    let v = p.value()?;
    p.ws();
    if p.i < p.b.len() {
        return Err(p.err("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    depth: u32,
}

impl Parser<'_> {
    fn err(&self, message: &'static str) -> SyntaxError {
        let at = self.i.min(self.b.len());
        let before = &self.b[..at];
        let line = 1 + before.iter().filter(|&&c| c == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |p| p + 1);
        SyntaxError {
            message,
            line,
            column: at - line_start + 1,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Result<Value, SyntaxError> {
        self.ws();
        match self.peek() {
            None => Err(self.err("EOF while parsing a value")),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("expected value")),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, SyntaxError> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("expected value"))
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("recursion limit exceeded"));
        }
        self.i += 1; // the opening bracket
        Ok(())
    }

    fn array(&mut self) -> Result<Value, SyntaxError> {
        self.enter()?;
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value()?);
            if self.next_item(b']', "EOF while parsing a list", "expected `,` or `]`")? {
                break;
            }
        }
        self.i += 1;
        self.depth -= 1;
        Ok(Value::Array(items))
    }

    /// After an item of an array or an object: `Ok(true)` at its `close` bracket, `Ok(false)`
    /// past a comma when another item follows.
    fn next_item(
        &mut self,
        close: u8,
        eof: &'static str,
        expected: &'static str,
    ) -> Result<bool, SyntaxError> {
        self.ws();
        match self.peek() {
            Some(b',') => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(close) {
                    return Err(self.err("trailing comma"));
                }
                Ok(false)
            }
            Some(c) if c == close => Ok(true),
            None => Err(self.err(eof)),
            Some(_) => Err(self.err(expected)),
        }
    }

    fn object(&mut self) -> Result<Value, SyntaxError> {
        self.enter()?;
        let mut members = Vec::new();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Value::Object(members));
        }
        loop {
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.err("EOF while parsing an object")),
                Some(_) => return Err(self.err("key must be a string")),
            }
            let key = self.string()?;
            self.ws();
            match self.peek() {
                Some(b':') => self.i += 1,
                None => return Err(self.err("EOF while parsing an object")),
                Some(_) => return Err(self.err("expected `:`")),
            }
            members.push((key, self.value()?));
            if self.next_item(b'}', "EOF while parsing an object", "expected `,` or `}`")? {
                break;
            }
        }
        self.i += 1;
        self.depth -= 1;
        Ok(Value::Object(members))
    }

    /// A string starting at the opening quote. The text is UTF-8 already (a `&str`), so
    /// runs of plain bytes are copied as they are.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            let run = self.i;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.extend_from_slice(&self.b[run..self.i]);
            match self.peek() {
                None => return Err(self.err("EOF while parsing a string")),
                Some(b'"') => {
                    self.i += 1;
                    // plain runs end before an ASCII byte and escapes write whole chars
                    return Ok(String::from_utf8(out).unwrap_or_default());
                }
                Some(b'\\') => {
                    self.i += 1;
                    let esc = self.peek();
                    self.i += 1;
                    let c = match esc {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        None => return Err(self.err("EOF while parsing a string")),
                        Some(_) => {
                            self.i -= 1;
                            return Err(self.err("invalid escape"));
                        }
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                Some(_) => {
                    return Err(self
                        .err("control character (\\u0000-\\u001F) found while parsing a string"))
                }
            }
        }
    }

    /// The char of a `\uXXXX` escape (the `\u` read), pairing surrogates.
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let hi = self.hex4()?;
        if (0xDC00..0xE000).contains(&hi) {
            return Err(self.err("lone trailing surrogate in hex escape"));
        }
        if !(0xD800..0xDC00).contains(&hi) {
            return Ok(char::from_u32(hi).unwrap_or('\u{FFFD}'));
        }
        if !self.b[self.i..].starts_with(b"\\u") {
            return Err(self.err("lone leading surrogate in hex escape"));
        }
        self.i += 2;
        let lo = self.hex4()?;
        if !(0xDC00..0xE000).contains(&lo) {
            return Err(self.err("lone leading surrogate in hex escape"));
        }
        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
        Ok(char::from_u32(c).unwrap_or('\u{FFFD}'))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                None => return Err(self.err("EOF while parsing a string")),
                Some(_) => return Err(self.err("invalid escape")),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.i += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.err("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        // the bytes matched are ASCII
        let text = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("0");
        Ok(Value::Number(text.to_string()))
    }
}

// ---------------------------------------------------------------------------------------
// Writing

/// Appends `s` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\t`...
/// or `\u00XX`, everything else as it is (the escapes serde_json writes).
#[inline(never)]
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[run..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        } else {
            out.push_str(esc);
        }
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// Appends a number: `null` when it is not finite (as serde_json), else the shortest
/// text that reads back as the same `f64` (`1.0`, `0.25`, `1e-7`).
#[inline(never)]
pub fn write_f64(out: &mut String, v: f64) {
    if v.is_finite() {
        crate::decimal::write_shortest(out, v);
    } else {
        out.push_str("null");
    }
}

/// Appends the separator a new key or array item needs: a comma unless it is the first
/// in its object or array. (Every value written ends with a byte other than `{`, `[` or
/// `:`, so the last byte tells.)
#[inline(never)]
pub fn comma(out: &mut String) {
    if !matches!(out.as_bytes().last(), None | Some(b'{' | b'[' | b':')) {
        out.push(',');
    }
}

/// Appends `"key":` (with the comma before it when needed). `key` needs no escaping.
#[inline(never)]
pub fn write_key(out: &mut String, key: &str) {
    comma(out);
    out.push('"');
    out.push_str(key);
    out.push_str("\":");
}

/// Appends an array of strings.
pub fn write_str_array(out: &mut String, items: &[impl AsRef<str>]) {
    out.push('[');
    for s in items {
        comma(out);
        write_str(out, s.as_ref());
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.to_string())
    }

    #[test]
    fn parses_every_kind_of_value() {
        let v = parse(r#" {"a": [1, -2.5e+3, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"], "b": {}} "#)
            .unwrap();
        let Value::Object(m) = v else { panic!() };
        assert_eq!(m[0].0, "a");
        assert_eq!(
            m[0].1,
            Value::Array(vec![
                Value::Number("1".into()),
                Value::Number("-2.5e+3".into()),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null,
                s("x\"\\/\u{8}\u{c}\n\r\té😀"),
            ])
        );
        assert_eq!(m[1], ("b".to_string(), Value::Object(vec![])));
        assert_eq!(parse("[]").unwrap(), Value::Array(vec![]));
        assert_eq!(parse("\"日本\"").unwrap(), s("日本"));
    }

    #[test]
    fn rejects_what_is_not_json() {
        let cases = [
            ("", "EOF while parsing a value", 1, 1),
            ("{", "EOF while parsing an object", 1, 2),
            ("[1,]", "trailing comma", 1, 4),
            ("{\"a\":1,}", "trailing comma", 1, 8),
            ("{} x", "trailing characters", 1, 4),
            ("{\"a\" 1}", "expected `:`", 1, 6),
            ("{1:2}", "key must be a string", 1, 2),
            ("[tru]", "expected value", 1, 2),
            ("[01]", "invalid number", 1, 3),
            ("[1.]", "invalid number", 1, 4),
            ("[-]", "invalid number", 1, 3),
            ("[+1]", "expected value", 1, 2),
            ("[1e]", "invalid number", 1, 4),
            ("[1 2]", "expected `,` or `]`", 1, 4),
            ("{\"a\":1 \"b\":2}", "expected `,` or `}`", 1, 8),
            (
                "\"a\tb\"",
                "control character (\\u0000-\\u001F) found while parsing a string",
                1,
                3,
            ),
            ("\"\\x\"", "invalid escape", 1, 3),
            ("\"\\u00\"", "invalid escape", 1, 6),
            ("\"\\ud800\"", "lone leading surrogate in hex escape", 1, 8),
            (
                "\"\\ud800\\u0041\"",
                "lone leading surrogate in hex escape",
                1,
                14,
            ),
            ("\"\\udc00\"", "lone trailing surrogate in hex escape", 1, 8),
            ("\"abc", "EOF while parsing a string", 1, 5),
            ("\u{feff}{}", "expected value", 1, 1),
            ("{\n  \"a\": x}", "expected value", 2, 8),
        ];
        for (text, message, line, column) in cases {
            let e = parse(text).expect_err(text);
            assert_eq!(
                (e.message, e.line, e.column),
                (message, line, column),
                "{text:?}"
            );
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let ok = "[".repeat(MAX_DEPTH as usize) + &"]".repeat(MAX_DEPTH as usize);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(100_000);
        assert_eq!(
            parse(&deep).unwrap_err().message,
            "recursion limit exceeded"
        );
        let deep = "{\"a\":".repeat(100_000);
        assert_eq!(
            parse(&deep).unwrap_err().message,
            "recursion limit exceeded"
        );
    }

    #[test]
    fn writes_what_it_reads() {
        let text = "q\"b\\s/\n\r\t\u{8}\u{c}\u{1}\u{1f}é😀";
        let mut out = String::new();
        write_str(&mut out, text);
        assert_eq!(out, r#""q\"b\\s/\n\r\t\b\f\u0001\u001fé😀""#);
        assert_eq!(parse(&out).unwrap(), s(text));
        let mut out = String::new();
        out.push('{');
        write_key(&mut out, "a");
        write_str_array(&mut out, &["x", "y"]);
        write_key(&mut out, "b");
        out.push('[');
        for v in [1.0, 0.25, -0.75, f64::NAN, 1e-7] {
            comma(&mut out);
            write_f64(&mut out, v);
        }
        out.push_str("]}");
        assert_eq!(out, r#"{"a":["x","y"],"b":[1.0,0.25,-0.75,null,1e-7]}"#);
        assert!(parse(&out).is_ok());
    }
}
