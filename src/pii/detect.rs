//! Candidate patterns for every PII and secret kind, run over one *region* of text (see
//! [`super::PiiScanner`]): a token, or a few tokens that one entity could span (digit
//! groups, `key = value`, a PEM block). Each candidate passes its validator before it is
//! reported. Everything here works on ASCII bytes; other bytes only ever end a candidate,
//! or sit inside a password whose ends are ASCII (`postgres://u:pässwort@host`, curl's
//! `-u`; a run cut at a byte cap is ended where its last character starts: `char_start`),
//! so every span starts and ends on a character boundary.

use super::check;
use super::{Ctx, KindSet, PiiKind as K};

/// A raw detection: kind and span, relative to the region.
pub(crate) type Raw = (K, usize, usize);

#[inline]
fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}
#[inline]
fn word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}
fn run(b: &[u8], mut i: usize, f: impl Fn(u8) -> bool) -> usize {
    while i < b.len() && f(b[i]) {
        i += 1;
    }
    i
}
fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}
fn before(b: &[u8], i: usize) -> u8 {
    if i == 0 {
        0
    } else {
        b[i - 1]
    }
}
fn starts_ci(b: &[u8], i: usize, p: &[u8]) -> bool {
    b.len() >= i + p.len() && b[i..i + p.len()].eq_ignore_ascii_case(p)
}

/// Detects everything enabled in `kinds` in `b`; `placeholders`: 0 off, 1 the bracketed
/// form only (input: escaping), 2 every accepted form (output: restoring).
///
/// It and each detector it calls are functions of their own (`inline(never)`, and
/// scripts/build.sh keeps wasm-opt from merging them back): V8 compiles a wasm function
/// whole at its first call, so a page's first messages compile only the detectors their
/// text reaches, not all of them with the scanner that calls this.
#[inline(never)]
pub(crate) fn detect(b: &[u8], ctx: Ctx, kinds: KindSet, placeholders: u8, out: &mut Vec<Raw>) {
    let start = out.len();
    let mut has_at = false;
    let mut has_digit = false;
    let mut has_colon = false;
    let mut has_dot = false;
    let mut has_op = false;
    for &c in b {
        match c {
            b'@' => has_at = true,
            b'0'..=b'9' => has_digit = true,
            b':' => has_colon = true,
            b'.' => has_dot = true,
            // (`>` and `,` also end a secret's name: `<apiToken>`, `setenv("API_KEY",`)
            b'=' | b'>' | b',' => has_op = true,
            _ => {}
        }
    }
    // without the `pii` feature only placeholders are looked for (and the linker leaves
    // the detectors out)
    if crate::HAS_PII {
        if has_at && kinds.has(K::Email) {
            emails(b, out);
        }
        if (has_dot || has_colon) && kinds.has(K::Url) {
            urls(b, out);
        }
        if (has_digit || has_colon) && kinds.has(K::IpAddress) {
            ips(b, ctx, out);
        }
        if b.len() >= 14 && kinds.has(K::MacAddress) {
            macs(b, out);
        }
        if has_digit {
            numbers(b, ctx, kinds, out);
        }
        if kinds.any_secret() || kinds.has(K::Crypto) {
            secrets(b, kinds, out);
        }
        if (has_colon || has_op) && (kinds.has(K::Secret) || kinds.has(K::AwsSecretKey)) {
            assignments(b, kinds, out);
        }
        if has_at && has_colon && kinds.has(K::Secret) {
            url_credentials(b, out);
        }
        if has_colon && kinds.has(K::Secret) {
            curl_user(b, out);
        }
        if ctx.has(Ctx::COPULA) && kinds.has(K::Secret) {
            copula(b, kinds, out);
        }
    }
    if placeholders > 0 {
        placeholder_tokens(b, placeholders == 2, out);
    }
    resolve_local(&mut out[start..]);
    // drop the losers (marked with end == usize::MAX)
    let mut w = start;
    for r in start..out.len() {
        if out[r].2 != usize::MAX {
            out[w] = out[r];
            w += 1;
        }
    }
    out.truncate(w);
}

/// Inside one region, an entity is reported once: where candidates of different kinds
/// overlap, the more specific kind wins (a checksum beats a shape), then the longer.
fn resolve_local(c: &mut [Raw]) {
    if c.len() < 2 {
        return;
    }
    // most specific first, then longest, then leftmost
    crate::sort::sort_slice_by(c, |r| {
        let len = (r.2 - r.1) as u64; // a text is far shorter than 2^56 bytes
        (
            u64::from(u8::MAX - r.0.specificity()) << 56 | ((1 << 56) - 1 - len),
            r.1 as u64,
        )
    });
    for i in 1..c.len() {
        let (s, e) = (c[i].1, c[i].2);
        if c[..i]
            .iter()
            .any(|k| k.2 != usize::MAX && k.1 < e && s < k.2)
        {
            c[i].2 = usize::MAX;
        }
    }
    crate::sort::sort_slice_by(c, |r| (r.1 as u64, r.2 as u64));
}

// ---------------------------------------------------------------- email, URL

fn local_char(c: u8) -> bool {
    alnum(c) || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// The end of a domain name starting at `i` with at least two labels, the last one a
/// plausible top-level domain (letters, or `xn--` punycode), or `None`.
fn domain_end(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut r = run(b, i, |c| alnum(c) || c == b'-' || c == b'.');
    while r > i && matches!(b[r - 1], b'.' | b'-') {
        r -= 1;
    }
    let d = &b[i..r];
    if d.is_empty() || !d.contains(&b'.') {
        return None;
    }
    for label in d.split(|&c| c == b'.') {
        if label.is_empty()
            || label.len() > 63
            || label[0] == b'-'
            || label[label.len() - 1] == b'-'
        {
            return None;
        }
    }
    let tld_start = d.iter().rposition(|&c| c == b'.')? + 1;
    let tld = &d[tld_start..];
    let ok = (tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic))
        || (tld.len() > 4 && tld[..4].eq_ignore_ascii_case(b"xn--"));
    ok.then_some((r, i + tld_start))
}

#[inline(never)]
fn emails(b: &[u8], out: &mut Vec<Raw>) {
    for i in 0..b.len() {
        if b[i] != b'@' {
            continue;
        }
        let mut l = i;
        while l > 0 && local_char(b[l - 1]) && i - l < 64 {
            l -= 1;
        }
        while l < i && matches!(b[l], b'.' | b'-' | b'+') {
            l += 1;
        }
        if l == i || b[i - 1] == b'.' || in_authority(b, l) {
            continue;
        }
        if let Some((r, _)) = domain_end(b, i + 1) {
            if at(b, r) != b'@' {
                out.push((K::Email, l, r));
            }
        }
    }
}

/// Whether `b[l..]` is the password of a URL's user information
/// (`postgres://user:password@host`, after `//` and a `:` with nothing between that ends
/// it): the `@` after it introduces the host, not an email address's domain
/// ([`url_credentials`] reports the password).
fn in_authority(b: &[u8], l: usize) -> bool {
    if before(b, l) != b':' {
        return false;
    }
    let p = l - b[..l]
        .iter()
        .rev()
        .take(256)
        .take_while(|&&c| c > b' ' && !matches!(c, b'/' | b'@' | b'"' | b'\'' | b'<' | b'>' | b'`'))
        .count();
    p >= 3 && &b[p - 3..p] == b"://"
}

/// The password in a URL's user information (`postgres://admin:S3cr3t@db.example.com`,
/// `redis://:S3cr3t@host`): the bytes between the first `:` after `//` and the `@` that
/// ends it. Not a template or a stand-in (`${DB_PASS}`, `<password>`, `****`, `password`),
/// nor the user's name repeated (`postgres:postgres`, a default).
#[inline(never)]
fn url_credentials(b: &[u8], out: &mut Vec<Raw>) {
    let mut i = 0;
    while let Some(k) = b[i..].windows(3).position(|w| w == b"://") {
        let u = i + k + 3;
        i = u;
        // the authority: up to the path, query or fragment (a run cut at 512 bytes ends
        // on a character boundary)
        let a = char_start(
            b,
            u,
            u + b[u..]
                .iter()
                .take(512)
                .take_while(|&&c| {
                    c > b' ' && !matches!(c, b'/' | b'?' | b'#' | b'"' | b'\'' | b'`' | b'<' | b'>')
                })
                .count(),
        );
        let Some(at_) = b[u..a].iter().rposition(|&c| c == b'@').map(|p| u + p) else {
            continue;
        };
        let Some(colon) = b[u..at_].iter().position(|&c| c == b':').map(|p| u + p) else {
            continue;
        };
        let (user, pass) = (&b[u..colon], &b[colon + 1..at_]);
        // (`{password}` in a URL is a template)
        if !stand_in_password(user, pass) && pass[0] != b'{' {
            out.push((K::Secret, colon + 1, at_));
        }
        i = a.max(u);
    }
}

