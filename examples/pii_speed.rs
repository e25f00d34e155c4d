//! Native timing of the embedded default policy without sentiment on the bench corpus
//! (`target/bench/corpus.txt`, written by `node bench/corpus.mjs`), and of each detector
//! family alone: `cargo run --release --example pii_speed`.
use chatguard::{Direction, Guard};

fn main() {
    let text = std::fs::read_to_string("target/bench/corpus.txt")
        .expect("run node bench/corpus.mjs first");
    let mut p: serde_json::Value =
        serde_json::from_str(chatguard::policy::DEFAULT_POLICY_JSON).unwrap();
    p["sentiment"] = serde_json::json!({ "enabled": false });
    let only = |keep: &str| {
        let mut q = p.clone();
        for d in ["input", "output"] {
            let rules = q[d]["rules"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| keep == "all" || r["detector"] == keep)
                .cloned()
                .collect::<Vec<_>>();
            q[d]["rules"] = serde_json::Value::Array(rules);
        }
        Guard::from_json(&q.to_string()).unwrap()
    };
    for name in ["all", "keywords", "pii", "secrets"] {
        let g = only(name);
        let mut best = f64::MAX;
        let mut n = 0;
        for _ in 0..7 {
            let t = std::time::Instant::now();
            let r = g.scan(&text, Direction::Input);
            best = best.min(t.elapsed().as_secs_f64());
            n = r.findings.len();
        }
        println!(
            "{name:<9} best {:>7.1} MB/s  ({n} findings)",
            text.len() as f64 / 1e6 / best
        );
    }
}
