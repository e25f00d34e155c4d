//! Arbitrary bytes as a policy: compiling must return a policy or a typed error with a
//! path, never panic; a policy that compiles must read back the same from its canonical
//! form, then scan and stream a fixed text.
#![no_main]

use chatguard::{Direction, Guard};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    match Guard::from_json(json) {
        Ok(g) => {
            // the canonical form (the fingerprint's input) reads back as the same policy
            let p = chatguard::Policy::from_json(json).expect("parsed once");
            let again = chatguard::Policy::from_json(&p.canonical_json());
            assert!(again.as_ref() == Ok(&p), "canonical form does not round-trip");
            let text =
                "I'm jane@corp.com, card 4111 1111 1111 1111, you f.u.c.k.i.n.g idiot [EMAIL_1]";
            for d in [Direction::Input, Direction::Output] {
                let one = g.scan(text, d);
                let mut s = g.stream(d);
                let mut got = s.push(text).map(|c| c.text).unwrap_or_default();
                got += &s.finish().map(|c| c.text).unwrap_or_default();
                let _ = (one, got);
            }
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
        }
    }
});
