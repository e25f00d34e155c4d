//! The shared, named case tables (tests/data/keywords.json, tests/data/pii.json): every
//! case one-shot, then
//! through the stream at many chunkings (1 char at a time, every two-way split, random
//! sizes). `CHATGUARD_SEED=<n>` replays one random chunking; `CHATGUARD_ROUNDS` sets how
//! many random chunkings run per case (default 20).

use std::sync::Arc;

use chatguard::{CompiledPolicy, Direction, Guard, ScanResult};
use serde_json::Value;

/// Each table, with the detectors whose findings its `kinds` list. The keywords-only build
/// (`--no-default-features`) runs the keywords table, on its own default policy.
fn tables() -> Vec<(Value, &'static [&'static str])> {
    let mut t = vec![(
        serde_json::from_str(include_str!("data/keywords.json")).expect("keywords.json"),
        &["keywords"][..],
    )];
    if chatguard::HAS_PII {
        t.push((
            serde_json::from_str(include_str!("data/pii.json")).expect("pii.json"),
            &["pii", "secrets", "placeholders", "regex"],
        ));
    }
    t
}

struct Case {
    name: String,
    compiled: Arc<CompiledPolicy>,
    text: String,
    expect: String,
    kinds: Vec<String>,
    verdict: Option<String>,
    detectors: &'static [&'static str],
    before: Vec<String>,
    direction: Direction,
}

impl Case {
    /// A fresh conversation, with the `before` inputs already scanned.
    fn guard(&self) -> Guard {
        let g = Guard::with_compiled(self.compiled.clone());
        for b in &self.before {
            g.scan(b, Direction::Input);
        }
        g
    }
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut names = std::collections::HashSet::new();
    for (t, detectors) in tables() {
        for c in t["cases"].as_array().unwrap() {
            let name = c["name"].as_str().unwrap().to_string();
            assert!(names.insert(name.clone()), "case name {name} is used twice");
            let compiled = match c.get("policy").and_then(Value::as_str) {
                None => chatguard::guard::default_compiled(),
                Some(p) => {
                    let json = t["policies"][p].to_string();
                    Arc::new(
                        CompiledPolicy::from_json(&json).unwrap_or_else(|e| panic!("{name}: {e}")),
                    )
                }
            };
            out.push(Case {
                name,
                compiled,
                text: c["text"].as_str().unwrap().to_string(),
                expect: c["expect"].as_str().unwrap().to_string(),
                kinds: c["kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|k| k.as_str().unwrap().to_string())
                    .collect(),
                verdict: c.get("verdict").and_then(Value::as_str).map(String::from),
                detectors,
                before: c
                    .get("before")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default(),
                direction: match c.get("direction").and_then(Value::as_str) {
                    Some("output") => Direction::Output,
                    _ => Direction::Input,
                },
            });
        }
    }
    out
}

fn one_shot(c: &Case) -> ScanResult {
    c.guard().scan(&c.text, c.direction)
}

/// Streams `text` cut at the given byte offsets (char boundaries) on a fresh conversation.
fn streamed(c: &Case, cuts: &[usize]) -> (String, Vec<chatguard::Finding>, chatguard::Verdict) {
    let g = c.guard();
    let mut s = g.stream(c.direction);
    let mut text = String::new();
    let mut findings = Vec::new();
    let mut prev = 0;
    for &cut in cuts.iter().chain(std::iter::once(&c.text.len())) {
        let r = s.push(&c.text[prev..cut]).unwrap();
        text += &r.text;
        findings.extend(r.findings);
        prev = cut;
    }
    let r = s.finish().unwrap();
    text += &r.text;
    findings.extend(r.findings);
    findings.sort_by_key(|f| (f.start, f.end));
    (text, findings, s.verdict())
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn random_cuts(text: &str, seed: u64) -> Vec<usize> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let bounds: Vec<usize> = (1..text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let mut cuts: Vec<usize> = bounds.into_iter().filter(|_| rng.next() % 3 == 0).collect();
    cuts.dedup();
    cuts
}

#[test]
fn table_one_shot() {
    let mut failures = Vec::new();
    for c in cases() {
        let r = one_shot(&c);
        // this table is about keywords; sentiment has its own tests
        let kinds: Vec<String> = r
            .findings
            .iter()
            .filter(|f| c.detectors.contains(&f.detector))
            .map(|f| f.kind.to_string())
            .collect();
        if r.text != c.expect || kinds != c.kinds {
            failures.push(format!(
                "{}: got {:?} {:?}, want {:?} {:?}",
                c.name, r.text, kinds, c.expect, c.kinds
            ));
        }
        if let Some(v) = &c.verdict {
            if r.verdict.as_str() != v {
                failures.push(format!(
                    "{}: verdict {} want {v}",
                    c.name,
                    r.verdict.as_str()
                ));
            }
        }
        // text-changing findings occupy disjoint output spans, in order
        let mut last_out = 0;
        for f in r
            .findings
            .iter()
            .filter(|f| f.action != chatguard::Action::Flag && c.detectors.contains(&f.detector))
        {
            assert!(
                f.out_start >= last_out && f.out_start <= f.out_end,
                "{}: output spans overlap",
                c.name
            );
            last_out = f.out_end;
        }
        // spans point at the original text, in both units
        for f in &r.findings {
            assert!(
                c.text.is_char_boundary(f.start) && c.text.is_char_boundary(f.end),
                "{}",
                c.name
            );
            let u16s: Vec<u16> = c.text.encode_utf16().collect();
            let via16 = String::from_utf16(&u16s[f.start16..f.end16]).unwrap();
            assert_eq!(via16, &c.text[f.start..f.end], "{}: UTF-16 span", c.name);
            let out16: Vec<u16> = r.text.encode_utf16().collect();
            assert_eq!(
                String::from_utf16(&out16[f.out_start16..f.out_end16]).unwrap(),
                &r.text[f.out_start..f.out_end],
                "{}: output span",
                c.name
            );
            assert!(f.value.is_none(), "{}: no raw value unless asked", c.name);
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn table_streams_at_every_chunking() {
    let rounds: u64 = std::env::var("CHATGUARD_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let replay: Option<u64> = std::env::var("CHATGUARD_SEED")
        .ok()
        .and_then(|s| s.parse().ok());
    for c in cases() {
        let want = one_shot(&c);
        let mut want_f = want.findings.clone();
        want_f.sort_by_key(|f| (f.start, f.end));
        let check = |cuts: &[usize], how: &str| {
            let (text, findings, verdict) = streamed(&c, cuts);
            assert_eq!(
                text, want.text,
                "{}: stream text differs ({how}, cuts {cuts:?})",
                c.name
            );
            assert_eq!(
                findings, want_f,
                "{}: stream findings differ ({how}, cuts {cuts:?})",
                c.name
            );
            assert_eq!(verdict, want.verdict, "{}: verdict ({how})", c.name);
        };
        let bounds: Vec<usize> = (1..c.text.len())
            .filter(|&i| c.text.is_char_boundary(i))
            .collect();
        check(&[], "one push");
        check(&bounds, "one char at a time");
        for &b in &bounds {
            check(&[b], "two-way split");
        }
        match replay {
            Some(seed) => check(
                &random_cuts(&c.text, seed),
                &format!("CHATGUARD_SEED={seed}"),
            ),
            None => {
                for seed in 1..=rounds {
                    check(
                        &random_cuts(&c.text, seed),
                        &format!("CHATGUARD_SEED={seed}"),
                    );
                }
            }
        }
    }
}
