//! Property tests: for random texts built from a vocabulary of matches, near-matches and
//! evasions, and random cuts, the stream releases exactly the one-shot scan's text with
//! the same findings. A failing case is shrunk and printed by proptest.

use chatguard::{Direction, Guard};
use proptest::prelude::*;

const VOCAB: &[&str] = &[
    "shit",
    "sh1t",
    "s h i t",
    "s.h.i.t",
    "shiiit",
    "ѕhit",
    "ｓｈｉｔ",
    "shi\u{200b}t",
    "shít",
    "fuck",
    "fucking",
    "motherfucker",
    "f.u.c.k",
    "fuuuck",
    "f u c k i n g",
    "ass",
    "as",
    "a55",
    "@ss",
    "class",
    "classic",
    "assassin",
    "Scunthorpe",
    "cocktail",
    "bass",
    "passage",
    "it's",
    "hit",
    "son",
    "of",
    "a",
    "bitch",
    "idiot",
    "1d10t",
    "hell",
    "he11",
    "shiitake",
    "bad",
    "word",
    "😀",
    "👍🏽",
    "👨‍👩‍👧",
    "é",
    "\u{301}",
    "中文",
    " ",
    "  ",
    "\n",
    ".",
    "!",
    "?",
    "-",
    "'",
    "$",
    "|",
    "*",
    "**",
    "f*ck",
    "sh*t",
    "a**hole",
    "sh*take",
    "I love this",
    "you are awful",
    "great",
    "terrible",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB), 0..40).prop_map(|ws| {
        let mut s = String::new();
        for (i, w) in ws.iter().enumerate() {
            if i > 0 && i % 3 != 0 {
                s.push(' ');
            }
            s.push_str(w);
        }
        s
    })
}

fn policy() -> String {
    r#"{
      "input": { "rules": [
        { "id": "builtin", "detector": "keywords", "builtin": "en", "action": "mask" },
        { "id": "words", "detector": "keywords", "category": "banned", "terms": ["hell", "bad word", "son of a"], "action": "replace", "replacement": "[X]" },
        { "id": "sub", "detector": "keywords", "category": "sub", "terms": ["as"], "match": "substring", "action": "flag", "allow": ["class"] },
        { "id": "ph", "detector": "keywords", "category": "codename", "terms": ["idiot"], "action": "placeholder" }
      ] }
    }"#
    .to_string()
}

/// Streams `text` cut at `cuts` (indexes into its character boundaries) on guard `g`:
/// (released text, findings sorted by span, verdict).
fn stream_cut(
    g: &Guard,
    text: &str,
    cuts: &[prop::sample::Index],
    d: Direction,
) -> (String, Vec<chatguard::Finding>, chatguard::Verdict) {
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let mut at: Vec<usize> = cuts
        .iter()
        .map(|ix| bounds[ix.index(bounds.len())])
        .collect();
    at.sort_unstable();
    at.dedup();
    let mut s = g.stream(d);
    let (mut got, mut findings, mut prev) = (String::new(), Vec::new(), 0);
    for &c in at.iter().chain(std::iter::once(&text.len())) {
        let r = s.push(&text[prev..c]).unwrap();
        got += &r.text;
        findings.extend(r.findings);
        prev = c;
    }
    let r = s.finish().unwrap();
    got += &r.text;
    findings.extend(r.findings);
    findings.sort_by_key(|f| (f.start, f.end));
    (got, findings, s.verdict())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn stream_equals_one_shot(text in text_strategy(), cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12)) {
        let compiled = std::sync::Arc::new(chatguard::CompiledPolicy::from_json(&policy()).unwrap());
        let want = Guard::with_compiled(compiled.clone()).scan(&text, Direction::Input);
        let (got, findings, verdict) = stream_cut(&Guard::with_compiled(compiled), &text, &cuts, Direction::Input);
        prop_assert_eq!(&got, &want.text);
        prop_assert_eq!(&findings, &want.findings);
        prop_assert_eq!(verdict, want.verdict);
        // nothing masked leaks: no finding's original text survives in the output unless flagged
        for f in &want.findings {
            if f.action != chatguard::Action::Flag && f.detector == "keywords" {
                prop_assert_ne!(&want.text[f.out_start..f.out_end], &text[f.start..f.end]);
            }
        }
    }
}

