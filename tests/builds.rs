//! What each build does with what it may leave out. The full build (default features) and
//! the keywords-only build (`cargo test --no-default-features --test builds`, what
//! `pkg/keywords` ships) each assert their own behaviour, so a gate that leaks either way
//! fails in one of the two runs.

use chatguard::{CompiledPolicy, Direction, ErrorCode, Guard, Policy};

/// The policy's error code and path, or `None` when it compiles.
fn refusal(json: &str) -> Option<(ErrorCode, String)> {
    CompiledPolicy::from_json(json)
        .err()
        .map(|e| (e.code(), e.path().to_string()))
}

#[test]
fn pii_secrets_and_regex_rules_need_the_pii_feature() {
    for (detector, extra) in [
        ("pii", ""),
        ("secrets", ""),
        ("regex", r#", "pattern": "ab+c""#),
    ] {
        let json = format!(
            r#"{{"input":{{"rules":[
                {{"id":"k","detector":"keywords","terms":["x"],"action":"mask"}},
                {{"id":"p","detector":"{detector}","action":"mask"{extra}}}]}}}}"#
        );
        let got = refusal(&json);
        if chatguard::HAS_PII {
            assert_eq!(got, None, "{detector}");
        } else {
            let want = (
                ErrorCode::Unsupported,
                "input.rules[1].detector".to_string(),
            );
            assert_eq!(got, Some(want), "{detector}");
        }
    }
}

#[test]
fn sentiment_needs_the_sentiment_feature() {
    let on = refusal(r#"{"sentiment":{"enabled":true}}"#);
    let off = refusal(r#"{"sentiment":{"enabled":false}}"#);
    assert_eq!(off, None);
    // left out, sentiment is off by default rather than refused
    let unset = Policy::from_json("{}").unwrap();
    assert_eq!(unset.sentiment.enabled, chatguard::HAS_SENTIMENT);
    let r = Guard::from_json(r#"{"input":{"rules":[]}}"#)
        .unwrap()
        .scan("I love this. I hate this, it is awful!", Direction::Input);
    if chatguard::HAS_SENTIMENT {
        assert_eq!(on, None);
        assert!(r.sentiment.is_some());
    } else {
        let want = (ErrorCode::Unsupported, "sentiment.enabled".to_string());
        assert_eq!(on, Some(want));
        assert!(r.sentiment.is_none());
        assert!(r.findings.is_empty());
    }
}

#[test]
fn the_default_policy_is_the_builds_own() {
    let p = Policy::default();
    let has = |d: &str| {
        [&p.input, &p.output]
            .iter()
            .flat_map(|x| &x.rules)
            .any(|r| r.detector.as_str() == d)
    };
    assert!(has("keywords") && has("placeholders"));
    assert_eq!(has("pii") && has("secrets"), chatguard::HAS_PII);
    assert_eq!(p.sentiment.enabled, chatguard::HAS_SENTIMENT);
    let g = Guard::default();
    let r = g.scan("what a sh1t day, mail jane@corp.com", Direction::Input);
    assert!(r.text.starts_with("what a **** day"), "{}", r.text);
    assert_eq!(r.text.contains("jane@corp.com"), !chatguard::HAS_PII);
}

#[test]
fn placeholders_escape_and_restore_in_every_build() {
    // a keywords placeholder, a typed look-alike that must not be restored, and restoring
    let g = Guard::from_json(
        r#"{"input":{"rules":[{"id":"p","detector":"keywords","category":"project","terms":["bluebird"],"action":"placeholder"}]},
            "output":{"rules":[{"id":"r","detector":"placeholders","action":"restore"}]}}"#,
    )
    .unwrap();
    let sent = g.scan("ship Bluebird, not [PROJECT_2]", Direction::Input);
    assert!(
        sent.text.starts_with("ship [PROJECT_1], not "),
        "{}",
        sent.text
    );
    assert_ne!(sent.text, "ship [PROJECT_1], not [PROJECT_2]");
    assert_eq!(
        g.restore("ok [PROJECT_1] and PROJECT 1"),
        "ok Bluebird and Bluebird"
    );
    let r = g.scan("Shipping [PROJECT_1] now", Direction::Output);
    assert_eq!(r.text, "Shipping Bluebird now");
}

#[test]
fn placeholders_with_any_label_restore() {
    // a category of one letter, one that starts with a digit, and a rule id as the label
    for (rule, want) in [
        (r#""category":"c","#, "[VALUE_C_1]"),
        (r#""category":"1st","#, "[VALUE_1ST_1]"),
        (r#""category":"x-ray","#, "[X_RAY_1]"),
        ("", "[PROJ_1]"),
    ] {
        let id = if rule.is_empty() { "proj" } else { "rule" };
        let g = Guard::from_json(&format!(
            r#"{{"input":{{"rules":[{{"id":"{id}","detector":"keywords",{rule}"terms":["bluebird"],"action":"placeholder"}}]}},
                "output":{{"rules":[{{"id":"r","detector":"placeholders","action":"restore"}}]}}}}"#
        ))
        .unwrap();
        let sent = g.scan("ship Bluebird", Direction::Input).text;
        assert_eq!(sent, format!("ship {want}"));
        assert_eq!(g.restore(&format!("ok {want}")), "ok Bluebird", "{want}");
    }
}