/// Whether a password is a template or a stand-in, not a password: `${PASS}`, `<password>`,
/// `[PASSWORD]`, `%s`, `{{ .Values.password }}`, `****`, `xxx`, the word `password` or
/// `token`, or the user's name repeated (`test:test`, `postgres:postgres`: a default).
fn stand_in_password(user: &[u8], pass: &[u8]) -> bool {
    let lower: Vec<u8> = pass.iter().map(u8::to_ascii_lowercase).collect();
    pass.is_empty()
        || matches!(pass.first(), Some(b'$' | b'<' | b'[' | b'%'))
        || pass.starts_with(b"{{")
        || pass.iter().all(|&c| c == pass[0] || c == b'*' || c == b'.')
        || [
            &b"password"[..],
            b"passwd",
            b"pass",
            b"pwd",
            b"secret",
            b"changeme",
            b"token",
        ]
        .contains(&lower.as_slice())
        || pass == user
}

/// `e`, or where the character that `e` falls inside starts (not before `lo`): the end of a
/// run cut at a byte count, on a character boundary.
fn char_start(b: &[u8], lo: usize, mut e: usize) -> usize {
    while e > lo && b.get(e).is_some_and(|&c| (c as i8) < -0x40) {
        e -= 1;
    }
    e
}

/// The password of curl's `-u user:password` / `--user user:password`, quoted or not
/// (the user may be empty: `-u ":password"`; `kevin:'password'` quotes the password).
#[inline(never)]
fn curl_user(b: &[u8], out: &mut Vec<Raw>) {
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&c| c == b'-') {
        let o = i + k;
        i = o + 1;
        let flag = if b[o..].starts_with(b"--user ") {
            7
        } else if b[o..].starts_with(b"-u ") {
            3
        } else {
            continue;
        };
        if o > 0 && !b[o - 1].is_ascii_whitespace() {
            continue;
        }
        let mut u = o + flag;
        while at(b, u) == b' ' {
            u += 1;
        }
        let q = at(b, u);
        if matches!(q, b'<' | b'[') {
            // a template: `-u <user:password>`
            continue;
        }
        let quoted = matches!(q, b'"' | b'\'');
        if quoted {
            u += 1;
        }
        // the argument: to its closing quote, or to white space (a run cut at 256 bytes
        // ends on a character boundary)
        let e = char_start(
            b,
            u,
            u + b[u..]
                .iter()
                .take(256)
                .take_while(|&&c| {
                    if quoted {
                        c != q && c != b'\n'
                    } else {
                        c > b' '
                    }
                })
                .count(),
        );
        let Some(colon) = b[u..e].iter().position(|&c| c == b':').map(|p| u + p) else {
            continue;
        };
        let mut t = e;
        if !quoted {
            // (what ends a shell command, not the password: `-u user:pass;`)
            while t > colon + 1 && matches!(b[t - 1], b';' | b',' | b')' | b'|' | b'&') {
                t -= 1;
            }
        }
        let mut s = colon + 1;
        if !quoted && matches!(at(b, s), b'"' | b'\'') && t > s + 1 && b[t - 1] == b[s] {
            (s, t) = (s + 1, t - 1);
        }
        if !stand_in_password(&b[u..colon], &b[s..t]) {
            out.push((K::Secret, s, t));
        }
        i = e.max(i);
    }
}

/// Top-level domains accepted for a bare domain (`example.com`) or `www.` address; a URL
/// with a scheme accepts any.
const TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "mil", "int", "io", "co", "ai", "app", "dev", "info", "biz",
    "me", "tv", "xyz", "site", "online", "store", "tech", "cloud", "page", "blog", "shop", "eu",
    "asia", "uk", "us", "de", "fr", "it", "es", "nl", "be", "ch", "at", "se", "no", "dk", "fi",
    "pl", "pt", "ie", "cz", "gr", "hu", "ro", "ru", "ua", "tr", "il", "in", "cn", "jp", "kr", "tw",
    "hk", "sg", "au", "nz", "ca", "mx", "br", "ar", "cl", "za", "ng", "ke", "eg", "ae", "sa", "id",
    "my", "ph", "vn", "th", "gg", "ly", "fm", "tk",
];

fn url_char(c: u8) -> bool {
    alnum(c) || b"-._~:/?#[]@!$&'()*+,;=%".contains(&c)
}

/// End of a URL body starting at `i`: URL characters, minus trailing punctuation and
/// unbalanced closing brackets.
fn url_end(b: &[u8], i: usize) -> usize {
    let mut r = run(b, i, url_char);
    loop {
        let c = before(b, r);
        if r > i && b".,;:!?'*".contains(&c) {
            r -= 1;
        } else if r > i && (c == b')' || c == b']') {
            let open = if c == b')' { b'(' } else { b'[' };
            let opens = b[i..r].iter().filter(|&&x| x == open).count();
            let closes = b[i..r].iter().filter(|&&x| x == c).count();
            if closes > opens {
                r -= 1;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    r
}

#[inline(never)]
fn urls(b: &[u8], out: &mut Vec<Raw>) {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !c.is_ascii_alphabetic() || alnum(before(b, i)) {
            i += 1;
            continue;
        }
        let prev = before(b, i);
        // scheme://
        let scheme_len = [
            &b"https://"[..],
            b"http://",
            b"ftp://",
            b"ftps://",
            b"wss://",
            b"ws://",
        ]
        .iter()
        .find(|p| starts_ci(b, i, p))
        .map(|p| p.len());
        if let Some(n) = scheme_len {
            let host = i + n;
            let r = url_end(b, host);
            let host_end = run(b, host, |c| alnum(c) || c == b'-' || c == b'.');
            let hostname = &b[host..host_end];
            let ok = domain_end(b, host).is_some_and(|(e, _)| e == host_end)
                || hostname.eq_ignore_ascii_case(b"localhost")
                || at(b, host) == b'['
                || hostname.iter().all(|c| c.is_ascii_digit() || *c == b'.') && hostname.len() >= 7;
            if ok && r > host {
                out.push((K::Url, i, r));
                i = r;
                continue;
            }
            i += n;
            continue;
        }
        if prev == b'@' || prev == b'.' || prev == b'-' || prev == b'/' {
            i += 1;
            continue;
        }
        // bare domains and www. addresses: a known top-level domain
        if let Some((dend, tld_start)) = domain_end(b, i) {
            let tld = &b[tld_start..dend];
            let known = TLDS.iter().any(|t| tld.eq_ignore_ascii_case(t.as_bytes()));
            let next = at(b, dend);
            if known && next != b'@' && !alnum(next) && !(next == b'.' && alnum(at(b, dend + 1))) {
                let r = if matches!(next, b'/' | b'?' | b'#' | b':') {
                    url_end(b, dend)
                } else {
                    dend
                };
                out.push((K::Url, i, r));
                i = r.max(i + 1);
                continue;
            }
            i = dend.max(i + 1);
            continue;
        }
        i += 1;
    }
}

// ---------------------------------------------------------------- IP, MAC

fn ipv4_at(b: &[u8], i: usize) -> Option<usize> {
    let mut p = i;
    for k in 0..4 {
        let e = run(b, p, |c| c.is_ascii_digit());
        if e == p || e - p > 3 {
            return None;
        }
        let v: u32 = std::str::from_utf8(&b[p..e]).ok()?.parse().ok()?;
        if v > 255 {
            return None;
        }
        p = e;
        if k < 3 {
            if at(b, p) != b'.' {
                return None;
            }
            p += 1;
        }
    }
    Some(p)
}

/// `/prefix` after an address (a prefix length up to `max`), included in the span.
fn prefix_len(b: &[u8], p: usize, max: u32) -> usize {
    if at(b, p) == b'/' {
        let e = run(b, p + 1, |c| c.is_ascii_digit());
        let v: u32 = std::str::from_utf8(&b[p + 1..e])
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(u32::MAX);
        if e > p + 1 && e - p <= 4 && v <= max && !alnum(at(b, e)) {
            return e;
        }
    }
    p
}

#[inline(never)]
fn ips(b: &[u8], ctx: Ctx, out: &mut Vec<Raw>) {
    // IPv6 (and IPv4-mapped forms): runs of hex digits, colons and dots
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let is6 = |c: u8| c.is_ascii_hexdigit() || c == b':' || c == b'.';
        if !is6(c) {
            i += 1;
            continue;
        }
        let prev = before(b, i);
        let e = run(b, i, is6);
        let starts_ok = !(alnum(prev) || prev == b':' || prev == b'.' || prev == b'_');
        if starts_ok && b[i..e].contains(&b':') {
            let mut end = e;
            while end > i && b[end - 1] == b'.' {
                end -= 1;
            }
            let text = std::str::from_utf8(&b[i..end]).unwrap_or("");
            if text.parse::<std::net::Ipv6Addr>().is_ok() {
                let mut r = end;
                let next = at(b, r);
                if next == b'%' {
                    let z = run(b, r + 1, alnum);
                    if z > r + 1 {
                        r = z;
                    }
                }
                r = prefix_len(b, r, 128);
                let n = at(b, r);
                if !(word(n) || (n == b':' && r == end && at(b, r + 1) != b' ' && r + 1 < b.len()))
                {
                    out.push((K::IpAddress, i, r));
                }
            }
        }
        i = e.max(i + 1);
    }
    // IPv4
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || b[i..].len() < 7 {
            i += 1;
            continue;
        }
        let prev = before(b, i);
        if alnum(prev) || prev == b'.' || prev == b'_' || prev == b'-' {
            i = run(b, i, |c| c.is_ascii_digit()).max(i + 1);
            continue;
        }
        if let Some(e) = ipv4_at(b, i) {
            let n = at(b, e);
            // `version 1.2.3.4`, `v1.2.3.4` (the `v` is caught above): a version, not an address
            if !(ctx.has(Ctx::VERSION) || n.is_ascii_alphanumeric() || n == b'_') {
                let r = prefix_len(b, e, 32);
                out.push((K::IpAddress, i, r));
                i = r;
                continue;
            }
        }
        i = run(b, i, |c| c.is_ascii_digit() || c == b'.').max(i + 1);
    }
}

