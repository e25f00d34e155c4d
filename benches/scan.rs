//! Native benchmark (plain harness) on the corpus written by `node bench/corpus.mjs`
//! (target/bench/): the same workloads as the WASM side of `bench/peers.mjs` (the full
//! default policy, the default rules without sentiment, the single-feature policies of
//! `bench/policies.json`, sentiment per message), and the 5,000-term compile time. Prints
//! figures (`native <name>: <MB/s> MB/s ...`, parsed by bench/peers.mjs) and fails if a
//! match count is wrong. Run: `bash scripts/bench.sh` or `cargo bench --bench scan`.

use std::time::Instant;

use chatguard::{Direction, Guard, Policy, ScanScratch};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    xs[xs.len() / 2]
}

/// Median seconds of `runs` calls after two warm-up calls.
fn time(runs: usize, mut f: impl FnMut()) -> f64 {
    f();
    f();
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = format!("{root}/target/bench");
    let Ok(text) = std::fs::read_to_string(format!("{dir}/corpus.txt")) else {
        eprintln!("no corpus: run `node bench/corpus.mjs` first (scripts/bench.sh does)");
        std::process::exit(2);
    };
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/corpus.json")).unwrap())
            .unwrap();
    let profane = meta["profane"].as_u64().unwrap() as usize;
    let mb = text.len() as f64 / 1e6;
    let report = |name: &str, secs: f64, note: String| {
        println!("native {name}: {:.1} MB/s ({note})", mb / secs);
    };

    // the full default policy, and its rules without sentiment
    let full = Guard::default();
    let keywords_found = |g: &Guard| {
        g.scan(&text, Direction::Input)
            .findings
            .iter()
            .filter(|f| f.detector == "keywords")
            .count()
    };
    assert_eq!(
        keywords_found(&full),
        profane,
        "full default policy keyword count"
    );
    // each timed scan reuses one scratch, as the wasm binding does for its guard: a new
    // one per 1 MB scan allocates megabytes that the allocator may take fresh from the
    // system (page faults), which made this figure jump between 39 and 60 MB/s with
    // where an allocation happened to land
    let mut scratch = ScanScratch::default();
    let s = time(10, || {
        std::hint::black_box(full.scan_with(&mut scratch, &text, Direction::Input));
    });
    report("full", s, format!("{profane} keyword findings = expected"));
    let mut policy = Policy::default();
    policy.sentiment.enabled = false;
    let rules = Guard::new(policy).unwrap();
    let found = rules.scan(&text, Direction::Input).findings.len();
    assert_eq!(found, profane, "default rules finding count");
    let s = time(10, || {
        std::hint::black_box(rules.scan_with(&mut scratch, &text, Direction::Input));
    });
    report("rules", s, format!("{found} findings = expected"));

    // the single-feature policies the peers are compared on
    let policies: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/bench/policies.json")).unwrap(),
    )
    .unwrap();
    for name in ["keywords", "pii", "secrets"] {
        let g = Guard::from_json(&policies[name].to_string()).unwrap();
        let found = g.scan(&text, Direction::Input).findings.len();
        if name == "keywords" {
            assert_eq!(found, profane, "keyword finding count");
        }
        let s = time(10, || {
            std::hint::black_box(g.scan_with(&mut scratch, &text, Direction::Input));
        });
        report(name, s, format!("{found} findings"));
    }

    // sentiment, one message (line) per call
    let lines: Vec<&str> = text.lines().collect();
    let s = time(10, || {
        for l in &lines {
            std::hint::black_box(full.sentiment(l));
        }
    });
    report("sentiment", s, format!("{} messages", lines.len()));

    let policy = std::fs::read_to_string(format!("{dir}/policy5000.json")).unwrap();
    let s = time(7, || {
        std::hint::black_box(Guard::from_json(&policy).unwrap());
    });
    println!("native compile 5,000-term policy: median {:.2} ms", s * 1e3);
}
