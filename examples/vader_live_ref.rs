//! Compares every field with scores written by the live reference implementation
//! (`target/eval/vader_live_ref.jsonl`, made by `python3 eval/vader_reference.py ../shared/eval/sentiment`).
fn main() {
    let src = std::fs::read_to_string("target/eval/vader_live_ref.jsonl")
        .expect("run python3 eval/vader_reference.py first");
    let (mut n, mut exact, mut close) = (0, 0, 0);
    for line in src.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let s = chatguard::sentiment::polarity_scores(v["text"].as_str().unwrap());
        let r = &v["ref"];
        let f = |k: &str| r[k].as_f64().unwrap();
        n += 1;
        let same = s.compound == f("compound")
            && s.pos == f("pos")
            && s.neu == f("neu")
            && s.neg == f("neg");
        if same {
            exact += 1
        } else if n - exact < 5 {
            println!("differs: {:?} {:?}", s, r)
        }
        if (s.compound - f("compound")).abs() <= 0.001 {
            close += 1
        }
    }
    println!("{n} texts: all four fields identical {exact} ({:.3}%), compound within 0.001 {close} ({:.3}%)", 100.0 * exact as f64 / n as f64, 100.0 * close as f64 / n as f64);
}
