//! Probe: what the fail-closed cap does to a stretched word and a long blob.
fn main() {
    let g = chatguard::Guard::default();
    for text in [
        format!("f{}ck", "u".repeat(1_000_000)),
        format!("say {} ok", "ab12".repeat(3000)),
        format!("so f{}ck you", "\u{200b}".repeat(5000)),
    ] {
        let r = g.scan(&text, chatguard::Direction::Output);
        let kinds: std::collections::BTreeMap<&str, usize> =
            r.findings.iter().fold(Default::default(), |mut m, f| {
                *m.entry(&*f.kind).or_default() += 1;
                m
            });
        let tail: String = r
            .text
            .chars()
            .rev()
            .take(12)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let stars = r.text.chars().filter(|&c| c == '*').count();
        println!(
            "{} bytes -> {} chars, {} masked, kinds {:?}, tail {:?}",
            text.len(),
            r.text.chars().count(),
            stars,
            kinds,
            tail
        );
    }
}