/// Characters from the ranges the normaliser treats specially, plus anything at all.
fn wild_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::char::range('a', 'z'),
        1 => prop::sample::select(vec![' ', '.', '-', '!', '@', '$', '1', '3', '0', '|', '\'', '\n', '*']),
        1 => prop::sample::select(vec!['\u{200b}', '\u{200d}', '\u{00ad}', '\u{feff}', '\u{301}', '\u{fe0f}', '\u{1f3fd}']),
        1 => prop::sample::select(vec!['ѕ', 'а', 'υ', 'ｓ', '𝐬', '🄰', 'ß', 'ﬁ', 'İ', 'é', '中', '😀', '🇫', '🇷', '👨', '➀']),
        1 => any::<char>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode_streams_like_one_shot(chars in prop::collection::vec(wild_char(), 0..80), cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..10)) {
        let text: String = chars.into_iter().collect();
        let want = Guard::default().scan(&text, Direction::Output);
        let (got, findings, _) = stream_cut(&Guard::default(), &text, &cuts, Direction::Output);
        prop_assert_eq!(&got, &want.text);
        prop_assert_eq!(&findings, &want.findings);
        for f in &want.findings {
            prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end) && f.start <= f.end);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// A small hold-back cap with long runs in the text: the fail-closed cuts land at the
    /// same places whatever the chunking.
    #[test]
    fn hold_cap_cuts_like_one_shot(parts in prop::collection::vec(prop::sample::select(vec![
        "f", "u", "ck", " ", "shit", "x", "ab12", "\u{200b}", "\u{301}", "😀", "ass", "s h i t",
    ]), 0..60), reps in prop::collection::vec(1usize..120, 60), cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..10)) {
        let mut text = String::new();
        for (p, r) in parts.iter().zip(reps.iter()) {
            let n = if p.len() <= 4 { *r } else { 1 };
            text.push_str(&p.repeat(n));
        }
        let json = r#"{"maxHoldBytes":256,"output":{"rules":[{"id":"b","detector":"keywords","builtin":"en","action":"mask"}]}}"#;
        let compiled = std::sync::Arc::new(chatguard::CompiledPolicy::from_json(json).unwrap());
        let want = Guard::with_compiled(compiled.clone()).scan(&text, Direction::Output);
        let (got, findings, _) = stream_cut(&Guard::with_compiled(compiled), &text, &cuts, Direction::Output);
        prop_assert_eq!(&got, &want.text);
        prop_assert_eq!(&findings, &want.findings);
    }
}

/// Personal data, secrets, placeholders and their near misses, in pieces that the random
/// joins glue into new shapes (a card split by a space, an email run into a word).
const PII_VOCAB: &[&str] = &[
    "jane@corp.example.com",
    "a@b.io",
    "@",
    "a@",
    ".com",
    "4111 1111 1111 1111",
    "4111111111111112",
    "4111",
    "1111",
    "-",
    "+44 20 7946 0958",
    "(555) 123-4567",
    "call",
    "order",
    "GB82 WEST 1234 5698 7654 32",
    "GB82WEST12345698765433",
    "078-05-1120",
    "QQ 12 34 56 C",
    "192.168.0.1",
    "v1.2.3.4",
    "2001:db8::1",
    "00:1A:2B:3C:4D:5E",
    "https://example.com/a?b=c",
    "AKIAIOSFODNN7EXAMPLE",
    "ghp_",
    "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    "sk-ant-",
    "password",
    "=",
    "\"",
    // typed declarations and other assignment shapes (`var apiToken string = ...`)
    "apiToken",
    "string",
    "&str",
    ":",
    ".=",
    "+=",
    "$secret",
    // an XML element and a call's arguments (`<apiToken>...`, `setenv("api_key", "...")`)
    "<apiToken>",
    "</apiToken>",
    "<",
    ">",
    "\n    ",
    "setenv(\"api_key\",",
    "(",
    ",",
    // an authorization header, a URL's query and user information, curl's -u
    "Authorization:",
    "Bearer",
    "?token=",
    "&",
    "https://",
    "ops:",
    "-u",
    "--user",
    // prose: `my password is hunter2`
    "is",
    "hunter2x",
    "hunter2",
    "q8Zr3vK9pX2mL7wT",
    "-----BEGIN PRIVATE KEY-----",
    "-----END PRIVATE KEY-----",
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
    "[EMAIL_1]",
    "EMAIL_1",
    "[EMAIL_2]",
    "email 1",
    "[",
    "]",
    "_",
    "1",
    "12",
    "idiot",
    "f.u.c.k",
    "qq",
    "we",
    "id",
    "no",
    "My",
    "12 34 56 c",
    "phone",
    "Version",
    "token",
    "apiKey:",
    "secret",
    "=>",
    "\u{a0}",
    ":",
    "\"we\"",
    "the",
    "passage.",
    "why?",
    "😀",
    "é",
    " ",
    "\n",
    ".",
    ",",
];

