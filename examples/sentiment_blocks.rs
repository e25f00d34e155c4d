//! Sentiment throughput: per line vs 64 KB blocks of the corpus (probe).
fn main() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/bench/corpus.txt"
    ))
    .unwrap();
    let t = std::time::Instant::now();
    for l in text.lines() {
        std::hint::black_box(chatguard::sentiment::polarity_scores(l));
    }
    let lines = t.elapsed().as_secs_f64();
    let mut blocks = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let mut e = (at + 65536).min(text.len());
        while !text.is_char_boundary(e) {
            e += 1;
        }
        blocks.push(&text[at..e]);
        at = e;
    }
    let t = std::time::Instant::now();
    for b in &blocks {
        std::hint::black_box(chatguard::sentiment::polarity_scores(b));
    }
    let bl = t.elapsed().as_secs_f64();
    let mb = text.len() as f64 / 1e6;
    println!(
        "per line {:.1} MB/s, 64 KB blocks {:.1} MB/s",
        mb / lines,
        mb / bl
    );
}
