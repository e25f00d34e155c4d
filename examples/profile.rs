//! A loop to profile one workload of the benchmark natively (`perf record`), on the corpus
//! written by `node bench/corpus.mjs`:
//!
//! ```text
//! cargo build --release --example profile
//! perf record target/release/examples/profile pii 50
//! ```
//!
//! Workloads: `full` (default policy), `rules` (default without sentiment), `sentiment`
//! (one call per line), or a policy name of `bench/policies.json` (`keywords`, `pii`,
//! `secrets`). Prints MB/s. A third argument `lines` scans the corpus line by line
//! (one message per line, one reused [`chatguard::ScanScratch`]) and also prints the cost
//! per message.

use chatguard::{Direction, Guard, Policy, ScanScratch};

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{root}/target/bench/corpus.txt"))
        .expect("no corpus: run `node bench/corpus.mjs`");
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "full".to_string());
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(50);
    let policies: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}/bench/policies.json")).unwrap(),
    )
    .unwrap();
    let t = std::time::Instant::now();
    match which.as_str() {
        "sentiment" => {
            let g = Guard::default();
            let lines: Vec<&str> = text.lines().collect();
            for _ in 0..n {
                for l in &lines {
                    std::hint::black_box(g.sentiment(l));
                }
            }
        }
        name => {
            let g = match name {
                "full" => Guard::default(),
                "rules" => {
                    let mut p = Policy::default();
                    p.sentiment.enabled = false;
                    Guard::new(p).unwrap()
                }
                _ => Guard::from_json(&policies[name].to_string()).expect("unknown workload"),
            };
            if args.next().as_deref() == Some("lines") {
                let lines: Vec<&str> = text.lines().collect();
                let mut scratch = ScanScratch::default();
                for _ in 0..n {
                    for l in &lines {
                        std::hint::black_box(g.scan_with(&mut scratch, l, Direction::Input));
                    }
                }
                let per = t.elapsed().as_secs_f64() * 1e6 / (n * lines.len()) as f64;
                println!("{which}: {per:.3} us per message ({} lines)", lines.len());
            } else {
                for _ in 0..n {
                    std::hint::black_box(g.scan(&text, Direction::Input));
                }
            }
        }
    }
    let mb = text.len() as f64 * n as f64 / 1e6;
    println!("{which}: {:.1} MB/s", mb / t.elapsed().as_secs_f64());
}
