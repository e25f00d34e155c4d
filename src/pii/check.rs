//! Validators: the checks that turn a candidate shape into a finding (checksums, ranges,
//! issuer tables). Each takes the candidate's characters and answers yes or no; none
//! allocates more than a few bytes and none can panic on any input.

/// Luhn (mod 10) over ASCII digits; `false` on anything else.
///
/// ```
/// use chatguard::pii::check::luhn;
/// assert!(luhn(b"4111111111111111"));
/// assert!(!luhn(b"4111111111111112"));
/// ```
pub fn luhn(digits: &[u8]) -> bool {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut sum = 0u32;
    for (i, &d) in digits.iter().rev().enumerate() {
        let mut v = (d - b'0') as u32;
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// Whether `digits` (13 to 19 ASCII digits) start with a known card issuer's prefix for
/// that length: Visa, Mastercard, American Express, Discover, JCB, Diners Club,
/// UnionPay, Maestro.
pub fn card_issuer(digits: &[u8]) -> bool {
    let n = digits.len();
    if !(12..=19).contains(&n) {
        return false;
    }
    let p = |k: usize| -> u32 {
        digits[..k]
            .iter()
            .fold(0u32, |a, &d| a * 10 + (d - b'0') as u32)
    };
    let (p1, p2, p3, p4, p6) = (p(1), p(2), p(3), p(4), p(6));
    match p1 {
        4 => matches!(n, 13 | 16 | 19),                             // Visa
        3 if p2 == 34 || p2 == 37 => n == 15,                       // Amex
        3 if (3528..=3589).contains(&p4) => (16..=19).contains(&n), // JCB
        3 if (300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39 => {
            (14..=19).contains(&n) // Diners Club
        }
        5 if (51..=55).contains(&p2) => n == 16, // Mastercard
        5 if p2 == 50 || (56..=58).contains(&p2) => (12..=19).contains(&n), // Maestro
        2 if (222100..=272099).contains(&p6) => n == 16, // Mastercard 2-series
        6 if p4 == 6011 || p2 == 65 || (644..=649).contains(&p3) => (16..=19).contains(&n), // Discover
        6 if p2 == 62 => (16..=19).contains(&n), // UnionPay
        6 if p2 == 63 || p2 == 67 => (12..=19).contains(&n), // Maestro
        1 => n == 15,                            // UATP (and JCB 1800 / 2131)
        _ => false,
    }
}

/// The BBAN (the part after the check digits) of each country's IBAN, as in the SWIFT IBAN
/// Registry (release 101): runs of `n` digits, `a` upper-case letters, `c` letters or
/// digits. The IBAN's length is 4 plus the runs.
const IBAN_BBAN: &[(&[u8; 2], &str)] = &[
    (b"AD", "4n4n12c"),
    (b"AE", "3n16n"),
    (b"AL", "8n16c"),
    (b"AT", "5n11n"),
    (b"AZ", "4a20c"),
    (b"BA", "3n3n8n2n"),
    (b"BE", "3n7n2n"),
    (b"BG", "4a4n2n8c"),
    (b"BH", "4a14c"),
    (b"BI", "5n5n11n2n"),
    (b"BR", "8n5n10n1a1c"),
    (b"BY", "4c4n16c"),
    (b"CH", "5n12c"),
    (b"CR", "4n14n"),
    (b"CY", "3n5n16c"),
    (b"CZ", "4n16n"),
    (b"DE", "8n10n"),
    (b"DJ", "5n5n11n2n"),
    (b"DK", "4n9n1n"),
    (b"DO", "4c20n"),
    (b"EE", "2n14n"),
    (b"EG", "4n4n17n"),
    (b"ES", "4n4n1n1n10n"),
    (b"FI", "3n11n"),
    (b"FK", "2a12n"),
    (b"FO", "4n9n1n"),
    (b"FR", "5n5n11c2n"),
    (b"GB", "4a6n8n"),
    (b"GE", "2a16n"),
    (b"GI", "4a15c"),
    (b"GL", "4n9n1n"),
    (b"GR", "3n4n16c"),
    (b"GT", "4c20c"),
    (b"HN", "4a20n"),
    (b"HR", "7n10n"),
    (b"HU", "3n4n1n15n1n"),
    (b"IE", "4a6n8n"),
    (b"IL", "3n3n13n"),
    (b"IQ", "4a3n12n"),
    (b"IS", "4n2n6n10n"),
    (b"IT", "1a5n5n12c"),
    (b"JO", "4a4n18c"),
    (b"KW", "4a22c"),
    (b"KZ", "3n13c"),
    (b"LB", "4n20c"),
    (b"LC", "4a24c"),
    (b"LI", "5n12c"),
    (b"LT", "5n11n"),
    (b"LU", "3n13c"),
    (b"LV", "4a13c"),
    (b"LY", "3n3n15n"),
    (b"MC", "5n5n11c2n"),
    (b"MD", "2c18c"),
    (b"ME", "3n13n2n"),
    (b"MK", "3n10c2n"),
    (b"MN", "4n12n"),
    (b"MR", "5n5n11n2n"),
    (b"MT", "4a5n18c"),
    (b"MU", "4a2n2n12n3n3a"),
    (b"NI", "4a20n"),
    (b"NL", "4a10n"),
    (b"NO", "4n6n1n"),
    (b"OM", "3n16c"),
    (b"PK", "4a16c"),
    (b"PL", "8n16n"),
    (b"PS", "4a21c"),
    (b"PT", "4n4n11n2n"),
    (b"QA", "4a21c"),
    (b"RO", "4a16c"),
    (b"RS", "3n13n2n"),
    (b"RU", "9n5n15c"),
    (b"SA", "2n18c"),
    (b"SC", "4a2n2n16n3a"),
    (b"SD", "2n12n"),
    (b"SE", "3n16n1n"),
    (b"SI", "5n8n2n"),
    (b"SK", "4n6n10n"),
    (b"SM", "1a5n5n12c"),
    (b"SO", "4n3n12n"),
    (b"ST", "4n4n11n2n"),
    (b"SV", "4a20n"),
    (b"TL", "3n14n2n"),
    (b"TN", "2n3n13n2n"),
    (b"TR", "5n1n16c"),
    (b"UA", "6n19c"),
    (b"VA", "3n15n"),
    (b"VG", "4a16n"),
    (b"XK", "4n10n2n"),
    (b"YE", "4a4n18c"),
];

/// Parses one structure run (`12c`) at the start of `f`: (count, class, rest).
fn bban_run(f: &[u8]) -> Option<(usize, u8, &[u8])> {
    let d = f.iter().take_while(|b| b.is_ascii_digit()).count();
    let n = f[..d]
        .iter()
        .fold(0usize, |n, b| n * 10 + usize::from(b - b'0'));
    let class = *f.get(d)?;
    Some((n, class, &f[d + 1..]))
}

fn bban_structure(cc: &[u8]) -> Option<&'static str> {
    IBAN_BBAN
        .iter()
        .find(|(c, _)| c[..] == *cc)
        .map(|&(_, f)| f)
}

/// The IBAN length for a country code (uppercase ASCII), if it issues IBANs.
pub fn iban_length(cc: &[u8]) -> Option<usize> {
    let mut f = bban_structure(cc)?.as_bytes();
    let mut len = 4;
    while let Some((n, _, rest)) = bban_run(f) {
        len += n;
        f = rest;
    }
    Some(len)
}

/// Whether a BBAN (upper-case) has its country's structure.
fn bban_matches(structure: &str, bban: &[u8]) -> bool {
    let mut f = structure.as_bytes();
    let mut at = 0;
    while let Some((n, class, rest)) = bban_run(f) {
        let Some(run) = bban.get(at..at + n) else {
            return false;
        };
        let ok = match class {
            b'n' => run.iter().all(u8::is_ascii_digit),
            b'a' => run.iter().all(u8::is_ascii_uppercase),
            _ => run.iter().all(u8::is_ascii_alphanumeric),
        };
        if !ok {
            return false;
        }
        at += n;
        f = rest;
    }
    at == bban.len()
}

/// `digits` (ASCII digits) as a number modulo `m`.
fn digits_mod(digits: &[u8], m: u32) -> u32 {
    digits
        .iter()
        .fold(0, |r, d| (r * 10 + u32::from(d - b'0')) % m)
}

/// The national check digits some countries put inside the BBAN (whose structure has
/// made those parts digits).
fn national_check(cc: &[u8; 2], bban: &[u8]) -> bool {
    match cc {
        // Spain: the CCC's two check digits, over "00" + bank + branch, then the account
        b"ES" => {
            let digit = |ds: &[u8]| {
                let (mut w, mut sum) = (1u32, 0u32);
                for d in ds {
                    sum += u32::from(d - b'0') * w;
                    w = w * 2 % 11;
                }
                let c = sum % 11;
                b'0' + if c < 2 { c } else { 11 - c } as u8
            };
            let mut head = [b'0'; 10];
            head[2..].copy_from_slice(&bban[..8]);
            bban[8] == digit(&head) && bban[9] == digit(&bban[10..])
        }
        // Belgium: the last two digits are the first ten modulo 97 (97 for 0)
        b"BE" => {
            let c = digits_mod(&bban[..10], 97);
            digits_mod(&bban[10..], 100) == if c == 0 { 97 } else { c }
        }
        // Montenegro: the BBAN modulo 97 is 1
        b"ME" => digits_mod(bban, 97) == 1,
        // Norway: the account number's modulo-11 check digit
        b"NO" => {
            const W: [u32; 10] = [6, 7, 8, 9, 4, 5, 6, 7, 8, 9];
            let sum: u32 = W
                .iter()
                .zip(bban)
                .map(|(w, d)| w * u32::from(d - b'0'))
                .sum();
            sum % 11 == u32::from(bban[10] - b'0')
        }
        _ => true,
    }
}

/// A compact IBAN (no spaces, letters in either case): [`iban_format`] and the national
/// check digits of Spain, Belgium, Montenegro and Norway.
///
/// ```
/// use chatguard::pii::check::{iban, iban_format};
/// assert!(iban(b"ES9121000418450200051332"));
/// assert!(iban_format(b"ES2121000418450200051331") && !iban(b"ES2121000418450200051331"));
/// ```
pub fn iban(s: &[u8]) -> bool {
    if !iban_format(s) {
        return false;
    }
    let cc = [s[0].to_ascii_uppercase(), s[1].to_ascii_uppercase()];
    let mut bban = [0u8; 30];
    let bban = &mut bban[..s.len() - 4];
    for (d, c) in bban.iter_mut().zip(&s[4..]) {
        *d = c.to_ascii_uppercase();
    }
    national_check(&cc, bban)
}

/// A compact IBAN's international checks: the country's length and BBAN structure, and
/// mod-97 (what python-stdnum's `iban.validate(..., check_country=False)` checks).
///
/// ```
/// use chatguard::pii::check::iban_format;
/// assert!(iban_format(b"DE89370400440532013000"));
/// assert!(!iban_format(b"DE89370400440532013001"));
/// assert!(!iban_format(b"NL5630030A1716430")); // NL: four letters, then ten digits
/// ```
pub fn iban_format(s: &[u8]) -> bool {
    if s.len() < 5 || s.len() > 34 || !s.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let cc = [s[0].to_ascii_uppercase(), s[1].to_ascii_uppercase()];
    if !cc.iter().all(u8::is_ascii_uppercase) || !s[2].is_ascii_digit() || !s[3].is_ascii_digit() {
        return false;
    }
    if iban_length(&cc) != Some(s.len()) {
        return false;
    }
    let mut bban = [0u8; 30];
    let bban = &mut bban[..s.len() - 4];
    for (d, c) in bban.iter_mut().zip(&s[4..]) {
        *d = c.to_ascii_uppercase();
    }
    if !bban_structure(&cc).is_some_and(|f| bban_matches(f, bban)) {
        return false;
    }
    let mut r: u32 = 0;
    for &c in s[4..].iter().chain(&s[..4]) {
        let c = c.to_ascii_uppercase();
        if c.is_ascii_digit() {
            r = (r * 10 + (c - b'0') as u32) % 97;
        } else {
            let v = (c - b'A') as u32 + 10;
            r = (r * 100 + v) % 97;
        }
    }
    r == 1
}

/// A US Social Security number's nine digits: area not 000, 666 or 9xx, group not 00,
/// serial not 0000, and not one of the numbers published as examples (078-05-1120,
/// 219-09-9999, 123-45-6789).
pub fn us_ssn(d: &[u8]) -> bool {
    if d.len() != 9 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let area = &d[..3];
    if area == b"000" || area == b"666" || area[0] == b'9' {
        return false;
    }
    if &d[3..5] == b"00" || &d[5..] == b"0000" {
        return false;
    }
    !matches!(d, b"078051120" | b"219099999" | b"123456789") && !d.iter().all(|&c| c == d[0])
}

/// A UK National Insurance number, compact (`AB123456C`, either case): the prefix letters
/// HMRC allocates and a suffix A to D.
pub fn uk_nino(s: &[u8]) -> bool {
    if s.len() != 9 {
        return false;
    }
    let u: Vec<u8> = s.iter().map(u8::to_ascii_uppercase).collect();
    let (a, b) = (u[0], u[1]);
    if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() {
        return false;
    }
    if b"DFIQUV".contains(&a) || b"DFIOQUV".contains(&b) {
        return false;
    }
    if matches!(
        &u[..2],
        b"BG" | b"GB" | b"NK" | b"KN" | b"TN" | b"NT" | b"ZZ"
    ) {
        return false;
    }
    u[2..8].iter().all(u8::is_ascii_digit) && (b'A'..=b'D').contains(&u[8])
}

/// A UK NHS number's ten digits: the mod-11 check digit.
pub fn uk_nhs(d: &[u8]) -> bool {
    if d.len() != 10 || !d.iter().all(u8::is_ascii_digit) || d.iter().all(|&c| c == d[0]) {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .enumerate()
        .map(|(i, &c)| (c - b'0') as u32 * (10 - i as u32))
        .sum();
    let check = 11 - sum % 11;
    let check = if check == 11 { 0 } else { check };
    check != 10 && check == (d[9] - b'0') as u32
}

/// Shannon entropy of `s` in bits per byte.
pub fn entropy(s: &[u8]) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in s {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// SHA-256 (FIPS 180-4), for Bitcoin's base58check. Small inputs only.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, c) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    let mut out = [0u8; 32];
    for (i, x) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

/// A Bitcoin base58check address (`1...` or `3...`, 25 to 35 characters): decodes to 25
/// bytes whose last four are the double-SHA-256 checksum of the rest.
pub fn base58check(s: &[u8]) -> bool {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    if !(25..=35).contains(&s.len()) {
        return false;
    }
    let mut bytes = [0u8; 25];
    for &c in s {
        let Some(v) = ALPHABET.iter().position(|&a| a == c) else {
            return false;
        };
        let mut carry = v as u32;
        for b in bytes.iter_mut().rev() {
            carry += (*b as u32) * 58;
            *b = carry as u8;
            carry >>= 8;
        }
        if carry != 0 {
            return false; // more than 25 bytes
        }
    }
    let leading = s.iter().take_while(|&&c| c == b'1').count();
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    if leading != zeros {
        return false; // each leading '1' stands for one leading zero byte
    }
    let hash = sha256(&sha256(&bytes[..21]));
    hash[..4] == bytes[21..]
}

/// A Bitcoin bech32 (`bc1q...`, BIP-173) or bech32m (`bc1p...`, BIP-350) address, either
/// case but not mixed.
pub fn bech32_btc(s: &[u8]) -> bool {
    const CHARSET: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    if !(14..=74).contains(&s.len()) {
        return false;
    }
    let lower = s.iter().any(u8::is_ascii_lowercase);
    let upper = s.iter().any(u8::is_ascii_uppercase);
    if lower && upper {
        return false;
    }
    let s: Vec<u8> = s.iter().map(u8::to_ascii_lowercase).collect();
    if !s.starts_with(b"bc1") {
        return false;
    }
    let data: Option<Vec<u8>> = s[3..]
        .iter()
        .map(|c| CHARSET.iter().position(|x| x == c).map(|p| p as u8))
        .collect();
    let Some(data) = data else { return false };
    if data.len() < 7 {
        return false;
    }
    let mut chk: u32 = 1;
    let mut step = |v: u8| {
        let top = chk >> 25;
        chk = ((chk & 0x1ff_ffff) << 5) ^ v as u32;
        for (i, g) in [
            0x3b6a57b2u32,
            0x26508e6d,
            0x1ea119fa,
            0x3d4233dd,
            0x2a1462b3,
        ]
        .iter()
        .enumerate()
        {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    };
    for &c in b"bc" {
        step(c >> 5);
    }
    step(0);
    for &c in b"bc" {
        step(c & 31);
    }
    for &d in &data {
        step(d);
    }
    let version = data[0];
    match chk {
        1 => version == 0,                          // bech32: witness v0
        0x2bc8_30a3 => (1..=16).contains(&version), // bech32m: v1+
        _ => false,
    }
}

/// Decodes base64 or base64url (padding optional) into at most `limit` bytes; `None` on
/// a character outside both alphabets.
pub fn base64_decode(s: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity((s.len() * 3 / 4).min(limit));
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
            if out.len() >= limit {
                break;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_known_vectors() {
        let hex = |h: [u8; 32]| h.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(
            hex(sha256(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(sha256(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let long = vec![b'a'; 1000];
        assert_eq!(
            hex(sha256(&long)),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
        );
    }

    #[test]
    fn checksums() {
        assert!(luhn(b"79927398713"));
        assert!(!luhn(b"79927398710"));
        assert!(card_issuer(b"4111111111111111"));
        assert!(card_issuer(b"378282246310005"));
        assert!(!card_issuer(b"9111111111111111"));
        assert!(iban(b"GB82WEST12345698765432"));
        assert!(iban(b"gb82west12345698765432"));
        assert!(!iban(b"GB82WEST12345698765433"));
        assert!(!iban(b"XX82WEST12345698765432"));
        assert!(us_ssn(b"536224518"));
        assert!(!us_ssn(b"666224518"));
        assert!(!us_ssn(b"936224518"));
        assert!(!us_ssn(b"536004518"));
        assert!(!us_ssn(b"536220000"));
        assert!(uk_nino(b"AB123456C"));
        assert!(!uk_nino(b"AB123456E"));
        assert!(!uk_nino(b"QQ123456C"));
        assert!(uk_nhs(b"9434765919"));
        assert!(!uk_nhs(b"9434765918"));
        assert!(base58check(b"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"));
        assert!(!base58check(b"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3"));
        assert!(base58check(b"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"));
        // generated for these tests (witness v0, 20 bytes; witness v1, 32 bytes)
        assert!(bech32_btc(b"bc1qquyqjzstpsxsurcszyfpx9q4zct3sxg67gca4v"));
        assert!(!bech32_btc(b"bc1qquyqjzstpsxsurcszyfpx9q4zct3sxg67gca4w"));
        assert!(bech32_btc(
            b"bc1p9q5j52ev95hz7vp3xgengdfkxuurjw3m8s7nu06qg9pyx3z9gersjrtkz8"
        ));
        assert_eq!(
            base64_decode(b"eyJhbGciOiJIUzI1NiJ9", 64).unwrap(),
            br#"{"alg":"HS256"}"#
        );
    }
}
