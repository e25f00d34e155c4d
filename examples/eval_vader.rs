//! Native parity check of the sentiment scorer against the reference compound scores in
//! an eval folder: `cargo run --release --example eval_vader -- ../shared/eval/sentiment`.
//! Prints per corpus: share within 0.001 of the reference, and the worst rows.
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/eval/sentiment".into());
    let mut read = 0;
    for name in [
        "vader_readme_examples",
        "vader_tweets",
        "vader_movie_reviews",
        "vader_amazon_reviews",
        "vader_nyt_editorials",
    ] {
        let Ok(src) = std::fs::read_to_string(format!("{dir}/{name}.jsonl")) else {
            continue;
        };
        read += 1;
        let (mut n, mut ok) = (0, 0);
        let mut worst: Vec<(f64, String, f64, f64)> = Vec::new();
        for line in src.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = v["text"].as_str().unwrap();
            let want = v
                .get("vader_ref_compound")
                .and_then(|x| x.as_f64())
                .or_else(|| v["ref_impl_now"]["compound"].as_f64())
                .unwrap();
            let got = chatguard::sentiment::polarity_scores(text).compound;
            n += 1;
            if (got - want).abs() <= 0.001 {
                ok += 1
            } else {
                worst.push((
                    (got - want).abs(),
                    text.chars().take(120).collect(),
                    got,
                    want,
                ))
            }
        }
        worst.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
        println!(
            "{name}: {ok}/{n} within 0.001 ({:.3}%)",
            100.0 * ok as f64 / n as f64
        );
        for w in worst.iter().take(4) {
            println!("   diff {:.4} got {} want {}: {:?}", w.0, w.2, w.3, w.1);
        }
    }
    if read == 0 {
        eprintln!("no vader_*.jsonl in {dir}: pass the eval folder's sentiment/ directory");
        std::process::exit(2);
    }
}
