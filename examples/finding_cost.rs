//! Instruction-count probe: the default keyword rules on the corpus, `clean` or not.
fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let file = if which == "clean" {
        "clean.txt"
    } else {
        "corpus.txt"
    };
    let text = std::fs::read_to_string(format!(
        "{}/target/bench/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut p = chatguard::Policy::default();
    p.sentiment.enabled = false;
    let g = chatguard::Guard::new(p).unwrap();
    let mut n = 0;
    for _ in 0..5 {
        n += g.scan(&text, chatguard::Direction::Input).findings.len();
    }
    println!("{n}");
}
