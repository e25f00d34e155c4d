//! Compiles the 5,000-term benchmark policy repeatedly and times its phases (for profiling).
use std::time::Instant;
fn main() {
    let p = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/bench/policy5000.json"
    ))
    .expect("run node bench/corpus.mjs first");
    let (mut parse, mut compile, mut canon) = (0.0, 0.0, 0.0);
    let n = 50;
    for _ in 0..n {
        let t = Instant::now();
        let policy = chatguard::Policy::from_json(&p).unwrap();
        parse += t.elapsed().as_secs_f64();
        let t = Instant::now();
        std::hint::black_box(policy.canonical_json());
        canon += t.elapsed().as_secs_f64();
        let t = Instant::now();
        std::hint::black_box(chatguard::Guard::new(policy).unwrap());
        compile += t.elapsed().as_secs_f64();
    }
    let g = chatguard::Guard::from_json(&p).unwrap();
    let set = &g.compiled().direction(chatguard::Direction::Input).keywords;
    let dfa = set.dfa();
    println!(
        "patterns {}, states {}, heap {} KB",
        set.pattern_count(),
        dfa.states(),
        dfa.heap_bytes() / 1024
    );
    let pats: Vec<Vec<u8>> = (0..5000)
        .map(|i| format!("{:x}word{}", i * 7919, i).into_bytes())
        .collect();
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(chatguard::keywords::Dfa::new(&pats));
    }
    println!(
        "Dfa::new alone on 5000 similar patterns: {:.2} ms",
        t.elapsed().as_secs_f64() * 1e3 / n as f64
    );
    let ms = |x: f64| x * 1e3 / n as f64;
    println!("parse+validate {:.2} ms, canonical json {:.2} ms, Guard::new (validate+compile+fingerprint) {:.2} ms", ms(parse), ms(canon), ms(compile));
}

#[allow(dead_code)]
fn dfa_probe() {}