#[inline(never)]
fn macs(b: &[u8], out: &mut Vec<Raw>) {
    let hex = |c: u8| c.is_ascii_hexdigit();
    let mut i = 0;
    while i + 14 <= b.len() {
        if !hex(b[i]) || alnum(before(b, i)) || matches!(before(b, i), b':' | b'-' | b'.') {
            i += 1;
            continue;
        }
        let mut end = None;
        // six pairs, one separator throughout
        let sep = at(b, i + 2);
        if (sep == b':' || sep == b'-') && i + 17 <= b.len() {
            let ok = (0..6).all(|k| {
                let p = i + k * 3;
                hex(b[p]) && hex(b[p + 1]) && (k == 5 || b[p + 2] == sep)
            });
            if ok {
                end = Some(i + 17);
            }
        }
        // Cisco: three groups of four, dots
        if end.is_none() && at(b, i + 4) == b'.' {
            let ok = (0..3).all(|k| {
                let p = i + k * 5;
                p + 4 <= b.len()
                    && b[p..p + 4].iter().all(|&c| hex(c))
                    && (k == 2 || at(b, p + 4) == b'.')
            });
            if ok {
                end = Some(i + 14);
            }
        }
        if let Some(e) = end {
            let n = at(b, e);
            let digits: Vec<u8> = b[i..e]
                .iter()
                .filter(|c| hex(**c))
                .map(u8::to_ascii_uppercase)
                .collect();
            let degenerate = digits.iter().all(|&c| c == b'0') || digits.iter().all(|&c| c == b'F');
            let glued = matches!(n, b':' | b'-' | b'.') && hex(at(b, e + 1));
            if !(alnum(n) || glued || degenerate) {
                out.push((K::MacAddress, i, e));
                i = e;
                continue;
            }
        }
        i += 1;
    }
}

// ---------------------------------------------------------------- digit groups

/// An alphanumeric run of the region.
#[derive(Clone, Copy)]
struct Atom {
    s: usize,
    e: usize,
    digits: bool,
}

fn atoms(b: &[u8]) -> Vec<Atom> {
    let mut v = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            let e = run(b, i, alnum);
            v.push(Atom {
                s: i,
                e,
                digits: b[i..e].iter().all(u8::is_ascii_digit),
            });
            i = e;
        } else {
            i += 1;
        }
    }
    v
}

#[inline(never)]
fn numbers(b: &[u8], ctx: Ctx, kinds: KindSet, out: &mut Vec<Raw>) {
    let at_ = atoms(b);
    // atoms before this index continue an IBAN-shaped chain (`BE71 0961 2345 6760`)
    let mut iban_groups_end = 0;
    for i in 0..at_.len() {
        let a = at_[i];
        // a run glued to a word character on the left belongs to that word
        if before(b, a.s) == b'_' {
            continue;
        }
        if a.digits {
            if kinds.has(K::CreditCard) {
                card(b, &at_, i, out);
            }
            if kinds.has(K::UsSsn) {
                ssn(b, &at_, i, ctx, out);
            }
            if kinds.has(K::UkNhs) {
                nhs(b, &at_, i, out);
            }
            // digit groups of an IBAN that fails its checksum are a mistyped account
            // number, not a phone number
            if kinds.has(K::Phone) && i >= iban_groups_end {
                phone(b, &at_, i, ctx, out);
            }
        } else {
            iban_groups_end = iban_groups_end.max(iban_shaped(b, &at_, i));
            if kinds.has(K::Iban) {
                iban(b, &at_, i, out);
            }
            if kinds.has(K::Phone) && i >= iban_groups_end {
                glued_phone(b, &at_, i, out);
            }
            if kinds.has(K::UkNino) {
                nino(b, &at_, i, out);
            }
        }
    }
}

/// The separator between atoms `i` and `i + 1` (the bytes between them).
fn sep<'a>(b: &'a [u8], at_: &[Atom], i: usize) -> &'a [u8] {
    &b[at_[i].e..at_[i + 1].s]
}

/// Whether the character after atom `j` ends the entity (not glued to more of a number).
fn ends_clean(b: &[u8], e: usize) -> bool {
    let n = at(b, e);
    !(alnum(n) || n == b'_' || (matches!(n, b'.' | b'-' | b',') && at(b, e + 1).is_ascii_digit()))
}

fn card(b: &[u8], at_: &[Atom], i: usize, out: &mut Vec<Raw>) {
    if matches!(before(b, at_[i].s), b'+' | b'-' | b'.') {
        return;
    }
    let mut digits: Vec<u8> = Vec::with_capacity(19);
    let mut best = None;
    let mut sep_char = None;
    for j in i..at_.len() {
        let a = at_[j];
        if !a.digits {
            break;
        }
        if j > i {
            let s = sep(b, at_, j - 1);
            if s.len() != 1
                || !(s[0] == b' ' || s[0] == b'-')
                || sep_char.is_some_and(|c| c != s[0])
            {
                break;
            }
            sep_char = Some(s[0]);
            if a.e - a.s < 3 || a.e - a.s > 7 {
                break;
            }
        }
        digits.extend_from_slice(&b[a.s..a.e]);
        if digits.len() > 19 {
            break;
        }
        if digits.len() >= 13
            && ends_clean(b, a.e)
            && check::luhn(&digits)
            && check::card_issuer(&digits)
        {
            best = Some(a.e);
        }
    }
    if let Some(e) = best {
        out.push((K::CreditCard, at_[i].s, e));
    }
}

fn digits_of(b: &[u8], at_: &[Atom], i: usize, j: usize) -> Vec<u8> {
    at_[i..=j]
        .iter()
        .flat_map(|a| b[a.s..a.e].iter().copied())
        .collect()
}

fn group_lens(at_: &[Atom], i: usize, n: usize) -> Option<Vec<usize>> {
    if i + n > at_.len() || !at_[i..i + n].iter().all(|a| a.digits) {
        return None;
    }
    Some(at_[i..i + n].iter().map(|a| a.e - a.s).collect())
}

fn same_seps(b: &[u8], at_: &[Atom], i: usize, n: usize, allowed: &[u8]) -> Option<u8> {
    let mut c = None;
    for k in i..i + n - 1 {
        let s = sep(b, at_, k);
        if s.len() != 1 || !allowed.contains(&s[0]) || c.is_some_and(|x| x != s[0]) {
            return None;
        }
        c = Some(s[0]);
    }
    c
}

fn ssn(b: &[u8], at_: &[Atom], i: usize, ctx: Ctx, out: &mut Vec<Raw>) {
    let s = at_[i].s;
    if matches!(before(b, s), b'-' | b'.' | b'+') || before(b, s).is_ascii_digit() {
        return;
    }
    let mut hit = |j: usize| {
        let e = at_[j].e;
        if ends_clean(b, e) && check::us_ssn(&digits_of(b, at_, i, j)) {
            out.push((K::UsSsn, s, e));
        }
    };
    if let Some(g) = group_lens(at_, i, 3) {
        if g == [3, 2, 4] && same_seps(b, at_, i, 3, b"- .").is_some() {
            return hit(i + 2);
        }
    }
    if let Some(g) = group_lens(at_, i, 2) {
        if (g == [3, 6] || g == [5, 4]) && same_seps(b, at_, i, 2, b"-").is_some() {
            return hit(i + 1);
        }
    }
    if at_[i].e - s == 9 && ctx.has(Ctx::SSN) {
        hit(i);
    }
}

