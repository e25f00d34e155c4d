//! Instruction-count probe: fixed and per-token cost of the scorer (for profilers).
fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let text = match which.as_str() {
        "empty" => "".to_string(),
        "one" => "hello".to_string(),
        "ten" => "the cat sat on the mat and then it left".to_string(),
        _ => "The support team was HELPFUL and kind, but slow!".to_string(),
    };
    let mut sum = 0.0;
    chatguard::sentiment::polarity_scores("warm up the lexicon");
    for _ in 0..100_000 {
        sum += chatguard::sentiment::polarity_scores(std::hint::black_box(&text)).compound;
    }
    println!("{sum}");
}
