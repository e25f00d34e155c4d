//! Sentiment: the scorer against the reference's output on our own sentences
//! (tests/data/sentiment.json), odd inputs, and shift detection across turns and inside
//! one text.

use chatguard::sentiment::polarity_scores;
use chatguard::{Direction, Guard};
use serde_json::Value;

#[test]
fn scorer_matches_reference_on_every_case() {
    let t: Value = serde_json::from_str(include_str!("data/sentiment.json")).unwrap();
    let mut names = std::collections::HashSet::new();
    let mut failures = Vec::new();
    for c in t["cases"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        assert!(names.insert(name), "case name {name} is used twice");
        let s = polarity_scores(c["text"].as_str().unwrap());
        let e = &c["expected"];
        let want = (
            e["compound"].as_f64().unwrap(),
            e["pos"].as_f64().unwrap(),
            e["neu"].as_f64().unwrap(),
            e["neg"].as_f64().unwrap(),
        );
        if (s.compound, s.pos, s.neu, s.neg) != want {
            failures.push(format!("{name}: got {s:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn odd_inputs_score_without_nan() {
    let long_token = "a".repeat(1 << 20);
    let inputs = [
        "",
        "😀😀😀",
        "!!!???...",
        "\u{200b}\u{200b}",
        &long_token,
        "Отлично 很好 ممتاز",
        "\u{1c}good\u{1f}",
    ];
    for text in inputs {
        let s = polarity_scores(text);
        for v in [s.compound, s.pos, s.neu, s.neg] {
            assert!(
                v.is_finite() && (-1.0..=1.0).contains(&v),
                "{text:?}: {s:?}"
            );
        }
    }
    assert_eq!(polarity_scores("").neu, 0.0);
    // "but" rescales every value: linear-ish on a long text, not quadratic
    let long_but = "good but bad and great ".repeat(100_000);
    assert!(polarity_scores(&long_but).compound.is_finite());
    // Python splits on \x1c-\x1f too: two words, one of them positive
    assert!(polarity_scores("\u{1c}good\u{1f}ok").compound > 0.0);
}

fn shifts(g: &Guard, text: &str, d: Direction) -> Vec<String> {
    g.scan(text, d)
        .findings
        .into_iter()
        .filter(|f| &*f.kind == "sentiment_shift")
        .map(|f| f.rule.to_string())
        .collect()
}

#[test]
fn a_turn_that_swings_is_flagged() {
    let g = Guard::default();
    assert!(shifts(
        &g,
        "Thanks so much, this is really helpful!",
        Direction::Input
    )
    .is_empty());
    assert!(shifts(&g, "Great, that works nicely for me.", Direction::Input).is_empty());
    assert_eq!(
        shifts(
            &g,
            "Actually this is terrible and I am furious about it.",
            Direction::Input
        ),
        ["sentiment.turn"]
    );
}

#[test]
fn steady_mild_conversations_do_not_trigger() {
    let g = Guard::default();
    for t in [
        "This is a bit bad.",
        "Still a bit bad, sadly.",
        "Bad again, oh well.",
        "Meh, still bad.",
    ] {
        assert!(shifts(&g, t, Direction::Input).is_empty(), "{t}");
    }
}

#[test]
fn the_floor_flags_a_hostile_first_turn() {
    let g = Guard::default();
    assert_eq!(
        shifts(
            &g,
            "You are a useless, stupid idiot and I hate this.",
            Direction::Input
        ),
        ["sentiment.floor"]
    );
}

#[test]
fn a_reply_that_turns_halfway_is_flagged_at_the_sentence() {
    let g = Guard::default();
    let text =
        "Happy to help, this is a great question! Honestly you are a pathetic, stupid idiot.";
    let r = g.scan(text, Direction::Output);
    let f: Vec<_> = r
        .findings
        .iter()
        .filter(|f| &*f.rule == "sentiment.sentence")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(
        &text[f[0].start..f[0].end],
        "Honestly you are a pathetic, stupid idiot."
    );
    assert!(f[0].score.unwrap() < -1.0);
    let s = r.sentiment.unwrap();
    assert_eq!(s.sentences.len(), 2);
    assert!(s.sentences[0].compound > 0.5 && s.sentences[1].compound < -0.5);
}

#[test]
fn directions_have_their_own_history_and_short_texts_never_trigger() {
    let g = Guard::default();
    assert!(shifts(
        &g,
        "I love this product, it is wonderful!",
        Direction::Input
    )
    .is_empty());
    // the reply's history is separate: a first negative reply is compared with nothing
    assert!(shifts(
        &g,
        "That is a sad and unfortunate situation.",
        Direction::Output
    )
    .is_empty());
    assert!(shifts(&g, "I hate it!!", Direction::Input).is_empty()); // 11 characters < minChars
}

#[test]
fn shift_action_block_and_settings_are_policy() {
    let g =
        Guard::from_json(r#"{"sentiment":{"action":"block","floor":-0.3,"directions":["input"]}}"#)
            .unwrap();
    let r = g.scan("This is a bad and sad outcome.", Direction::Input);
    assert_eq!(r.verdict, chatguard::Verdict::Block);
    let r = g.scan("This is a bad and sad outcome.", Direction::Output);
    assert!(r.findings.is_empty(), "output is not checked");
    for (json, path) in [
        (r#"{"sentiment":{"alpha":0}}"#, "sentiment.alpha"),
        (r#"{"sentiment":{"turnDelta":3}}"#, "sentiment.turnDelta"),
        (
            r#"{"sentiment":{"directions":["sideways"]}}"#,
            "sentiment.directions[0]",
        ),
        (r#"{"sentiment":{"action":"mask"}}"#, "sentiment.action"),
        (r#"{"sentiment":{"threshold":1}}"#, "sentiment.threshold"),
    ] {
        assert_eq!(Guard::from_json(json).unwrap_err().path(), path, "{json}");
    }
}

#[test]
fn streams_report_the_same_sentiment_as_scans() {
    let text =
        "Happy to help, this is a great question! Honestly you are a pathetic, stupid idiot.";
    let a = Guard::default().scan(text, Direction::Output);
    let g = Guard::default();
    let mut s = g.stream(Direction::Output);
    let mut findings = Vec::new();
    for piece in text.as_bytes().chunks(7) {
        findings.extend(
            s.push(std::str::from_utf8(piece).unwrap())
                .unwrap()
                .findings,
        );
    }
    let end = s.finish().unwrap();
    findings.extend(end.findings);
    findings.sort_by_key(|f| (f.start, f.end));
    assert_eq!(findings, a.findings);
    assert_eq!(end.sentiment, a.sentiment);
}

#[test]
fn a_streamed_sentence_shift_arrives_before_finish() {
    let g = Guard::default();
    let mut s = g.stream(Direction::Output);
    let mut early = Vec::new();
    for piece in [
        "Happy to help, this is a great question! ",
        "Honestly you are a pathetic, stupid idiot. ",
        "Anyway, here is more text that follows.",
    ] {
        early.extend(
            s.push(piece)
                .unwrap()
                .findings
                .into_iter()
                .filter(|f| &*f.rule == "sentiment.sentence"),
        );
    }
    assert_eq!(early.len(), 1, "reported as soon as the sentence completed");
    let end = s.finish().unwrap();
    assert!(
        end.findings
            .iter()
            .all(|f| &*f.rule != "sentiment.sentence"),
        "not reported twice"
    );
    assert_eq!(end.sentiment.unwrap().sentences.len(), 3);
}

/// Words and separators that exercise every rule across sentence boundaries: negations
/// and boosters just before a boundary, "but", capitals, `!`/`?`, emoji, line breaks and
/// `。` glued to the next sentence.
const TURN_VOCAB: &[&str] = &[
    "good", "GREAT", "not", "very", "but", "BUT", "kind", "of", "no", "never", "so", "least", "at",
    "terrible", "the", "shit", "bomb", "love", "hate", "isn't", "😀", "💔", "好", ".", "!", "?",
    "!!!", "...", "。", "\n", " ", " ", " ", "\u{a0}",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 400, ..Default::default() })]

    /// A turn's score is VADER over the whole text, computed from its sentences' tokens
    /// (or afresh when sentences are glued): the same as scoring the text alone, one shot
    /// or streamed in pieces.
    #[test]
    fn turn_score_equals_scoring_the_whole_text(
        parts in proptest::collection::vec(proptest::sample::select(TURN_VOCAB), 0..40),
        cut in 1usize..9,
    ) {
        let text: String = parts.iter().enumerate().map(|(i, p)| {
            // words get a space after them, marks stay glued
            if p.chars().all(char::is_alphanumeric) && i + 1 < parts.len() { format!("{p} ") } else { p.to_string() }
        }).collect();
        let want = polarity_scores(&text);
        let g = Guard::default();
        let got = g.scan(&text, Direction::Output).sentiment.expect("sentiment on").scores;
        proptest::prop_assert_eq!(got, want);
        // streamed: the tracker sees the text grow
        let mut s = g.stream(Direction::Output);
        let chars: Vec<char> = text.chars().collect();
        for piece in chars.chunks(cut) {
            s.push(&piece.iter().collect::<String>()).unwrap();
        }
        let end = s.finish().unwrap();
        proptest::prop_assert_eq!(end.sentiment.expect("sentiment on").scores, want);
    }
}