fn nhs(b: &[u8], at_: &[Atom], i: usize, out: &mut Vec<Raw>) {
    let s = at_[i].s;
    if matches!(before(b, s), b'-' | b'.' | b'+') {
        return;
    }
    let mut hit = |j: usize| {
        let e = at_[j].e;
        if ends_clean(b, e) && check::uk_nhs(&digits_of(b, at_, i, j)) {
            out.push((K::UkNhs, s, e));
        }
    };
    if group_lens(at_, i, 3).is_some_and(|g| g == [3, 3, 4])
        && same_seps(b, at_, i, 3, b"- ").is_some()
    {
        return hit(i + 2);
    }
    if at_[i].e - s == 10 {
        hit(i);
    }
}

/// The IBAN length of the country `t` starts with, when `t` starts like an IBAN: two
/// letters of a country with IBANs, then two digits.
fn iban_head(t: &[u8]) -> Option<usize> {
    match t {
        [c1, c2, d1, d2, ..]
            if c1.is_ascii_alphabetic()
                && c2.is_ascii_alphabetic()
                && d1.is_ascii_digit()
                && d2.is_ascii_digit() =>
        {
            check::iban_length(&[c1.to_ascii_uppercase(), c2.to_ascii_uppercase()])
        }
        _ => None,
    }
}

fn iban(b: &[u8], at_: &[Atom], i: usize, out: &mut Vec<Raw>) {
    let a = at_[i];
    let t = &b[a.s..a.e];
    let Some(len) = iban_head(t) else {
        return;
    };
    let mut compact: Vec<u8> = Vec::with_capacity(34);
    let mut sep_char = None;
    for j in i..at_.len() {
        if j > i {
            let s = sep(b, at_, j - 1);
            if s.len() != 1
                || !(s[0] == b' ' || s[0] == b'-')
                || sep_char.is_some_and(|c| c != s[0])
            {
                return;
            }
            sep_char = Some(s[0]);
        }
        compact.extend_from_slice(&b[at_[j].s..at_[j].e]);
        if compact.len() == len {
            let lower = compact.iter().any(u8::is_ascii_lowercase);
            let upper = compact.iter().any(u8::is_ascii_uppercase);
            if !(lower && upper) && ends_clean(b, at_[j].e) && check::iban(&compact) {
                out.push((K::Iban, a.s, at_[j].e));
            }
            return;
        }
        if compact.len() > len || (j > i && at_[j].e - at_[j].s > 4) {
            return;
        }
    }
}

/// When atom `i` opens an IBAN written in groups (a country with IBANs and two digits,
/// `BE71`, then at least two groups of at most four letters or digits, all but the last
/// of four, with one space or one dash between them), the index of the atom after the
/// last group; else 0. It holds whether or not the checksum does.
fn iban_shaped(b: &[u8], at_: &[Atom], i: usize) -> usize {
    let t = &b[at_[i].s..at_[i].e];
    if t.len() != 4 || iban_head(t).is_none() {
        return 0;
    }
    let mut j = i + 1;
    let mut sep_char = None;
    while j < at_.len() && at_[j].e - at_[j].s <= 4 && at_[j - 1].e - at_[j - 1].s == 4 {
        let s = sep(b, at_, j - 1);
        if s.len() != 1 || !matches!(s[0], b' ' | b'-') || sep_char.is_some_and(|c| c != s[0]) {
            break;
        }
        sep_char = Some(s[0]);
        j += 1;
    }
    if j - i >= 3 {
        j
    } else {
        0
    }
}

fn nino(b: &[u8], at_: &[Atom], i: usize, out: &mut Vec<Raw>) {
    let a = at_[i];
    if !b[a.s].is_ascii_alphabetic() {
        return;
    }
    let mut compact: Vec<u8> = Vec::with_capacity(9);
    for j in i..at_.len().min(i + 5) {
        if j > i && sep(b, at_, j - 1) != b" " {
            return;
        }
        compact.extend_from_slice(&b[at_[j].s..at_[j].e]);
        if compact.len() == 9 {
            let lower = compact.iter().any(u8::is_ascii_lowercase);
            let upper = compact.iter().any(u8::is_ascii_uppercase);
            if !(lower && upper) && ends_clean(b, at_[j].e) && check::uk_nino(&compact) {
                out.push((K::UkNino, a.s, at_[j].e));
            }
            return;
        }
        if compact.len() > 9 {
            return;
        }
    }
}

/// Phone numbers: international (`+` and 8 to 15 digits), North American
/// (`(415) 555-0132`, `415-555-0132`, after a country code with or without its `+`, or
/// glued to a word: [`glued_phone`]), national numbers with a trunk `0` in two or more
/// groups (`020 7946 0958`, `090-1234-5678`), Indian mobiles in 5-5 groups, and bare
/// digit strings only after a word like "phone" or "call".
fn phone(b: &[u8], at_: &[Atom], i: usize, ctx: Ctx, out: &mut Vec<Raw>) {
    let a = at_[i];
    let p1 = before(b, a.s);
    let p2 = if a.s >= 2 { b[a.s - 2] } else { 0 };
    let plus = p1 == b'+';
    let paren = p1 == b'(';
    if p1.is_ascii_digit()
        || p1 == b'_'
        || (matches!(p1, b'.' | b'-' | b'/' | b':') && p2.is_ascii_digit())
    {
        return;
    }
    if p1.is_ascii_alphabetic() && a.e - a.s < 3 {
        return;
    }
    let start = if plus || paren { a.s - 1 } else { a.s };
    let mut groups: Vec<usize> = Vec::with_capacity(6);
    let mut digits = 0;
    let mut best: Option<usize> = None;
    let mut opened = paren;
    for j in i..at_.len().min(i + 7) {
        let g = at_[j];
        if !g.digits {
            break;
        }
        if j > i {
            let s = sep(b, at_, j - 1);
            let ok = !s.is_empty()
                && s.len() <= 3
                && s.iter().all(|c| b" -.()".contains(c))
                && s.iter().filter(|&&c| c == b' ').count() <= 1;
            if !ok {
                break;
            }
            for &c in s {
                if c == b'(' {
                    if opened {
                        return;
                    }
                    opened = true;
                } else if c == b')' {
                    opened = false;
                }
            }
        }
        groups.push(g.e - g.s);
        digits += g.e - g.s;
        if digits > 15 {
            break;
        }
        let e = g.e;
        if opened {
            if at(b, e) == b')' && j == i {
                continue; // `(415)`: the number goes on
            }
            continue;
        }
        if !ends_clean(b, e) {
            continue;
        }
        let first = b[a.s];
        let ok = if plus {
            (8..=15).contains(&digits)
        } else {
            let nanp = |k: usize| {
                // groups k.. are 3-3-4, area and exchange not starting 0 or 1
                groups.len() == k + 3 && groups[k..] == [3, 3, 4] && {
                    let d = digits_of(b, at_, i + k, i + k + 1);
                    d[0] >= b'2' && d[3] >= b'2'
                }
            };
            // (a country code before it, even without its `+`: `1 415 555 0132`,
            // `91-415-555-0132`)
            (nanp(0) || (groups[0] <= 3 && first != b'0' && nanp(1)))
                || (first == b'0'
                    && at(b, a.s + 1) != b'0'
                    && groups.len() >= 2
                    && (9..=12).contains(&digits)
                    && !(groups.len() == 3 && groups[0] <= 2 && groups[1] <= 2))
                || (groups == [5, 5] && (b'6'..=b'9').contains(&first))
                || (groups.len() == 1 && ctx.has(Ctx::PHONE) && !ctx.has(Ctx::NOT_PHONE) && {
                    let d = &b[a.s..a.e];
                    let n = d.len();
                    (n == 10 && d[0] >= b'2' && d[3] >= b'2')
                        || (n == 11 && d[0] == b'1' && d[1] >= b'3')
                        || ((10..=11).contains(&n) && d[0] == b'0' && d[1] != b'0')
                })
        };
        if ok {
            best = Some(e);
        }
    }
    if let Some(e) = best {
        out.push((K::Phone, start, e));
    }
}

