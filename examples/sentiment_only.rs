//! Scores each line of the benchmark corpus 3 times (for profilers).
fn main() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/bench/corpus.txt"
    ))
    .expect("run node bench/corpus.mjs first");
    let t = std::time::Instant::now();
    let mut sum = 0.0;
    for _ in 0..3 {
        for l in text.lines() {
            sum += chatguard::sentiment::polarity_scores(l).compound;
        }
    }
    let s = t.elapsed().as_secs_f64() / 3.0;
    println!(
        "native sentiment per message: {:.1} MB/s (checksum {sum:.4})",
        text.len() as f64 / 1e6 / s
    );
}
