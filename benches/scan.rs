//! Native benchmark (plain harness): keyword scan throughput on the corpus written by
//! `node bench/corpus.mjs` (target/bench/), and 5,000-term compile time. Prints figures and
//! fails if a match count is wrong. Run: `bash scripts/bench.sh` or `cargo bench --bench scan`.

use std::time::Instant;

use chatguard::{Direction, Guard};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    xs[xs.len() / 2]
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench");
    let Ok(text) = std::fs::read_to_string(format!("{dir}/corpus.txt")) else {
        eprintln!("no corpus: run `node bench/corpus.mjs` first (scripts/bench.sh does)");
        std::process::exit(2);
    };
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/corpus.json")).unwrap())
            .unwrap();
    let profane = meta["profane"].as_u64().unwrap() as usize;

    // keyword-only: the default policy's rules with sentiment scoring off
    let mut policy = chatguard::Policy::default();
    policy.sentiment.enabled = false;
    let guard = Guard::new(policy).unwrap();
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..12 {
        let t = Instant::now();
        let r = guard.scan(&text, Direction::Input);
        times.push(t.elapsed().as_secs_f64());
        found = r.findings.len();
    }
    assert_eq!(found, profane, "keyword scan finding count");
    let s = median(times[2..].to_vec());
    println!(
        "native keyword scan (default policy, evasion handling on): {:.1} MB/s ({} findings = expected)",
        text.len() as f64 / 1e6 / s,
        found
    );

    let policy = std::fs::read_to_string(format!("{dir}/policy5000.json")).unwrap();
    let mut times = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let g = Guard::from_json(&policy).unwrap();
        times.push(t.elapsed().as_secs_f64());
        std::hint::black_box(g);
    }
    println!(
        "native compile 5,000-term policy: median {:.2} ms",
        median(times) * 1e3
    );
}
