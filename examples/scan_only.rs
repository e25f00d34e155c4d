//! Scans the benchmark corpus 10 times with the default policy (for instruction counts).
fn main() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/bench/corpus.txt"
    ))
    .expect("run node bench/corpus.mjs first");
    let g = chatguard::Guard::default();
    let mut n = 0;
    for _ in 0..10 {
        n += g.scan(&text, chatguard::Direction::Input).findings.len();
    }
    println!("{n}");
}
