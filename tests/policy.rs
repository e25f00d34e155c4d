//! Policy errors: a typed code and the JSON path of the offending value, never a panic.

use chatguard::{ErrorCode, Guard, Policy};

fn err(json: &str) -> (ErrorCode, String) {
    let e = Guard::from_json(json).expect_err("the policy must be rejected");
    (e.code(), e.path().to_string())
}

macro_rules! t {
    ($name:ident, $json:expr, $code:expr, $path:expr) => {
        #[test]
        fn $name() {
            assert_eq!(err($json), ($code, $path.to_string()));
        }
    };
}

const OK_RULE: &str = r#"{"id":"a","detector":"keywords","terms":["x"],"action":"mask"}"#;

t!(syntax, "{", ErrorCode::PolicySyntax, "");
t!(not_an_object, "[]", ErrorCode::PolicyType, "");
t!(
    unknown_top_field,
    r#"{"inptu":{}}"#,
    ErrorCode::PolicyUnknownField,
    "inptu"
);
t!(
    unknown_rule_field,
    &format!(
        r#"{{"input":{{"rules":[{OK_RULE},{{"id":"b","detector":"keywords","terms":["x"],"action":"mask","colour":1}}]}}}}"#
    ),
    ErrorCode::PolicyUnknownField,
    "input.rules[1].colour"
);
t!(
    unknown_action,
    r#"{"input":{"rules":[{"id":"a","detector":"keywords","terms":["x"],"action":"smash"}]}}"#,
    ErrorCode::PolicyType,
    "input.rules[0].action"
);
t!(
    unknown_detector,
    r#"{"output":{"rules":[{"id":"a","detector":"telepathy","terms":["x"],"action":"mask"}]}}"#,
    ErrorCode::PolicyType,
    "output.rules[0].detector"
);
t!(
    wrong_type_terms,
    r#"{"input":{"rules":[{"id":"a","detector":"keywords","terms":"x","action":"mask"}]}}"#,
    ErrorCode::PolicyType,
    "input.rules[0].terms"
);
t!(
    wrong_type_term_item,
    r#"{"input":{"rules":[{"id":"a","detector":"keywords","terms":["x",3],"action":"mask"}]}}"#,
    ErrorCode::PolicyType,
    "input.rules[0].terms[1]"
);
t!(
    missing_action,
    r#"{"input":{"rules":[{"id":"a","detector":"keywords","terms":["x"]}]}}"#,
    ErrorCode::PolicyMissingField,
    "input.rules[0].action"
);
t!(
    empty_terms,
    r#"{"input":{"rules":[{"id":"a","detector":"keywords","terms":[],"action":"mask"}]}}"#,
    ErrorCode::PolicyInvalidValue,
    "input.rules[0].terms"
);
t!(
    term_without_letters,
    r#"{"input":{"rules":[{"id":"a","detector":"keywords","terms":["ok","  ...  "],"action":"mask"}]}}"#,
    ErrorCode::PolicyInvalidValue,
    "input.rules[0].terms[1]"
);
t!(
    empty_id,
    r#"{"input":{"rules":[{"id":" ","detector":"keywords","terms":["x"],"action":"mask"}]}}"#,
    ErrorCode::PolicyInvalidValue,
    "input.rules[0].id"
);
t!(
    duplicate_id,
    &format!(r#"{{"input":{{"rules":[{OK_RULE},{OK_RULE}]}}}}"#),
    ErrorCode::PolicyDuplicateId,
    "input.rules[1].id"
);
t!(
    unknown_builtin,
    r#"{"input":{"rules":[{"id":"a","detector":"keywords","builtin":"klingon","action":"mask"}]}}"#,
    ErrorCode::PolicyInvalidValue,
    "input.rules[0].builtin"
);
t!(
    unknown_builtin_category,
    r#"{"input":{"rules":[{"id":"a","detector":"keywords","builtin":"en","categories":["slur","nope"],"action":"mask"}]}}"#,
    ErrorCode::PolicyInvalidValue,
    "input.rules[0].categories[1]"
);
t!(
    term_too_long,
    &format!(
        r#"{{"input":{{"rules":[{{"id":"a","detector":"keywords","terms":["{}"],"action":"mask"}}]}}}}"#,
        "a".repeat(300)
    ),
    ErrorCode::PolicyTooLarge,
    "input.rules[0].terms[0]"
);
t!(
    mask_char_two_chars,
    r#"{"maskChar":"**"}"#,
    ErrorCode::PolicyType,
    "maskChar"
);

#[test]
fn default_policy_is_valid_and_fingerprint_is_stable() {
    let p = Policy::from_json(chatguard::policy::DEFAULT_POLICY_JSON)
        .expect("embedded default policy is valid");
    let a = Guard::new(p.clone()).unwrap();
    let b = Guard::new(p).unwrap();
    assert_eq!(a.fingerprint(), b.fingerprint());
    assert!(a.fingerprint().starts_with("cg1-") && a.fingerprint().len() == 36);
    assert_eq!(Guard::default().fingerprint(), a.fingerprint());
    let other = Guard::from_json(&format!(r#"{{"input":{{"rules":[{OK_RULE}]}}}}"#)).unwrap();
    assert_ne!(other.fingerprint(), a.fingerprint());
}

#[test]
fn include_matched_text_opt_in() {
    let g = Guard::from_json(r#"{"includeMatchedText":true,"input":{"rules":[{"id":"a","detector":"keywords","terms":["secret"],"action":"mask"}]}}"#).unwrap();
    let r = g.scan("my SeCr3t plan", chatguard::Direction::Input);
    assert_eq!(r.text, "my ****** plan");
    assert_eq!(r.findings[0].value.as_deref(), Some("SeCr3t"));
}

#[test]
fn push_after_finish_is_an_error() {
    let g = Guard::default();
    let mut s = g.stream(chatguard::Direction::Output);
    s.push("hello").unwrap();
    s.finish().unwrap();
    assert_eq!(s.push("x").unwrap_err().code(), ErrorCode::InvalidState);
    assert_eq!(s.finish().unwrap_err().code(), ErrorCode::InvalidState);
}

#[test]
fn big_and_odd_inputs_hold() {
    let g = Guard::default();
    let big = "you fucking idiot 😀 ".repeat(500_000); // ~10 MB
    let r = g.scan(&big, chatguard::Direction::Input);
    let kw = |r: &chatguard::ScanResult| {
        r.findings
            .iter()
            .filter(|f| f.detector == "keywords")
            .count()
    };
    assert_eq!(kw(&r), 1_000_000);
    assert!(!r.text.contains("fuck"));
    let zw = "\u{200b}".repeat(100_000);
    assert_eq!(g.scan(&zw, chatguard::Direction::Input).text, zw);
    // a 1 MB stretched word is longer than the hold-back cap: it fails closed (masked in
    // `overlong` cuts); nothing of the word's start survives
    let stretched = format!("f{}ck", "u".repeat(1_000_000));
    let r = g.scan(&stretched, chatguard::Direction::Input);
    assert!(kw(&r) > 1 && r.findings.iter().all(|f| f.kind == "overlong"));
    assert!(r.text.starts_with('*') && !r.text.contains('f'));
}

#[test]
fn placeholders_restore_in_the_conversation() {
    let g = Guard::from_json(r#"{"input":{"rules":[{"id":"p","detector":"keywords","category":"project","terms":["bluebird"],"action":"placeholder"}]}}"#).unwrap();
    let r = g.scan("ship Bluebird today", chatguard::Direction::Input);
    assert_eq!(r.text, "ship [PROJECT_1] today");
    assert_eq!(
        g.restore("Sure, [PROJECT_1] ships. [PROJECT_2] stays."),
        "Sure, Bluebird ships. [PROJECT_2] stays."
    );
    // another conversation on the same compiled policy has its own vault
    let g2 = Guard::with_compiled(g.compiled().clone());
    assert_eq!(g2.restore("[PROJECT_1]"), "[PROJECT_1]");
}
