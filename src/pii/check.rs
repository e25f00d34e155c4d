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

/// IBAN lengths by country (the SWIFT IBAN registry, plus the partner countries that issue
/// IBANs in the same format).
const IBAN_LENGTHS: &[(&[u8; 2], u8)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AL", 28),
    (b"AT", 20),
    (b"AZ", 28),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BI", 27),
    (b"BR", 29),
    (b"BY", 28),
    (b"CH", 21),
    (b"CR", 22),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DJ", 27),
    (b"DK", 18),
    (b"DO", 28),
    (b"EE", 20),
    (b"EG", 29),
    (b"ES", 24),
    (b"FI", 18),
    (b"FK", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GE", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"GT", 28),
    (b"HN", 28),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IQ", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LC", 32),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"LY", 25),
    (b"MC", 27),
    (b"MD", 24),
    (b"ME", 22),
    (b"MK", 19),
    (b"MN", 20),
    (b"MR", 27),
    (b"MT", 31),
    (b"MU", 30),
    (b"NI", 28),
    (b"NL", 18),
    (b"NO", 15),
    (b"OM", 23),
    (b"PK", 24),
    (b"PL", 28),
    (b"PS", 29),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"RU", 33),
    (b"SA", 24),
    (b"SC", 31),
    (b"SD", 18),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"SO", 23),
    (b"ST", 25),
    (b"SV", 28),
    (b"TL", 23),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
    (b"VA", 22),
    (b"VG", 24),
    (b"XK", 20),
    (b"YE", 30),
];

/// The IBAN length for a country code (uppercase ASCII), if it issues IBANs.
pub fn iban_length(cc: &[u8]) -> Option<usize> {
    IBAN_LENGTHS
        .iter()
        .find(|(c, _)| c[..] == *cc)
        .map(|&(_, n)| n as usize)
}

/// A compact IBAN (no spaces, letters in either case): country length and mod-97.
///
/// ```
/// use chatguard::pii::check::iban;
/// assert!(iban(b"DE89370400440532013000"));
/// assert!(!iban(b"DE89370400440532013001"));
/// ```
pub fn iban(s: &[u8]) -> bool {
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
