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
    // 256 characters, each one expanding to two letters once normalised (`㎏` -> `kg`)
    term_too_long_once_normalised,
    &format!(
        r#"{{"output":{{"rules":[{{"id":"a","detector":"keywords","terms":["x", "{}"],"action":"mask"}}]}}}}"#,
        "㎏".repeat(256)
    ),
    ErrorCode::PolicyTooLarge,
    "output.rules[0].terms[1]"
);
t!(
    mask_char_two_chars,
    r#"{"maskChar":"**"}"#,
    ErrorCode::PolicyType,
    "maskChar"
);

t!(
    sentiment_not_an_object,
    r#"{"sentiment":[]}"#,
    ErrorCode::PolicyType,
    "sentiment"
);
t!(
    negative_count,
    r#"{"maxHoldBytes":-1}"#,
    ErrorCode::PolicyType,
    "maxHoldBytes"
);
t!(
    fraction_for_a_count,
    r#"{"sentiment":{"minChars":12.0}}"#,
    ErrorCode::PolicyType,
    "sentiment.minChars"
);
t!(
    huge_count,
    r#"{"maxHoldBytes":99999999999999999999999}"#,
    ErrorCode::PolicyType,
    "maxHoldBytes"
);
t!(
    number_out_of_range,
    r#"{"sentiment":{"floor":-1e400}}"#,
    ErrorCode::PolicyInvalidValue,
    "sentiment.floor"
);
t!(
    null_where_a_list_belongs,
    r#"{"input":{"rules":[{"id":"a","detector":"keywords","terms":null,"action":"mask"}]}}"#,
    ErrorCode::PolicyType,
    "input.rules[0].terms"
);
t!(
    lone_surrogate_escape,
    r#"{"name":"\ud800"}"#,
    ErrorCode::PolicySyntax,
    ""
);
t!(
    trailing_comma,
    r#"{"name":"x",}"#,
    ErrorCode::PolicySyntax,
    ""
);
t!(
    missing_detector,
    r#"{"input":{"rules":[{"id":"a","terms":["x"],"action":"mask"}]}}"#,
    ErrorCode::PolicyMissingField,
    "input.rules[0].detector"
);

#[test]
fn nesting_and_size_never_panic() {
    for text in ["[".repeat(1_000_000), "{\"input\":".repeat(200_000)] {
        let e = Guard::from_json(&text).map(|_| ()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::PolicySyntax, "{e}");
    }
    let big = format!("{{\"name\":\"{}\"}}", "é".repeat(5_000_000));
    assert_eq!(
        Policy::from_json(&big).unwrap().name.unwrap().len(),
        10_000_000
    );
}

#[test]
fn null_leaves_an_optional_field_unset_and_the_last_repeated_key_wins() {
    let with_nulls = r#"{"name":null,"input":{"rules":[{"id":"a","detector":"keywords","terms":["x"],
        "action":"mask","category":null,"builtin":null,"categories":null,"replacement":null,
        "kinds":null,"keepLast":null,"pattern":null}]}}"#;
    let plain =
        r#"{"input":{"rules":[{"id":"a","detector":"keywords","terms":["x"],"action":"mask"}]}}"#;
    assert_eq!(
        Policy::from_json(with_nulls).unwrap(),
        Policy::from_json(plain).unwrap()
    );
    // as JSON.parse reads it: the first value is never looked at
    let p = Policy::from_json(r#"{"maskChar":"ab","maskChar":"%"}"#).unwrap();
    assert_eq!(p.mask_char, '%');
}

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
fn the_longest_term_allowed_matches_whole_and_streamed() {
    // 255 x `㎏` is 510 skeleton letters (`kgkg...`), the most a term may have
    let term = "㎏".repeat(255);
    let json = format!(
        r#"{{"input":{{"rules":[{{"id":"a","detector":"keywords","terms":["{term}"],"action":"flag"}}]}}}}"#
    );
    let g = Guard::from_json(&json).unwrap();
    let text = format!("so {} then", "kg".repeat(255));
    let r = g.scan(&text, chatguard::Direction::Input);
    assert_eq!(r.findings.len(), 1);
    assert_eq!((r.findings[0].start, r.findings[0].end), (3, 513));
    let short = format!("so {} then", "kg".repeat(254));
    assert!(g
        .scan(&short, chatguard::Direction::Input)
        .findings
        .is_empty());
    // streamed a letter at a time, the whole term is held back and then found
    let mut s = g.stream(chatguard::Direction::Input);
    let mut found = Vec::new();
    for (i, c) in text.char_indices() {
        let out = s.push(&text[i..i + c.len_utf8()]).unwrap();
        found.extend(out.findings.iter().map(|f| (f.start, f.end)));
    }
    found.extend(
        s.finish()
            .unwrap()
            .findings
            .iter()
            .map(|f| (f.start, f.end)),
    );
    assert_eq!(found, vec![(3, 513)]);
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
    assert!(kw(&r) > 1 && r.findings.iter().all(|f| &*f.kind == "overlong"));
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

#[test]
fn too_many_terms_is_a_policy_error() {
    // built-in terms count too: the `en` list and 100,000 more are over the limit
    let terms: Vec<String> = (0..100_000).map(|i| format!("\"t{i}x\"")).collect();
    let json = format!(
        r#"{{"input":{{"rules":[{{"id":"en","detector":"keywords","builtin":"en","action":"mask"}},{{"id":"a","detector":"keywords","terms":[{}],"action":"mask"}}]}}}}"#,
        terms.join(",")
    );
    let e = Guard::from_json(&json).unwrap_err();
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::PolicyTooLarge, "input.rules[1]")
    );
    // the same terms alone are within it
    let json = format!(
        r#"{{"input":{{"rules":[{{"id":"a","detector":"keywords","terms":[{}],"action":"mask"}}]}}}}"#,
        terms.join(",")
    );
    assert!(Guard::from_json(&json).is_ok());
}

