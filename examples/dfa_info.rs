use chatguard::keywords::KeywordSet;
use chatguard::policy::Policy;
fn main() {
    let p: Policy = serde_json::from_str(
        r#"{"input":{"rules":[{"id":"p","detector":"keywords","builtin":"en","action":"mask"}]}}"#,
    )
    .unwrap();
    let set = KeywordSet::compile("input", p.input.rules.iter().enumerate()).unwrap();
    let d = set.dfa();
    println!(
        "patterns {} states {} narrow {} heap {}",
        set.pattern_count(),
        d.states(),
        d.is_narrow(),
        d.heap_bytes()
    );
}
