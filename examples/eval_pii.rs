//! Measures the PII and secret detectors against peers' labelled cases, read from the
//! evaluation folder given as the only argument (never copied into this repository):
//!
//! ```text
//! cargo run --release --example eval_pii -- ../shared/eval
//! ```
//!
//! Prints, per kind: Presidio positives found with exact spans (and found at all), and
//! negatives flagged; gitleaks core true positives found and false positives flagged;
//! agreement with python-stdnum on IBAN and Luhn validation.
use std::collections::BTreeMap;
use std::io::BufRead;

use chatguard::pii::check;
use chatguard::{Direction, Guard};
use serde_json::Value;

fn rows(path: &std::path::Path) -> Vec<Value> {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::io::BufReader::new(f)
        .lines()
        .map_while(Result::ok)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str(&l).ok())
        .collect()
}

/// gitleaks core rule families by rule-id prefix (first match wins), with the chatguard
/// kinds that report each.
const FAMILIES: &[(&str, &[&str])] = &[
    ("aws", &["aws_access_key"]),
    ("anthropic", &["anthropic_key"]),
    ("gcp", &["google_api_key"]),
    ("generic", &["secret", "aws_secret_key"]),
    ("github", &["github_token"]),
    ("gitlab", &["gitlab_token"]),
    ("jwt", &["jwt"]),
    ("openai", &["openai_key"]),
    ("private", &["private_key"]),
    ("slack-webhook", &["slack_webhook"]),
    ("slack", &["slack_token"]),
    ("stripe", &["stripe_key"]),
];

/// The family of a gitleaks rule id, if it is one of [`FAMILIES`].
fn family(rule: &str) -> Option<&'static (&'static str, &'static [&'static str])> {
    FAMILIES.iter().find(|(prefix, _)| rule.starts_with(prefix))
}