const PII_POLICY: &str = r#"{
  "maxHoldBytes": 512,
  "input": { "rules": [
    { "id": "cards", "detector": "pii", "kinds": ["credit_card"], "action": "mask", "keepLast": 4 },
    { "id": "pii", "detector": "pii", "action": "placeholder" },
    { "id": "keys", "detector": "secrets", "kinds": ["private_key"], "action": "block" },
    { "id": "secrets", "detector": "secrets", "action": "redact" },
    { "id": "kw", "detector": "keywords", "builtin": "en", "action": "mask" }
  ] },
  "output": { "rules": [
    { "id": "restore", "detector": "placeholders", "action": "restore" },
    { "id": "pii", "detector": "pii", "action": "placeholder" },
    { "id": "secrets", "detector": "secrets", "action": "mask" }
  ] }
}"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// PII, secrets and placeholders, both directions: the stream equals the one-shot scan
    /// (after the same earlier turn, so the vaults agree), and no masked value survives.
    #[test]
    fn pii_streams_like_one_shot(
        parts in prop::collection::vec((prop::sample::select(PII_VOCAB), 0u8..4), 0..30),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        output in any::<bool>(),
    ) {
        let mut text = String::new();
        for (p, sep) in &parts {
            text.push_str(p);
            text.push_str(["", " ", " ", "\n"][usize::from(*sep)]);
        }
        let d = if output { Direction::Output } else { Direction::Input };
        let compiled = std::sync::Arc::new(chatguard::CompiledPolicy::from_json(PII_POLICY).unwrap());
        let (one, two) = (Guard::with_compiled(compiled.clone()), Guard::with_compiled(compiled));
        for g in [&one, &two] {
            g.scan("I'm jane@corp.example.com, call +44 20 7946 0958", Direction::Input);
        }
        let want = one.scan(&text, d);
        let (got, findings, verdict) = stream_cut(&two, &text, &cuts, d);
        prop_assert_eq!(&got, &want.text);
        prop_assert_eq!(&findings, &want.findings);
        prop_assert_eq!(verdict, want.verdict);
        for f in &want.findings {
            let raw = &text[f.start..f.end];
            if !matches!(f.action, chatguard::Action::Flag | chatguard::Action::Restore) {
                prop_assert_ne!(&want.text[f.out_start..f.out_end], raw);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// A conversation of messages scanned with one reused scratch gives, turn by turn,
    /// what fresh scans give on a twin conversation: nothing of one message (held text,
    /// open matches, sentence state, verdict) carries into the next, both directions.
    #[test]
    fn reused_scratch_scans_like_fresh(
        turns in prop::collection::vec((
            prop::collection::vec((prop::sample::select(PII_VOCAB), prop::sample::select(VOCAB)), 0..8),
            any::<bool>(),
        ), 1..6),
        default_policy in any::<bool>(),
    ) {
        let compiled = std::sync::Arc::new(if default_policy {
            chatguard::CompiledPolicy::new(chatguard::Policy::default()).unwrap()
        } else {
            chatguard::CompiledPolicy::from_json(PII_POLICY).unwrap()
        });
        let (reused, fresh) = (Guard::with_compiled(compiled.clone()), Guard::with_compiled(compiled));
        let mut scratch = chatguard::ScanScratch::default();
        for (parts, output) in &turns {
            let text: String = parts.iter().map(|(p, w)| format!("{p} {w}. ")).collect();
            let d = if *output { Direction::Output } else { Direction::Input };
            let got = reused.scan_with(&mut scratch, &text, d);
            let want = fresh.scan(&text, d);
            prop_assert_eq!(&got.text, &want.text);
            prop_assert_eq!(&got.findings, &want.findings);
            prop_assert_eq!(got.verdict, want.verdict);
            // scores, sentences and shifts
            prop_assert_eq!(got.sentiment, want.sentiment);
        }
    }
}