/// A North American number written `415-555-0132` (or with `.` or a space) whose area
/// code is glued to the word before it (`is415-555-0132`, a missed space): the atom `i`
/// ends in the three digits of the area code after a letter, and its next two atoms are
/// the exchange and the line. Only this shape: letters glued to other digit groups are
/// part numbers and codes more often than phone numbers.
fn glued_phone(b: &[u8], at_: &[Atom], i: usize, out: &mut Vec<Raw>) {
    let a = at_[i];
    if a.e - a.s < 4 || i + 2 >= at_.len() {
        return;
    }
    let area = a.e - 3;
    let (x, line) = (at_[i + 1], at_[i + 2]);
    let ok = b[a.s..area].last().is_some_and(u8::is_ascii_alphabetic)
        && b[area..a.e].iter().all(u8::is_ascii_digit)
        && x.digits
        && line.digits
        && x.e - x.s == 3
        && line.e - line.s == 4
        && b[area] >= b'2'
        && b[x.s] >= b'2'
        && {
            let (s1, s2) = (&b[a.e..x.s], &b[x.e..line.s]);
            s1.len() == 1 && s1 == s2 && b"-. ".contains(&s1[0])
        }
        && ends_clean(b, line.e);
    if ok {
        out.push((K::Phone, area, line.e));
    }
}

// ---------------------------------------------------------------- secrets

fn b64(c: u8) -> bool {
    alnum(c) || c == b'+' || c == b'/'
}
fn tokc(c: u8) -> bool {
    word(c) || c == b'-'
}

/// Where a secret ends well: not followed by more of its alphabet.
fn clean_end(b: &[u8], e: usize, f: impl Fn(u8) -> bool) -> bool {
    !f(at(b, e))
}

#[inline(never)]
fn secrets(b: &[u8], kinds: KindSet, out: &mut Vec<Raw>) {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let prev = before(b, i);
        if !(c.is_ascii_alphanumeric() || c == b'_' || c == b'-') || word(prev) {
            i += 1;
            continue;
        }
        if let Some((k, e)) = secret_at(b, i, kinds) {
            if kinds.has(k) {
                out.push((k, i, e));
                i = e;
                continue;
            }
        }
        i += 1;
    }
}

fn ent(b: &[u8], min: f64) -> bool {
    check::entropy(b) >= min
}

/// The secret that starts at `b[i]`, if one does: the bytes there pick the providers
/// whose prefixes could match, and each provider's check is a function of its own, so
/// that V8 compiles it (at its first call) only once a text holds its prefix.
fn secret_at(b: &[u8], i: usize, kinds: KindSet) -> Option<(K, usize)> {
    let rest = &b[i..];
    let sw = |p: &[u8]| rest.starts_with(p);
    match b[i] {
        b'A' => aws_google(b, i, kinds),
        b'b' if sw(b"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t") => bedrock(b, i),
        b'b' if sw(b"bc1") || sw(b"BC1") => bech32(b, i),
        b'1' | b'3' => base58(b, i),
        b'0' if sw(b"0x") || sw(b"0X") => eth_address(b, i),
        b'g' => github_gitlab(b, i),
        b'G' if sw(b"GR1348941") => gitlab_runner(b, i),
        b'_' if sw(b"_gitlab_session=") => gitlab_session(b, i),
        b'x' => slack(b, i),
        b'h' if sw(b"hooks.slack.com/")
            || sw(b"https://hooks.slack.com/")
            || sw(b"http://hooks.slack.com/") =>
        {
            slack_webhook(b, i)
        }
        b's' | b'r' => stripe_anthropic_openai(b, i),
        b'e' if sw(b"ey") => jwt(b, i),
        b'Z' if sw(b"ZXlK") => jwt_base64(b, i),
        b'-' if sw(b"-----BEGIN") => private_key(b, i),
        _ => None,
    }
}

/// AWS access keys (`AKIA`..., Bedrock `ABSK`...) and Google API keys (`AIza`...) at `b[i]`.
#[inline(never)]
fn aws_google(b: &[u8], i: usize, kinds: KindSet) -> Option<(K, usize)> {
    let rest = &b[i..];
    let sw = |p: &[u8]| rest.starts_with(p);
    if (sw(b"AKIA")
        || sw(b"ASIA")
        || sw(b"ABIA")
        || sw(b"ACCA")
        || (sw(b"A3T") && alnum(at(b, i + 3))))
        && kinds.has(K::AwsAccessKey)
    {
        let e = run(b, i + 4, |c| {
            c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c)
        });
        let body = &b[i..i + 20.min(b.len() - i)];
        if e >= i + 20
            && !alnum(at(b, i + 20))
            && ent(body, 3.0)
            && !body.windows(7).any(|w| w == b"EXAMPLE")
        {
            return Some((K::AwsAccessKey, i + 20));
        }
    }
    if sw(b"ABSK") {
        let e = run(b, i + 4, b64);
        let e2 = run(b, e, |c| c == b'=').min(e + 2);
        if (109..=269).contains(&(e - i - 4))
            && clean_end(b, e2, alnum)
            && ent(&b[i..e], 3.0)
            && !b[i..e].windows(7).any(|w| w == b"EXAMPLE")
        {
            return Some((K::AwsAccessKey, e2));
        }
    }
    if sw(b"AIza") {
        let e = run(b, i + 4, tokc);
        if e - i == 39 && ent(&b[i..e], 4.0) && !stand_in(&b[i + 4..e]) {
            return Some((K::GoogleApiKey, e));
        }
    }
    None
}

/// An AWS Bedrock long-term key (`bedrock-api-key-` and its fixed base64 prefix) at `b[i]`.
#[inline(never)]
fn bedrock(b: &[u8], i: usize) -> Option<(K, usize)> {
    let e = run(b, i + 44, |c| {
        b64(c) || c == b'=' || c == b'%' || c == b'&' || c == b'-' || c == b'_'
    });
    Some((K::AwsAccessKey, e))
}

/// A Bitcoin bech32 address (`bc1`...) at `b[i]`, checksum verified.
#[inline(never)]
fn bech32(b: &[u8], i: usize) -> Option<(K, usize)> {
    let e = run(b, i, alnum);
    if check::bech32_btc(&b[i..e]) {
        return Some((K::Crypto, e));
    }
    None
}

/// A Bitcoin base58check address (`1`... or `3`...) at `b[i]`, checksum verified.
#[inline(never)]
fn base58(b: &[u8], i: usize) -> Option<(K, usize)> {
    let e = run(b, i, alnum);
    if (25..=35).contains(&(e - i)) && check::base58check(&b[i..e]) {
        return Some((K::Crypto, e));
    }
    None
}

/// An Ethereum address (`0x` and 40 hex digits, not all decimal) at `b[i]`.
#[inline(never)]
fn eth_address(b: &[u8], i: usize) -> Option<(K, usize)> {
    let e = run(b, i + 2, |c| c.is_ascii_hexdigit());
    if e - i == 42 && !alnum(at(b, e)) && b[i + 2..e].iter().any(|c| !c.is_ascii_digit()) {
        return Some((K::Crypto, e));
    }
    None
}

/// GitHub tokens (`ghp_`..., `github_pat_`...) and GitLab tokens (`glpat-`...) at `b[i]`.
#[inline(never)]
fn github_gitlab(b: &[u8], i: usize) -> Option<(K, usize)> {
    let rest = &b[i..];
    let sw = |p: &[u8]| rest.starts_with(p);
    for p in [&b"ghp_"[..], b"gho_", b"ghu_", b"ghs_", b"ghr_"] {
        if sw(p) {
            let e = run(b, i + 4, alnum);
            if e - i >= 40 && ent(&b[i..i + 40], 3.0) {
                return Some((K::GithubToken, i + 40));
            }
        }
    }
    if sw(b"github_pat_") {
        let e = run(b, i + 11, word);
        if e - i >= 93 && ent(&b[i..i + 93], 3.0) {
            return Some((K::GithubToken, i + 93));
        }
    }
    const GITLAB: &[(&[u8], usize)] = &[
        (b"glpat-", 20),
        (b"glptt-", 40),
        (b"glcbt-", 22),
        (b"gldt-", 20),
        (b"glffct-", 20),
        (b"glft-", 20),
        (b"glimt-", 25),
        (b"glagent-", 50),
        (b"gloas-", 64),
        (b"glrt-", 20),
        (b"glsoat-", 20),
    ];
    for &(p, n) in GITLAB {
        if sw(p) {
            let e = run(b, i + p.len(), tokc);
            // routable tokens end `.xx` + 7 characters
            let mut end = e;
            if at(b, e) == b'.' {
                let e2 = run(b, e + 1, |c| c.is_ascii_lowercase() || c.is_ascii_digit());
                if e2 - e - 1 == 9 {
                    end = e2;
                }
            }
            if e - i - p.len() >= n && ent(&b[i..end], 3.0) {
                return Some((K::GitlabToken, end));
            }
        }
    }
    None
}