/// Shannon entropy in bits per character, as gitleaks computes it for its `entropy` gate.
fn shannon(s: &str) -> f64 {
    let mut counts = BTreeMap::<char, usize>::new();
    for c in s.chars() {
        *counts.entry(c).or_default() += 1;
    }
    let n = s.chars().count() as f64;
    counts
        .values()
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// Byte offset -> Unicode scalar index (Presidio spans are Python code points).
fn cp(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// The spans of a scan's secrets findings.
fn secret_spans(res: &chatguard::ScanResult) -> Vec<(usize, usize)> {
    res.findings
        .iter()
        .filter(|f| f.detector == "secrets")
        .map(|f| (f.start, f.end))
        .collect()
}

/// Whether a gitleaks true positive `r` is found: a finding overlaps its expected secret
/// (any finding, when the row names none).
fn secret_found(r: &Value, text: &str, secrets: &[(usize, usize)]) -> bool {
    let want = r["expected_secret"]
        .as_str()
        .and_then(|x| text.find(x).map(|p| (p, p + x.len())));
    match want {
        Some((a, b)) => secrets.iter().any(|&(s, e)| s < b && a < e),
        None => !secrets.is_empty(),
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: eval_pii <path to eval folder>");
    let dir = std::path::Path::new(&dir);
    let all_kinds = r#"["email","phone","credit_card","iban","us_ssn","uk_nino","uk_nhs","ip_address","mac_address","url","crypto"]"#;
    let policy = format!(
        r#"{{ "sentiment": {{ "enabled": false }}, "input": {{ "rules": [
            {{ "id": "pii", "detector": "pii", "kinds": {all_kinds}, "action": "flag" }},
            {{ "id": "secrets", "detector": "secrets", "action": "flag" }} ] }} }}"#
    );
    let guard = Guard::from_json(&policy).expect("policy");

    // ---- Presidio
    let map: BTreeMap<&str, &str> = [
        ("EMAIL_ADDRESS", "email"),
        ("PHONE_NUMBER", "phone"),
        ("CREDIT_CARD", "credit_card"),
        ("IBAN_CODE", "iban"),
        ("US_SSN", "us_ssn"),
        ("UK_NINO", "uk_nino"),
        ("UK_NHS", "uk_nhs"),
        ("IP_ADDRESS", "ip_address"),
        ("MAC_ADDRESS", "mac_address"),
        ("URL", "url"),
        ("CRYPTO", "crypto"),
    ]
    .into_iter()
    .collect();
    // kind -> (expected spans, exact, overlapping, negatives, negatives flagged)
    let mut stats: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
    let verbose = std::env::var("EVAL_VERBOSE").is_ok();
    for r in rows(&dir.join("pii/presidio_recognizer_cases.jsonl")) {
        let Some(&kind) = r["entity"].as_str().and_then(|e| map.get(e)) else {
            continue;
        };
        let text = r["text"].as_str().unwrap_or("");
        let res = guard.scan(text, Direction::Input);
        let found: Vec<(usize, usize)> = res
            .findings
            .iter()
            .filter(|f| &*f.kind == kind)
            .map(|f| (cp(text, f.start), cp(text, f.end)))
            .collect();
        let s = stats.entry(kind).or_default();
        let expected = r["expected_count"].as_u64().unwrap_or(0);
        let spans: Vec<(usize, usize)> = r["expected_spans"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| Some((p[0].as_u64()? as usize, p[1].as_u64()? as usize)))
                    .collect()
            })
            .unwrap_or_default();
        if expected == 0 {
            s[3] += 1;
            if !found.is_empty() {
                s[4] += 1;
                if verbose {
                    println!("FP {kind}: {text:?} -> {found:?}");
                }
            }
        } else if spans.is_empty() {
            // a count without spans: found when the counts agree
            s[0] += 1;
            if found.len() as u64 == expected {
                s[1] += 1;
                s[2] += 1;
            } else if verbose {
                println!("MISS {kind}: {text:?} expected {expected} -> {found:?}");
            }
        } else {
            for sp in &spans {
                s[0] += 1;
                if found.contains(sp) {
                    s[1] += 1;
                    s[2] += 1;
                } else if found.iter().any(|f| f.0 < sp.1 && sp.0 < f.1) {
                    s[2] += 1;
                    if verbose {
                        println!("SPAN {kind}: {text:?} expected {sp:?} -> {found:?}");
                    }
                } else if verbose {
                    println!("MISS {kind}: {text:?} expected {sp:?} -> {found:?}");
                }
            }
        }
    }
    println!("Presidio recognizer cases (pii/presidio_recognizer_cases.jsonl)");
    println!(
        "{:<12} {:>9} {:>9} {:>9} {:>10} {:>9}",
        "kind", "positives", "exact", "found", "negatives", "flagged"
    );
    let mut tot = [0usize; 5];
    for (k, s) in &stats {
        println!(
            "{k:<12} {:>9} {:>9} {:>9} {:>10} {:>9}",
            s[0], s[1], s[2], s[3], s[4]
        );
        for i in 0..5 {
            tot[i] += s[i];
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    println!(
        "{:<12} {:>9} {:>9} {:>9} {:>10} {:>9}   exact {:.1}%  found {:.1}%  negatives flagged {:.1}%",
        "all", tot[0], tot[1], tot[2], tot[3], tot[4],
        pct(tot[1], tot[0]), pct(tot[2], tot[0]), pct(tot[4], tot[3])
    );

    // ---- gitleaks core
    // Each core rule's own definition (regex, entropy), to tell a negative of one rule that
    // a sibling rule of the same kind reports itself (`sk-ant-api03-...AA`, a negative of
    // the Anthropic *admin* rule, is a true positive of the Anthropic API-key rule): such a
    // case is counted apart, not as a false positive of the kind. Only siblings without
    // allow lists are used (their lists are not applied here), and a rule whose Go regex
    // regex-lite cannot compile is left out (both counted in the report).
    let core_rules: std::collections::BTreeSet<String> =
        rows(&dir.join("secrets/gitleaks_cases_core.jsonl"))
            .iter()
            .filter_map(|r| r["rule"].as_str().map(str::to_string))
            .collect();
    let mut siblings: Vec<(String, regex_lite::Regex, f64, usize)> = Vec::new();
    let (mut not_compiled, mut with_allowlist) = (0, 0);
    for r in rows(&dir.join("secrets/gitleaks_rules.jsonl")) {
        let id = r["rule_id"].as_str().unwrap_or("").to_string();
        if !core_rules.contains(&id) {
            continue;
        }
        if r["allowlists"].as_array().is_some_and(|a| !a.is_empty()) {
            with_allowlist += 1;
            continue;
        }
        match regex_lite::Regex::new(r["regex"].as_str().unwrap_or("")) {
            Ok(re) => siblings.push((
                id,
                re,
                r["entropy"].as_f64().unwrap_or(0.0),
                r["secret_group"].as_u64().unwrap_or(0) as usize,
            )),
            Err(_) => not_compiled += 1,
        }
    }
    let mut sibling_hits: Vec<(String, String)> = Vec::new();
    let mut g: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    let mut by_reason = BTreeMap::<String, [usize; 3]>::new();
    for r in rows(&dir.join("secrets/gitleaks_cases_core.jsonl")) {
        let text = r["text"].as_str().unwrap_or("");
        let rule = r["rule"].as_str().unwrap_or("?").to_string();
        let should = matches!(&r["should_match"], Value::Bool(true)) || r["should_match"] == "True";
        let res = guard.scan(text, Direction::Input);
        let secrets = secret_spans(&res);
        // the kinds a rule is about (false positives are per rule in gitleaks)
        let own = |k: &str| family(&rule).is_none_or(|(_, kinds)| kinds.contains(&k));
        let kind_of = |rule: &str| family(rule).map_or("", |(prefix, _)| prefix);
        let own_flagged = res
            .findings
            .iter()
            .any(|f| f.detector == "secrets" && own(&f.kind));
        let s = g.entry(rule.clone()).or_default();
        if should {
            s[0] += 1;
            if secret_found(&r, text, &secrets) {
                s[1] += 1;
            } else if verbose {
                println!("GL MISS {rule}: {:?}", &text[..text.len().min(160)]);
            }
        } else {
            s[2] += 1;
            let why = r["rejected_by"].as_str().unwrap_or("?").to_string();
            let w = by_reason.entry(why).or_default();
            w[0] += 1;
            if !secrets.is_empty() {
                w[1] += 1;
            }
            // a sibling rule of the same kind that gitleaks itself would report here
            let sibling = own_flagged
                .then(|| {
                    siblings.iter().find(|(id, re, entropy, group)| {
                        *id != rule
                            && kind_of(id) == kind_of(&rule)
                            && re.captures_iter(text).any(|c| {
                                let m = c.get(*group).or_else(|| c.get(0));
                                m.is_some_and(|m| shannon(m.as_str()) >= *entropy)
                            })
                    })
                })
                .flatten();
            if let Some((id, ..)) = sibling {
                sibling_hits.push((rule.clone(), id.clone()));
            } else if own_flagged {
                s[4] += 1;
                w[2] += 1;
            }
            if !secrets.is_empty() {
                s[3] += 1;
                if verbose {
                    println!("GL FP {rule}: {:?}", &text[..text.len().min(160)]);
                }
            }
        }
    }
    println!(
        "\ngitleaks core false positives by why gitleaks rejects them (rule_allowlist: mostly"
    );
    println!("literal values its config lists, e.g. public Google keys, which we do not copy)");
    for (why, w) in &by_reason {
        println!(
            "  {why:<18} {:>4} cases, flagged by any secret kind {:>3} ({:.1}%), by own kind {:>3}",
            w[0],
            w[1],
            pct(w[1], w[0]),
            w[2]
        );
    }
    println!("\ngitleaks core rules (secrets/gitleaks_cases_core.jsonl)");
    println!("FP flagged: by the rule's own kind / by any secret kind");
    println!(
        "{:<46} {:>5} {:>6} {:>5} {:>8} {:>8}",
        "rule", "TP", "found", "FP", "own", "any"
    );
    let mut t = [0usize; 5];
    for (k, s) in &g {
        println!(
            "{k:<46} {:>5} {:>6} {:>5} {:>8} {:>8}",
            s[0], s[1], s[2], s[4], s[3]
        );
        for i in 0..5 {
            t[i] += s[i];
        }
    }
    println!(
        "{:<46} {:>5} {:>6} {:>5} {:>8} {:>8}   found {:.1}%  flagged own {:.1}% any {:.1}%",
        "all",
        t[0],
        t[1],
        t[2],
        t[4],
        t[3],
        pct(t[1], t[0]),
        pct(t[4], t[2]),
        pct(t[3], t[2])
    );

    println!(
        "negatives flagged by their own kind that a sibling rule of the same kind reports \
         (regex and entropy of gitleaks_rules.jsonl; {} core rules with allow lists and {} \
         that regex-lite cannot compile not used), counted apart from 'own': {}",
        with_allowlist,
        not_compiled,
        sibling_hits.len()
    );
    for (rule, by) in &sibling_hits {
        println!("  negative of {rule} is a true positive of {by}");
    }
    let lit = by_reason.get("rule_allowlist").copied().unwrap_or_default();
    println!(
        "false positives flagged by own kind: {}/{} ({:.1}%); without the negatives gitleaks \
         rejects only by the rule's own allow list (rule_allowlist above): {}/{} ({:.1}%)",
        t[4],
        t[2],
        pct(t[4], t[2]),
        t[4] - lit[2],
        t[2] - lit[0],
        pct(t[4] - lit[2], t[2] - lit[0])
    );

    // ---- gitleaks rules outside core whose secrets the generic `secret` kind is for:
    // credentials in HTTP headers, curl's -u and URLs (gitleaks_cases_all.jsonl)
    println!(
        "\ngitleaks rules outside core read by the `secret` kind \
         (secrets/gitleaks_cases_all.jsonl)"
    );
    println!(
        "{:<46} {:>5} {:>6} {:>5} {:>8}",
        "rule", "TP", "found", "FP", "any"
    );
    let generic = [
        "curl-auth-header",
        "curl-auth-user",
        "sidekiq-sensitive-url",
    ];
    let mut ga: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for r in rows(&dir.join("secrets/gitleaks_cases_all.jsonl")) {
        let Some(rule) = generic.iter().find(|&&g| r["rule"] == g) else {
            continue;
        };
        let text = r["text"].as_str().unwrap_or("");
        let res = guard.scan(text, Direction::Input);
        let secrets = secret_spans(&res);
        let s = ga.entry(rule).or_default();
        if r["should_match"] == true {
            s[0] += 1;
            if secret_found(&r, text, &secrets) {
                s[1] += 1;
            } else if verbose {
                println!("GL MISS {rule}: {:?}", &text[..text.len().min(160)]);
            }
        } else {
            s[2] += 1;
            if !secrets.is_empty() {
                s[3] += 1;
                if verbose {
                    println!("GL FP {rule}: {:?}", &text[..text.len().min(160)]);
                }
            }
        }
    }
    for (k, s) in &ga {
        println!("{k:<46} {:>5} {:>6} {:>5} {:>8}", s[0], s[1], s[2], s[3]);
    }

    // ---- stdnum agreement
    let mut agree = BTreeMap::<&str, [usize; 2]>::new();
    let mut skipped = BTreeMap::<&str, usize>::new();
    for r in rows(&dir.join("validators/stdnum_validation_cases.jsonl")) {
        let module = r["module"].as_str().unwrap_or("");
        let which = match module {
            "stdnum.iban" => "iban",
            "stdnum.luhn" => "luhn",
            _ => continue,
        };
        let input = r["input"].as_str().unwrap_or("");
        let kwargs = &r["kwargs"];
        if !kwargs["alphabet"].is_null() {
            // Luhn over another alphabet: not a card check; counted apart
            *skipped.entry(which).or_default() += 1;
            continue;
        }
        let compact: Vec<u8> = input
            .bytes()
            .filter(|b| !b" -.\t".contains(b))
            .map(|b| b.to_ascii_uppercase())
            .collect();
        let ours = match which {
            "iban" if kwargs["check_country"] == false => check::iban_format(&compact),
            "iban" => check::iban(&compact),
            _ => check::luhn(&compact),
        };
        let theirs = r["expected_valid"].as_bool().unwrap_or(false);
        let s = agree.entry(which).or_default();
        s[0] += 1;
        if ours == theirs {
            s[1] += 1;
        } else if verbose {
            println!("STDNUM {which}: {input:?} stdnum {theirs} ours {ours}");
        }
    }
    println!("\npython-stdnum validation cases (validators/stdnum_validation_cases.jsonl)");
    for (k, s) in &agree {
        let skip = skipped.get(k).map_or(String::new(), |n| {
            format!("; {n} with a non-decimal alphabet not compared")
        });
        println!(
            "{k:<6} {} cases, agree {} ({:.1}%){skip}",
            s[0],
            s[1],
            pct(s[1], s[0])
        );
    }
}
