//! Prints what the default policy does to each argument (input, then the restore of a
//! reply that echoes the placeholders): `cargo run --example pii_probe -- "text" ...`.
use chatguard::{Direction, Guard};

fn main() {
    let guard = Guard::default();
    for text in std::env::args().skip(1) {
        let r = guard.scan(&text, Direction::Input);
        println!("in : {text}\nout: {} [{}]", r.text, r.verdict.as_str());
        for f in &r.findings {
            println!(
                "     {} {} {}..{} {:?}",
                f.detector, f.kind, f.start, f.end, f.replacement
            );
        }
        let back = guard.scan(&r.text, Direction::Output);
        println!("rep: {}", back.text);
    }
}
