//! Arbitrary bytes -> (policy, direction, chunk sizes, text). The stream, cut at those
//! sizes, must release exactly what the one-shot scan returns, with the same findings and
//! verdict, and no finding's raw text may survive in the output unless it was only flagged
//! or restored; a guard that scans with one reused [`chatguard::ScanScratch`] gives the
//! fresh scans' results turn after turn; `restore` and `sentiment` take the same text.
//! Any panic is a crash.
//!
//! Input layout: byte 0 picks the policy and direction, bytes 1..9 seed the chunk sizes,
//! the rest is the text (lossy UTF-8, so every input is a text).
#![no_main]

use chatguard::{Action, CompiledPolicy, Direction, Guard};
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

/// A second policy that turns on what the default leaves off: substring keywords with an
/// allow list, redact and keepLast, a user regex, a small hold-back cap.
const WIDE: &str = r#"{
  "maxHoldBytes": 256,
  "input": { "rules": [
    { "id": "kw", "detector": "keywords", "builtin": "en", "action": "mask" },
    { "id": "sub", "detector": "keywords", "category": "sub", "terms": ["as", "bad word"], "match": "substring", "action": "flag", "allow": ["class"] },
    { "id": "cards", "detector": "pii", "kinds": ["credit_card"], "action": "mask", "keepLast": 4 },
    { "id": "pii", "detector": "pii", "action": "redact" },
    { "id": "keys", "detector": "secrets", "action": "placeholder" },
    { "id": "emp", "detector": "regex", "category": "employee_id", "pattern": "EMP-[0-9]{3,5}", "action": "replace", "replacement": "[EMP]" }
  ] },
  "output": { "rules": [
    { "id": "restore", "detector": "placeholders", "action": "restore" },
    { "id": "pii", "detector": "pii", "action": "placeholder" },
    { "id": "keys", "detector": "secrets", "action": "block" }
  ] }
}"#;

fn policies() -> &'static [Arc<CompiledPolicy>; 2] {
    static P: OnceLock<[Arc<CompiledPolicy>; 2]> = OnceLock::new();
    P.get_or_init(|| {
        [
            chatguard::guard::default_compiled(),
            Arc::new(CompiledPolicy::from_json(WIDE).expect("fuzz policy compiles")),
        ]
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 9 {
        return;
    }
    let compiled = &policies()[usize::from(data[0] & 1)];
    let dir = if data[0] & 2 == 0 {
        Direction::Input
    } else {
        Direction::Output
    };
    let seeds = &data[1..9];
    let text = String::from_utf8_lossy(&data[9..]);
    let text: &str = &text;

    // Restore needs placeholders issued earlier in the conversation: both guards first
    // screen the same input turn, so their vaults agree.
    // A third guard scans with one reused scratch (as the wasm binding does): every turn
    // must equal the fresh scans of the first.
    let (one, two, three) = (
        Guard::with_compiled(compiled.clone()),
        Guard::with_compiled(compiled.clone()),
        Guard::with_compiled(compiled.clone()),
    );
    let mut scratch = chatguard::ScanScratch::default();
    if dir == Direction::Output {
        let turn = "mail me at jane@corp.example.com or call +44 20 7946 0958";
        one.scan(turn, Direction::Input);
        two.scan(turn, Direction::Input);
        three.scan_with(&mut scratch, turn, Direction::Input);
    }
    let want = one.scan(text, dir);
    for round in 0..2 {
        let reused = three.scan_with(&mut scratch, text, dir);
        let fresh = if round == 0 { want.clone() } else { one.scan(text, dir) };
        assert_eq!(reused.text, fresh.text, "reused scratch text != fresh scan");
        assert_eq!(reused.findings, fresh.findings, "reused scratch findings != fresh scan");
        assert_eq!(reused.verdict, fresh.verdict);
    }

    let mut s = two.stream(dir);
    let (mut got, mut findings, mut at, mut i) = (String::new(), Vec::new(), 0usize, 0usize);
    while at < text.len() {
        let mut end = (at + usize::from(seeds[i % seeds.len()] % 23) + 1).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let c = s.push(&text[at..end]).expect("push on an open stream");
        got += &c.text;
        findings.extend(c.findings);
        at = end;
        i += 1;
    }
    let c = s.finish().expect("finish on an open stream");
    got += &c.text;
    findings.extend(c.findings);
    assert!(s.push("x").is_err(), "push after finish must be an error");

    assert_eq!(got, want.text, "stream text != scan text");
    findings.sort_by_key(|f| (f.start, f.end));
    let mut want_findings = want.findings.clone();
    want_findings.sort_by_key(|f| (f.start, f.end));
    assert_eq!(findings, want_findings, "stream findings != scan findings");
    assert_eq!(s.verdict(), want.verdict);
    for f in &want.findings {
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end) && f.start <= f.end);
        assert!(want.text.is_char_boundary(f.out_start) && want.text.is_char_boundary(f.out_end));
        let raw = &text[f.start..f.end];
        if !matches!(f.action, Action::Flag | Action::Restore | Action::Block)
            && !raw.trim().is_empty()
        {
            assert_ne!(
                &want.text[f.out_start..f.out_end],
                raw,
                "a masked span survived raw"
            );
        }
    }

    // the other public entry points on the same text: no panic, and scores in range
    let restored = one.restore(text);
    assert!(restored.len() >= text.len() / 64, "restore lost the text");
    let v = one.sentiment(text);
    assert!((-1.0..=1.0).contains(&v.compound), "compound {}", v.compound);
    let sum = v.pos + v.neu + v.neg;
    assert!(sum == 0.0 || (sum - 1.0).abs() < 0.01, "proportions sum to {sum}");
});