#[test]
fn pii_rule_errors_name_the_path() {
    let err = |json: &str| Guard::from_json(json).unwrap_err();
    let e = err(
        r#"{"input":{"rules":[{"id":"a","detector":"regex","pattern":"(unclosed","action":"mask"}]}}"#,
    );
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::PolicyInvalidValue, "input.rules[0].pattern")
    );
    let big = format!(
        r#"{{"input":{{"rules":[{{"id":"a","detector":"regex","pattern":"{}","action":"mask"}}]}}}}"#,
        "a".repeat(2000)
    );
    assert_eq!(err(&big).code(), ErrorCode::PolicyTooLarge);
    // a pattern that compiles into too large a program
    let huge = r#"{"input":{"rules":[{"id":"a","detector":"regex","pattern":"(?:a{500}){500}","action":"mask"}]}}"#;
    assert_eq!(err(huge).path(), "input.rules[0].pattern");
    let e = err(
        r#"{"input":{"rules":[{"id":"a","detector":"regex","pattern":"x*","action":"mask"}]}}"#,
    );
    assert_eq!(e.path(), "input.rules[0].pattern");
    let e = err(
        r#"{"output":{"rules":[{"id":"a","detector":"pii","kinds":["email","passport"],"action":"mask"}]}}"#,
    );
    assert_eq!(
        (e.code(), e.path()),
        (ErrorCode::PolicyInvalidValue, "output.rules[0].kinds[1]")
    );
    let e = err(
        r#"{"input":{"rules":[{"id":"a","detector":"secrets","kinds":["email"],"action":"mask"}]}}"#,
    );
    assert_eq!(e.path(), "input.rules[0].kinds[0]");
    let e = err(r#"{"input":{"rules":[{"id":"a","detector":"placeholders","action":"restore"}]}}"#);
    assert_eq!(e.path(), "input.rules[0].detector");
    let e = err(r#"{"input":{"rules":[{"id":"a","detector":"pii","action":"restore"}]}}"#);
    assert_eq!(e.path(), "input.rules[0].action");
    let e =
        err(r#"{"input":{"rules":[{"id":"a","detector":"pii","terms":["x"],"action":"mask"}]}}"#);
    assert_eq!(e.path(), "input.rules[0].terms");
    let e =
        err(r#"{"input":{"rules":[{"id":"a","detector":"pii","action":"mask","keepLast":100}]}}"#);
    assert_eq!(e.path(), "input.rules[0].keepLast");
}

#[test]
fn near_misses_are_not_flagged_and_stay_linear() {
    let g = Guard::default();
    // 16-digit numbers failing Luhn, IBAN-shaped strings failing mod-97
    let text = "4111 1111 1111 1112 GB82 WEST 1234 5698 7654 33 ".repeat(2000);
    let r = g.scan(&text, chatguard::Direction::Input);
    assert!(r.findings.iter().all(|f| f.detector != "pii"));
    assert_eq!(r.text, text);
    // pathological inputs: a token held past the cap fails closed (masked in `overlong`
    // cuts); the tail shorter than the cap is decided at the end and released
    for s in [
        "@".repeat(100_000),
        "1".repeat(100_000),
        "a.".repeat(50_000),
    ] {
        let r = g.scan(&s, chatguard::Direction::Output);
        assert_eq!(r.text.chars().count(), s.chars().count());
        assert!(r.text.starts_with("****") && r.findings.iter().any(|f| &*f.kind == "overlong"));
    }
}

#[test]
fn restore_accepts_mangled_placeholders_and_leaves_unknown_ones() {
    let g = Guard::default();
    let sent = g.scan(
        "I'm jane@corp.example.com, card 4111 1111 1111 1111",
        chatguard::Direction::Input,
    );
    assert_eq!(sent.text, "I'm [EMAIL_1], card [CARD_1]");
    assert_eq!(
        g.restore("Thanks [EMAIL_1], I've noted it."),
        "Thanks jane@corp.example.com, I've noted it."
    );
    let back = g.scan(
        "Thanks [email_1] / EMAIL 1 / {CARD_1} / [CARD_7]",
        chatguard::Direction::Output,
    );
    assert_eq!(
        back.text,
        "Thanks jane@corp.example.com / jane@corp.example.com / 4111 1111 1111 1111 / [CARD_7]"
    );
    // the vault never shows up in findings
    assert!(back
        .findings
        .iter()
        .all(|f| f.replacement.is_none() && f.value.is_none()));
    // another conversation does not know these placeholders
    let other = Guard::with_compiled(g.compiled().clone());
    assert_eq!(
        other.scan("[EMAIL_1]", chatguard::Direction::Output).text,
        "[EMAIL_1]"
    );
}

/// A policy using every field, with strings that need escaping.
const RICH_POLICY: &str = r##"{
  "name": "q\"b\\s/\n\t\u0001é😀",
  "maskChar": "#",
  "includeMatchedText": true,
  "maxHoldBytes": 300,
  "sentiment": { "enabled": true, "directions": ["output"], "turnDelta": 1, "baselineDelta": 0.25,
                 "alpha": 0.5, "floor": -0.9, "sentenceDelta": 1.75, "minChars": 3, "action": "block" },
  "input": { "rules": [
    { "id": "k", "detector": "keywords", "category": "brand", "terms": ["acme", "foo bar"],
      "match": "substring", "action": "replace", "replacement": "[b]", "allow": ["acmeology"],
      "enabled": false },
    { "id": "b", "detector": "keywords", "builtin": "en", "categories": ["slur"], "action": "block" },
    { "id": "p", "detector": "pii", "kinds": ["credit_card", "email"], "action": "mask", "keepLast": 4 },
    { "id": "r", "detector": "regex", "pattern": "ord-\\d{6}", "action": "placeholder", "category": "order" }
  ] },
  "output": { "rules": [ { "id": "restore", "detector": "placeholders", "action": "restore" } ] }
}"##;

/// The canonical form (the fingerprint's input) is part of the contract: the same policy
/// must give the same fingerprint in every release, so a server can compare it with the
/// one a page reports. These strings were written by the first implementation (serde).
#[test]
fn canonical_form_is_stable() {
    let rich = Policy::from_json(RICH_POLICY).unwrap();
    assert_eq!(
        rich.canonical_json(),
        r###"{"name":"q\"b\\s/\n\t\u0001é😀","maskChar":"#","includeMatchedText":true,"input":{"rules":[{"id":"k","detector":"keywords","category":"brand","terms":["acme","foo bar"],"match":"substring","action":"replace","replacement":"[b]","allow":["acmeology"],"enabled":false},{"id":"b","detector":"keywords","builtin":"en","categories":["slur"],"match":"word","action":"block","enabled":true},{"id":"p","detector":"pii","match":"word","action":"mask","kinds":["credit_card","email"],"keepLast":4,"enabled":true},{"id":"r","detector":"regex","category":"order","match":"word","action":"placeholder","pattern":"ord-\\d{6}","enabled":true}]},"output":{"rules":[{"id":"restore","detector":"placeholders","match":"word","action":"restore","enabled":true}]},"sentiment":{"enabled":true,"directions":["output"],"turnDelta":1.0,"baselineDelta":0.25,"alpha":0.5,"floor":-0.9,"sentenceDelta":1.75,"minChars":3,"action":"block"},"maxHoldBytes":300}"###
    );
    let default = Policy::from_json(chatguard::policy::DEFAULT_POLICY_JSON).unwrap();
    assert_eq!(
        default.canonical_json(),
        r#"{"name":"chatguard-default","maskChar":"*","includeMatchedText":false,"input":{"rules":[{"id":"slurs","detector":"keywords","builtin":"en","categories":["slur"],"match":"word","action":"block","enabled":true},{"id":"profanity","detector":"keywords","builtin":"en","categories":["profanity","insult","sexual"],"match":"word","action":"mask","enabled":true},{"id":"personal-data","detector":"pii","match":"word","action":"placeholder","enabled":true},{"id":"private-keys","detector":"secrets","match":"word","action":"block","kinds":["private_key"],"enabled":true},{"id":"secrets","detector":"secrets","match":"word","action":"mask","enabled":true}]},"output":{"rules":[{"id":"restore","detector":"placeholders","match":"word","action":"restore","enabled":true},{"id":"profanity","detector":"keywords","builtin":"en","match":"word","action":"mask","enabled":true},{"id":"personal-data","detector":"pii","match":"word","action":"mask","enabled":true},{"id":"secrets","detector":"secrets","match":"word","action":"mask","enabled":true}]},"sentiment":{"enabled":true,"directions":["input","output"],"turnDelta":0.9,"baselineDelta":0.8,"alpha":0.3,"floor":-0.75,"sentenceDelta":1.0,"minChars":12,"action":"flag"},"maxHoldBytes":4096}"#
    );
    // the canonical form reads back as the same policy
    for p in [rich, default] {
        assert_eq!(Policy::from_json(&p.canonical_json()).unwrap(), p);
    }
    assert_eq!(
        Guard::default().fingerprint(),
        "cg1-54bf054d0f2da8ec563d4c924bf7ec81"
    );
}