/// A GitLab runner registration token (`GR1348941`...) at `b[i]`.
#[inline(never)]
fn gitlab_runner(b: &[u8], i: usize) -> Option<(K, usize)> {
    let e = run(b, i + 9, tokc);
    if e - i >= 29 && ent(&b[i..e], 3.0) {
        return Some((K::GitlabToken, e));
    }
    None
}

/// A GitLab session cookie (`_gitlab_session=`...) at `b[i]`.
#[inline(never)]
fn gitlab_session(b: &[u8], i: usize) -> Option<(K, usize)> {
    let e = run(b, i + 16, |c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if e - i - 16 >= 32 {
        return Some((K::GitlabToken, e));
    }
    None
}

/// A Slack webhook URL (`hooks.slack.com/services/`...) at `b[i]`.
#[inline(never)]
fn slack_webhook(b: &[u8], i: usize) -> Option<(K, usize)> {
    let rest = &b[i..];
    let h = i + rest.iter().position(|&c| c == b'/').unwrap_or(0);
    let path = if b[h..].starts_with(b"//") {
        i + rest
            .windows(16)
            .position(|w| w == b"hooks.slack.com/")
            .unwrap_or(0)
            + 16
    } else {
        h + 1
    };
    for kind in [&b"services/"[..], b"workflows/", b"triggers/"] {
        if b[path..].starts_with(kind) {
            let e = run(b, path + kind.len(), b64);
            if e - path - kind.len() >= 43 {
                return Some((K::SlackWebhook, e));
            }
        }
    }
    None
}

/// Stripe (`sk_live_`...), Anthropic (`sk-ant-`...) and OpenAI (`sk-`...) keys at `b[i]`.
#[inline(never)]
fn stripe_anthropic_openai(b: &[u8], i: usize) -> Option<(K, usize)> {
    let rest = &b[i..];
    let sw = |p: &[u8]| rest.starts_with(p);
    for p in [
        &b"sk_live_"[..],
        b"sk_test_",
        b"sk_prod_",
        b"rk_live_",
        b"rk_test_",
        b"rk_prod_",
    ] {
        if sw(p) {
            let e = run(b, i + 8, alnum);
            if (10..=99).contains(&(e - i - 8)) && !tokc(at(b, e)) && ent(&b[i..e], 2.0) {
                return Some((K::StripeKey, e));
            }
        }
    }
    if sw(b"sk-ant-") {
        for p in [&b"sk-ant-api03-"[..], b"sk-ant-admin01-"] {
            if sw(p) {
                let e = run(b, i + p.len(), tokc);
                let body = &b[i + p.len()..e];
                if body.len() == 95 && body.ends_with(b"AA") {
                    return Some((K::AnthropicKey, e));
                }
            }
        }
        return None;
    }
    if sw(b"sk-") {
        for p in [&b"sk-proj-"[..], b"sk-svcacct-", b"sk-admin-"] {
            if sw(p) {
                let e = run(b, i + p.len(), tokc);
                if e - i - p.len() >= 40 && ent(&b[i..e], 3.0) {
                    return Some((K::OpenaiKey, e));
                }
                return None;
            }
        }
        let e = run(b, i + 3, alnum);
        let body = &b[i + 3..e];
        let marked = body.len() == 48 && &body[20..28] == b"T3BlbkFJ";
        if (marked || (body.len() == 48 && ent(body, 4.0))) && !tokc(at(b, e)) {
            return Some((K::OpenaiKey, e));
        }
    }
    None
}

/// A JSON Web Token (`ey`...`.ey`...) at `b[i]`, its header decoding to JSON.
#[inline(never)]
fn jwt(b: &[u8], i: usize) -> Option<(K, usize)> {
    // header.payload.signature, base64url; the header decodes to JSON
    let h = run(b, i, alnum);
    if h - i < 19 || at(b, h) != b'.' || !b[h + 1..].starts_with(b"ey") {
        return None;
    }
    let jb = |c: u8| alnum(c) || c == b'_' || c == b'-' || c == b'/' || c == b'\\';
    let p = run(b, h + 1, jb);
    if p - h - 1 < 19 {
        return None;
    }
    let mut e = p;
    if at(b, p) == b'.' {
        let s = run(b, p + 1, jb);
        e = if s - p > 10 {
            run(b, s, |c| c == b'=').min(s + 2)
        } else {
            p + 1
        };
    }
    let header = check::base64_decode(&b[i..h], 64)?;
    if header.first() == Some(&b'{') && header.contains(&b'"') {
        return Some((K::Jwt, e));
    }
    None
}

/// A base64-wrapped JSON Web Token (`ZXlK`...) at `b[i]`.
#[inline(never)]
fn jwt_base64(b: &[u8], i: usize) -> Option<(K, usize)> {
    let e = run(b, i, |c| b64(c) || c == b'_' || c == b'-' || c == b'\\');
    let e2 = run(b, e, |c| c == b'=').min(e + 2);
    if e - i >= 44 {
        let clean: Vec<u8> = b[i..e].iter().copied().filter(|&c| c != b'\\').collect();
        let dec = check::base64_decode(&clean, 96)?;
        let head = &dec[..dec.iter().position(|&c| c == b'.').unwrap_or(dec.len())];
        if dec.starts_with(b"eyJ")
            && check::base64_decode(&head[..head.len().min(40)], 30)
                .is_some_and(|h| h.first() == Some(&b'{'))
        {
            return Some((K::Jwt, e2));
        }
    }
    None
}

#[inline(never)]
fn slack(b: &[u8], i: usize) -> Option<(K, usize)> {
    let rest = &b[i..];
    let dig = |s: &[u8], lo: usize, hi: usize| {
        (lo..=hi).contains(&s.len()) && s.iter().all(u8::is_ascii_digit)
    };
    let an = |s: &[u8], lo: usize, hi: usize| {
        (lo..=hi).contains(&s.len()) && s.iter().all(|c| alnum(*c))
    };
    let e = run(b, i, |c| alnum(c) || c == b'-' || c == b'.');
    let tok = &b[i..e];
    if rest.starts_with(b"xapp-") {
        let parts: Vec<&[u8]> = tok[5..].split(|&c| c == b'-').collect();
        if parts.len() >= 4
            && dig(parts[0], 1, 1)
            && an(parts[1], 1, 64)
            && dig(parts[2], 1, 20)
            && an(parts[3], 8, 256)
        {
            return Some((K::SlackToken, e));
        }
        return None;
    }
    if rest.starts_with(b"xoxe.xoxb-") || rest.starts_with(b"xoxe.xoxp-") {
        let parts: Vec<&[u8]> = tok[10..].split(|&c| c == b'-').collect();
        if parts.len() == 2 && dig(parts[0], 1, 1) && an(parts[1], 160, 170) {
            return Some((K::SlackToken, e));
        }
        return None;
    }
    if tok.len() < 5 || tok[4] != b'-' || !tok.starts_with(b"xox") {
        return None;
    }
    let parts: Vec<&[u8]> = tok[5..].split(|&c| c == b'-').collect();
    let ok = match tok[3] {
        b'b' => {
            (parts.len() >= 2 && dig(parts[0], 10, 13) && dig(parts[1], 10, 13))
                || (parts.len() == 2 && dig(parts[0], 8, 14) && an(parts[1], 18, 26))
        }
        b'p' | b'e' => {
            (parts.len() >= 4 && parts[..3].iter().all(|p| dig(p, 10, 13)) && {
                let tail = &tok[5 + parts[..3].iter().map(|p| p.len() + 1).sum::<usize>()..];
                (28..=34).contains(&tail.len())
            }) || (tok[3] == b'e'
                && parts.len() == 2
                && dig(parts[0], 1, 1)
                && an(parts[1], 146, 146))
        }
        b'a' | b'r' => {
            let body = if parts.len() >= 2 && dig(parts[0], 1, 1) {
                parts[1]
            } else {
                parts[0]
            };
            an(body, 8, 48)
        }
        b'o' | b's' => {
            parts.len() == 4
                && parts[..3].iter().all(|p| dig(p, 1, 20))
                && !parts[3].is_empty()
                && parts[3].iter().all(u8::is_ascii_hexdigit)
        }
        _ => false,
    };
    ok.then_some((K::SlackToken, e))
}

/// A PEM private-key block: `-----BEGIN ... PRIVATE KEY-----`, at least 64 characters of
/// body, `-----END ... KEY-----`. An unterminated block (a truncated paste) from its
/// header to the end of the region still counts once the body is 64 characters long.
#[inline(never)]
fn private_key(b: &[u8], i: usize) -> Option<(K, usize)> {
    let hdr_end = i + 10 + b[i + 10..].windows(5).position(|w| w == b"-----")?;
    let header = &b[i + 10..hdr_end];
    if header.len() > 100
        || !header
            .windows(11)
            .any(|w| w.eq_ignore_ascii_case(b"PRIVATE KEY"))
    {
        return None;
    }
    let body_start = hdr_end + 5;
    let end_marker = b[body_start..]
        .windows(8)
        .position(|w| w == b"-----END")
        .map(|p| body_start + p);
    match end_marker {
        Some(m) => {
            if m - body_start < 64 {
                return None;
            }
            let close = m + 8 + b[m + 8..].windows(5).position(|w| w == b"-----")? + 5;
            Some((K::PrivateKey, close))
        }
        None => (b.len() - body_start >= 64).then_some((K::PrivateKey, b.len())),
    }
}

// ---------------------------------------------------------------- key = value

/// The words of an identifier (`apiKeyId` / `API_KEY_ID` -> `api`, `key`, `id`), lower case.
fn name_words(id: &[u8]) -> Vec<Vec<u8>> {
    let mut words: Vec<Vec<u8>> = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut prev_lower = false;
    for &c in id {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Whether an identifier names a secret: one of its words starts with `key`, `secret`,
/// `token`, `passw`, `pwd`, `auth`, `credential`, `creds`, `access` or `api` (and is not a
/// look-alike such as `keyword` or `author`), and its last word does not say it holds an
/// identifier, a name, a size or a location (`apiKeyId`, `secretName`, `tokenUrl`), nor a
/// public value (`publicKey`).
fn secret_name_words(id: &[u8]) -> bool {
    let words = name_words(id);
    const NOT: &[&[u8]] = &[
        b"keyword",
        b"keywords",
        b"keyboard",
        b"keypair",
        b"keystore",
        b"keytab",
        b"keying",
        b"keyframe",
        b"keypress",
        b"keypressed",
        b"keymap",
        b"keycode",
        b"keysize",
        b"keyspace",
        b"author",
        b"authors",
        b"authority",
        b"accessor",
        b"accessors",
        b"accessibility",
        b"accessible",
        b"apis",
    ];
    const KEYS: &[&[u8]] = &[
        b"key",
        b"secret",
        b"token",
        b"passw",
        b"pwd",
        b"auth",
        b"credential",
        b"creds",
        b"access",
        b"api",
        b"pass",
    ];
    const LAST_NOT: &[&[u8]] = &[
        b"id",
        b"ids",
        b"name",
        b"names",
        b"version",
        b"url",
        b"uri",
        b"endpoint",
        b"length",
        b"size",
        b"file",
        b"path",
        b"type",
        b"hash",
        b"format",
        b"count",
        b"alias",
        b"mode",
        b"prefix",
        b"header",
        b"field",
        b"label",
        b"event",
        b"source",
        b"selector",
        b"index",
        b"idx",
        b"len",
        b"min",
        b"max",
        b"dir",
        b"location",
        b"enabled",
        b"required",
    ];
    const ANY_NOT: &[&[u8]] = &[
        b"public",
        b"pub",
        b"primary",
        b"foreign",
        b"schema",
        b"sequence",
        b"bucket",
        b"csrf",
        b"monkey",
        b"turkey",
    ];
    if words.iter().any(|w| ANY_NOT.contains(&w.as_slice())) {
        return false;
    }
    if words
        .last()
        .is_some_and(|w| LAST_NOT.contains(&w.as_slice()))
    {
        return false;
    }
    words
        .iter()
        .any(|w| !NOT.contains(&w.as_slice()) && KEYS.iter().any(|k| w.starts_with(k)))
}

/// Values that are names, templates or stand-ins, not secrets.
fn stand_in(v: &[u8]) -> bool {
    let lower: Vec<u8> = v.iter().map(u8::to_ascii_lowercase).collect();
    let has = |p: &[u8]| lower.windows(p.len()).any(|w| w == p);
    v[0] == b'$'
        || has(b"xxxx")
        || has(b"****")
        || has(b"example")
        || has(b"placeholder")
        || has(b"changeme")
        || has(b"your_")
        || has(b"your-")
        || has(b"process.env")
        || has(b"os.environ")
        || has(b"getenv")
        || v.iter()
            .all(|c| c.is_ascii_alphabetic() || *c == b'_' || *c == b'.' || *c == b'-')
        || has(b"snapshot")
        || has(b"abcdefgh")
        || has(b"12345678")
        || code_path(v)
        || version_like(v)
}

/// `Ed25519.KeyPair`, `XSalsa20.key_length`: a dotted path of identifiers, code.
fn code_path(v: &[u8]) -> bool {
    v.contains(&b'.')
        && v.split(|&c| c == b'.')
            .all(|p| !p.is_empty() && p[0].is_ascii_alphabetic() && p.iter().all(|&c| word(c)))
}

/// `1.2.3`, `v2.0.1-rc1`, `rc0.13.0`: a version number.
fn version_like(v: &[u8]) -> bool {
    let s = v.iter().position(u8::is_ascii_digit).unwrap_or(v.len());
    s <= 2 && v[s..].iter().filter(|&&c| c == b'.').count() >= 2 && {
        let head = &v[s..];
        let e = head
            .iter()
            .position(|c| !(c.is_ascii_digit() || *c == b'.'))
            .unwrap_or(head.len());
        head[..e]
            .split(|&c| c == b'.')
            .filter(|p| !p.is_empty())
            .count()
            >= 3
    }
}

/// Values given a secret's name: `name = value` and the other operators (`:`, `:=`,
/// `=>`, `?=`, `.=`, `+=`), an XML element (`<apiToken>value</apiToken>`), and a call's
/// second argument after a quoted name (`setProperty("API_TOKEN", "value")`).
#[inline(never)]
fn assignments(b: &[u8], kinds: KindSet, out: &mut Vec<Raw>) {
    let mut i = 0;
    while i < b.len() {
        let shape = match b[i] {
            b'=' | b':' => operator(b, i),
            b'>' => xml_element(b, i),
            b',' => call_argument(b, i),
            _ => {
                i += 1;
                continue;
            }
        };
        let next = match shape {
            Shape::Skip(to) => to,
            Shape::Value { name, v, e, skip } => {
                if let Some(e) = secret_value(b, name, v, e, kinds, out) {
                    e
                } else {
                    skip
                }
            }
        };
        i = next.max(i + 1);
    }
}

/// What an operator, `>` or `,` starts in [`assignments`].
enum Shape {
    /// No value: go on from here.
    Skip(usize),
    /// A value `b[v..e]` named by `b[name]`; `skip`: where to go on if it is no secret.
    Value {
        name: (usize, usize),
        v: usize,
        e: usize,
        skip: usize,
    },
}

/// The bytes a value is made of (a token, a path, base64).
fn value_byte(c: u8) -> bool {
    word(c) || c == b'.' || c == b'=' || c == b'-' || c == b'+' || c == b'/'
}

/// `name = value` with the operator at `b[i]` (`=` or `:`).
fn operator(b: &[u8], i: usize) -> Shape {
    // the operator: = := :::= => : ?=
    let op_start = i;
    let op_end = run(b, i, |c| c == b'=' || c == b':' || c == b'>');
    if op_end - op_start > 4 {
        return Shape::Skip(op_end);
    }
    // the name: an identifier ending at most 20 characters before the operator (a type
    // may sit between: `var apiToken string = ...`, `apiToken: string = ...`,
    // `api_token: &str = ...`), past closing quotes, blanks and a type's marks
    let mut l = op_start;
    if matches!(before(b, l), b'?' | b'.' | b'+') {
        l -= 1;
    }
    let floor = l.saturating_sub(80);
    let mut name: Option<(usize, usize)> = None;
    let mut p = l;
    while p > floor {
        let c = b[p - 1];
        if matches!(
            c,
            b'"' | b'\''
                | b' '
                | b'\t'
                | b'`'
                | b':'
                | b'&'
                | b'*'
                | b'?'
                | b'<'
                | b'>'
                | b'['
                | b']'
        ) {
            p -= 1;
            continue;
        }
        if !(word(c) || c == b'.' || c == b'-') {
            break;
        }
        let e = p;
        while p > floor && (word(b[p - 1]) || b[p - 1] == b'.' || b[p - 1] == b'-') {
            p -= 1;
        }
        if l - e > 20 {
            break;
        }
        if secret_name_words(&b[p..e]) {
            name = Some((p, e));
            break;
        }
    }
    let Some(name) = name else {
        return Shape::Skip(op_end);
    };
    // value: skip quotes and blanks, and an HTTP authorization scheme before the
    // credential (`Authorization: Bearer <token>`)
    let mut v = op_end;
    let mut k = 0;
    while v < b.len() && k < 5 && matches!(b[v], b'"' | b'\'' | b'`' | b' ' | b'\t' | b'=') {
        v += 1;
        k += 1;
    }
    let w = run(b, v, |c| c.is_ascii_alphabetic() || c == b'-');
    if at(b, w) == b' ' && super::auth_scheme(&b[v..w]) {
        v = w + 1;
    }
    let e = run(b, v, value_byte);
    let next = at(b, e);
    // (`&`: the next parameter of a URL's query, `?api_key=...&page=2`)
    if e == b.len() || b"\"'` \t;\\,)}]&".contains(&next) || next == b'\n' {
        Shape::Value {
            name,
            v,
            e,
            skip: op_end,
        }
    } else {
        Shape::Skip(op_end)
    }
}

/// An XML element named for a secret, its `>` at `b[i]`: `<apiToken>value</apiToken>`,
/// the value maybe on a line of its own.
fn xml_element(b: &[u8], i: usize) -> Shape {
    let p = i - b[..i]
        .iter()
        .rev()
        .take_while(|&&c| word(c) || c == b'-')
        .count();
    if p == i || before(b, p) != b'<' || i - p > 64 || !secret_name_words(&b[p..i]) {
        return Shape::Skip(i + 1);
    }
    let v = i
        + 1
        + b[i + 1..]
            .iter()
            .take(64)
            .take_while(|c| c.is_ascii_whitespace())
            .count();
    let e = run(b, v, value_byte);
    if e == b.len() || at(b, e) == b'<' || at(b, e).is_ascii_whitespace() {
        Shape::Value {
            name: (p, i),
            v,
            e,
            skip: i + 1,
        }
    } else {
        Shape::Skip(i + 1)
    }
}

/// A call's second argument in quotes after a first that names a secret, the comma
/// between them at `b[i]`: `setProperty("API_TOKEN", "value")`, `getenv('api_key', '...')`.
fn call_argument(b: &[u8], i: usize) -> Shape {
    let q = before(b, i);
    if !matches!(q, b'"' | b'\'') {
        return Shape::Skip(i + 1);
    }
    let e = i - 1;
    let p = e - b[..e]
        .iter()
        .rev()
        .take_while(|&&c| word(c) || c == b'.' || c == b'-')
        .count();
    if p == e || before(b, p) != q || before(b, p - 1) != b'(' || !secret_name_words(&b[p..e]) {
        return Shape::Skip(i + 1);
    }
    let o = i
        + 1
        + b[i + 1..]
            .iter()
            .take(4)
            .take_while(|&&c| c == b' ')
            .count();
    let q2 = at(b, o);
    if !matches!(q2, b'"' | b'\'' | b'`') {
        return Shape::Skip(i + 1);
    }
    let ve = run(b, o + 1, value_byte);
    if at(b, ve) != q2 {
        return Shape::Skip(i + 1);
    }
    Shape::Value {
        name: (p, e),
        v: o + 1,
        e: ve,
        skip: i + 1,
    }
}

/// Reports `b[v..e]` (less trailing dots) as a secret named `b[name]` when it looks like
/// one: 10 to 150 bytes with entropy at least 3.5 bits a byte (a password: also from 6
/// bytes when it mixes letters with digits or marks), not a stand-in or the name spelled
/// out. Returns where the value ends.
fn secret_value(
    b: &[u8],
    (nl, ne): (usize, usize),
    v: usize,
    e: usize,
    kinds: KindSet,
    out: &mut Vec<Raw>,
) -> Option<usize> {
    let name = &b[nl..ne];
    let mut e2 = e;
    while e2 > v && b[e2 - 1] == b'.' {
        e2 -= 1;
    }
    let value = &b[v..e2];
    // a password need not look random (`password = hunter2`): a value so named is taken
    // from 6 bytes when it mixes letters with digits or other marks
    let password = name_words(name)
        .iter()
        .any(|w| w.starts_with(b"passw") || w.starts_with(b"pwd") || w == b"pass");
    let min = if password { 6 } else { 10 };
    if !(min..=150).contains(&value.len())
        || stand_in(value)
        || repeats_name(name, value)
        || !(ent(value, 3.5) || password && mixed(value))
    {
        return None;
    }
    let lower: Vec<u8> = name.iter().map(u8::to_ascii_lowercase).collect();
    let aws = lower.windows(3).any(|w| w == b"aws") && lower.windows(6).any(|w| w == b"secret");
    let kind = if aws && value.len() == 40 && kinds.has(K::AwsSecretKey) {
        K::AwsSecretKey
    } else {
        K::Secret
    };
    if kinds.has(kind) {
        out.push((kind, v, e2));
    }
    Some(e)
}

/// Whether `v` holds letters and also digits or other marks (`hunter2`, `s3cret!`).
fn mixed(v: &[u8]) -> bool {
    v.iter().any(u8::is_ascii_alphabetic) && v.iter().any(|c| !c.is_ascii_alphabetic())
}

/// The value after a secret's name and `is` in prose (`my password is hunter2`, `the API
/// key is ...`): the word before `is` names the secret, the token after it is the value.
#[inline(never)]
fn copula(b: &[u8], kinds: KindSet, out: &mut Vec<Raw>) {
    let mut i = 0;
    while let Some(k) = b[i..].windows(4).position(|w| w == b" is ") {
        let at_is = i + k;
        i = at_is + 3;
        let ne = at_is;
        let nl = ne
            - b[..ne]
                .iter()
                .rev()
                .take(64)
                .take_while(|&&c| word(c) || c == b'-' || c == b'.')
                .count();
        if nl == ne || !secret_name_words(&b[nl..ne]) {
            continue;
        }
        let v = at_is + 4 + b[at_is + 4..].iter().take_while(|&&c| c == b' ').count();
        let e = run(b, v, value_byte);
        let next = at(b, e);
        if e == b.len() || next.is_ascii_whitespace() || b",;!?)\"'".contains(&next) {
            if let Some(end) = secret_value(b, (nl, ne), v, e, kinds, out) {
                i = end;
            }
        }
    }
}

/// Whether a value only spells out its own name (`KEY_MESHING = "key-meshing"`): a
/// constant naming something, not a secret. Compared on lower-case letters and digits.
fn repeats_name(name: &[u8], value: &[u8]) -> bool {
    let norm = |s: &[u8]| -> Vec<u8> {
        s.iter()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(u8::to_ascii_lowercase)
            .collect()
    };
    let (n, v) = (norm(name), norm(value));
    v.len() >= 8 && n.windows(v.len()).any(|w| w == v)
}

// ---------------------------------------------------------------- placeholders

/// `LABEL_N` / `LABEL N` at `i`: returns (end, separator index) when the label is a
/// letter followed by letters, digits or underscores and N is 1 to 6 digits.
fn label_num(b: &[u8], i: usize, allow_space: bool) -> Option<(usize, usize)> {
    if !b.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let e = run(b, i, word);
    // split LABEL_N at the last underscore
    let tok = &b[i..e];
    if let Some(u) = tok.iter().rposition(|&c| c == b'_') {
        let n = &tok[u + 1..];
        if u >= 2 && !n.is_empty() && n.len() <= 6 && n.iter().all(u8::is_ascii_digit) {
            return Some((e, i + u));
        }
    }
    if allow_space
        && at(b, e) == b' '
        && tok.len() >= 2
        && tok.iter().all(|c| c.is_ascii_uppercase() || *c == b'_')
    {
        let n = run(b, e + 1, |c| c.is_ascii_digit());
        if n > e + 1 && n - e - 1 <= 6 && !word(at(b, n)) {
            return Some((n, e));
        }
    }
    None
}

#[inline(never)]
fn placeholder_tokens(b: &[u8], mangled: bool, out: &mut Vec<Raw>) {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let close = match c {
            b'[' => b']',
            b'{' if mangled => b'}',
            b'<' if mangled => b'>',
            b'(' if mangled => b')',
            _ => 0,
        };
        if close != 0 {
            if let Some((e, _)) = label_num(b, i + 1, mangled) {
                if at(b, e) == close {
                    out.push((K::Placeholder, i, e + 1));
                    i = e + 1;
                    continue;
                }
            }
        }
        if mangled && c.is_ascii_alphabetic() && !word(before(b, i)) {
            if let Some((e, _)) = label_num(b, i, true) {
                if !word(at(b, e)) {
                    out.push((K::Placeholder, i, e));
                    i = e;
                    continue;
                }
            }
        }
        i += 1;
    }
}
