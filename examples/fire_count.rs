//! Measures the floor of the keyword hot loop: fold + collapse + automaton step only.
use chatguard::keywords::Dfa;
use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/target/bench/corpus.txt"
    ))
    .unwrap();
    let g = chatguard::Guard::default();
    let set = &g.compiled().direction(chatguard::Direction::Input).keywords;
    let dfa = set.dfa();
    let mut best = f64::MAX;
    let mut fires = 0usize;
    for _ in 0..20 {
        let t = Instant::now();
        let (mut s, mut last, mut gap) = (0u32, 0u8, 0u8);
        fires = 0;
        for &b in text.as_bytes() {
            if b >= 0x80 {
                continue;
            }
            match chatguard::text::normalize::normalize_ascii(b) {
                None => {
                    gap = gap.saturating_add(1);
                }
                Some((f, _)) => {
                    if gap == 0 && f == last {
                        continue;
                    }
                    last = f;
                    gap = 0;
                    let t = dfa.next(s, f);
                    s = t & !Dfa::MATCH;
                    fires += (t & Dfa::MATCH != 0) as usize;
                }
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
        std::hint::black_box(s);
    }
    println!(
        "bare loop: {:.0} MB/s native ({fires} fires)",
        text.len() as f64 / 1e6 / best
    );
}
