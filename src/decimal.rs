//! Decimal text to and from `f64`, exactly, without the standard library's float
//! formatting and parsing.
//!
//! `format!("{v:?}")` and `str::parse::<f64>` bring Grisu, Dragon and Eisel-Lemire with
//! their tables: 16 KB of the gzipped wasm (measured: 237.8 KB with them, 222.1 KB
//! without). The library formats a few numbers per result and parses a few per policy, so
//! a small big integer does the arithmetic here, exactly and slowly:
//! - [`write_shortest`] writes what `format!("{v:?}")` writes: the fewest digits that read
//!   back as `v`, the nearest to `v` among them; plain notation from 1e-4 up to 1e16,
//!   else `1.5e-7`. Numbers with a short decimal form (scores, offsets: most of what the
//!   library writes) take a quick path of a few float divisions, checked exactly;
//!   the others go through the big integer;
//! - [`parse`] reads a JSON number as `str::parse::<f64>` does: correctly rounded, ties to
//!   even;
//! - [`round_to`] rounds to `d` decimal places on the exact value, ties to even, as
//!   Python's `round(x, d)`.
//!
//! The tests check each against the standard library on random bit patterns.

use std::cmp::Ordering::{self, Equal, Greater, Less};

/// An unsigned integer: little-endian base 2^32 limbs, no zero limb on top (zero is empty).
#[derive(Clone, Debug)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(n: u64) -> Big {
        let mut b = Big(vec![n as u32, (n >> 32) as u32]);
        b.trim();
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// `self * m + a`.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for x in &mut self.0 {
            let t = u64::from(*x) * u64::from(m) + carry;
            *x = t as u32;
            carry = t >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    /// `self * 5^k`.
    fn mul_pow5(&mut self, mut k: u32) {
        const P13: u32 = 1_220_703_125; // 5^13, the largest power of 5 in a u32
        while k >= 13 {
            self.mul_add(P13, 0);
            k -= 13;
        }
        self.mul_add(5u32.pow(k), 0);
    }

    /// `self * 2^bits`.
    fn shl(&mut self, bits: u32) {
        if self.0.is_empty() {
            return;
        }
        let b = bits % 32;
        if b > 0 {
            let mut carry = 0;
            for x in &mut self.0 {
                let hi = *x >> (32 - b);
                *x = (*x << b) | carry;
                carry = hi;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        let limbs = (bits / 32) as usize;
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    fn cmp(&self, o: &Big) -> Ordering {
        self.0
            .len()
            .cmp(&o.0.len())
            .then_with(|| self.0.iter().rev().cmp(o.0.iter().rev()))
    }

    /// Divides by `d`; returns the remainder.
    fn div_rem(&mut self, d: u32) -> u32 {
        let mut rem = 0u64;
        for x in self.0.iter_mut().rev() {
            let t = (rem << 32) | u64::from(*x);
            *x = (t / u64::from(d)) as u32;
            rem = t % u64::from(d);
        }
        self.trim();
        rem as u32
    }

    /// The decimal digits, most significant first (none for zero).
    fn digits(mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while !self.0.is_empty() {
            let mut r = self.div_rem(1_000_000_000);
            for _ in 0..9 {
                out.push((r % 10) as u8);
                r /= 10;
            }
        }
        while out.last() == Some(&0) {
            out.pop(); // the leading zeros of the top group
        }
        out.reverse();
        out
    }
}

/// A positive decimal `0.d1 d2 d3 ... × 10^exp`: digits 0 to 9, the first and the last
/// not zero.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Decimal {
    digits: Vec<u8>,
    exp: i32,
}

impl Decimal {
    /// The exact value of `m × 2^e` (`m > 0`): every such number has a finite expansion.
    fn exact(m: u64, e: i32) -> Decimal {
        let mut b = Big::from_u64(m);
        let shift = if e >= 0 {
            b.shl(e as u32);
            0
        } else {
            // m / 2^k = m × 5^k / 10^k
            b.mul_pow5(e.unsigned_abs());
            e
        };
        let mut digits = b.digits();
        let exp = digits.len() as i32 + shift;
        while digits.last() == Some(&0) {
            digits.pop();
        }
        Decimal { digits, exp }
    }

    fn cmp(&self, o: &Decimal) -> Ordering {
        // no trailing zeros: a proper prefix is the smaller number
        self.exp
            .cmp(&o.exp)
            .then_with(|| self.digits.cmp(&o.digits))
    }

    /// The first `n` digits (`0 < n < len`) cut down, and one unit of the last kept digit
    /// more; and how the digits cut off compare with half a unit.
    fn cut(&self, n: usize) -> (Decimal, Decimal, Ordering) {
        let mut down = Decimal {
            digits: self.digits[..n].to_vec(),
            exp: self.exp,
        };
        let mut up = down.clone();
        match up.digits.iter().rposition(|&d| d != 9) {
            Some(i) => {
                up.digits.truncate(i + 1);
                up.digits[i] += 1;
            }
            None => {
                up = Decimal {
                    digits: vec![1],
                    exp: up.exp + 1,
                }
            }
        }
        while down.digits.last() == Some(&0) {
            down.digits.pop();
        }
        (down, up, half(&self.digits[n..]))
    }

    /// `down` or `up` of [`cut`](Self::cut), whichever is nearer, and the other one. Ties
    /// go up with `ties_up`, else to an even last digit.
    fn nearest(&self, n: usize, ties_up: bool) -> (Decimal, Decimal) {
        let (down, up, half) = self.cut(n);
        let odd = self.digits[n - 1] % 2 == 1;
        if half == Greater || (half == Equal && (ties_up || odd)) {
            (up, down)
        } else {
            (down, up)
        }
    }
}

/// How digits cut off (`rest`, not empty, the last not zero) compare with half a unit of
/// the digit before them.
fn half(rest: &[u8]) -> Ordering {
    rest[0]
        .cmp(&5)
        .then(if rest.len() > 1 { Greater } else { Equal })
}

/// `v > 0` (finite) as `(m, e, lower_gap_is_half)`: `v = m × 2^e`, and whether the next
/// number down is nearer than the next up (`v` a power of two above the smallest normal).
fn split(v: f64) -> (u64, i32, bool) {
    let bits = v.to_bits();
    let be = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    if be == 0 {
        (frac, -1074, false)
    } else {
        (frac | 1 << 52, be - 1075, frac == 0 && be > 1)
    }
}

/// The halfway points to `v`'s neighbours, as `(m, e)` pairs: below, above.
fn midpoints(m: u64, e: i32, half_below: bool) -> ((u64, i32), (u64, i32)) {
    let below = if half_below {
        (4 * m - 1, e - 2)
    } else {
        (2 * m - 1, e - 1)
    };
    (below, (2 * m + 1, e - 1))
}

/// The shortest decimal that reads back as `v > 0` (finite), the nearest to `v` among
/// those of that length.
fn shortest(v: f64) -> Decimal {
    let (m, e, half_below) = split(v);
    let exact = Decimal::exact(m, e);
    let ((lm, le), (hm, he)) = midpoints(m, e, half_below);
    let (low, high) = (Decimal::exact(lm, le), Decimal::exact(hm, he));
    // a decimal on a midpoint reads as the neighbour with the even significand
    let inclusive = m % 2 == 0;
    let reads_back = |d: &Decimal| {
        let (a, b) = (low.cmp(d), d.cmp(&high));
        if inclusive {
            a != Greater && b != Greater
        } else {
            a == Less && b == Less
        }
    };
    for n in 1..exact.digits.len() {
        // as core's Grisu and Dragon do, a tie between two that read back goes up
        let (near, far) = exact.nearest(n, true);
        if reads_back(&near) {
            return near;
        }
        if reads_back(&far) {
            return far;
        }
    }
    exact
}

/// Exact powers of ten, `10^0` to `10^16`.
const POW10: [f64; 17] = {
    let mut t = [1.0; 17];
    let mut k = 1;
    while k < 17 {
        t[k] = t[k - 1] * 10.0;
        k += 1;
    }
    t
};

/// [`shortest`] without big numbers for `v > 0` with a short decimal form (a score with
/// four decimals, a whole number below 2^40); `None` sends the rest to the exact search.
///
/// For `k = 0, 1, ...` decimals, the integers next to `v × 10^k` are tried: `c` reads back
/// as `v` when `c / 10^k == v` (both exact, so the division rounds as a parser rounds the
/// text `c` × 10^-k). The first `k` where one of them does gives the fewest digits, and
/// that one is the nearest to `v` among them. Below 2^40, `v × 10^k` is within 2^-13 of
/// its true value, so the two integers tried hold the nearest one. Where both read back
/// (a tie the exact search settles), `None`.
fn short_decimal(v: f64) -> Option<Decimal> {
    const LIMIT: f64 = (1u64 << 40) as f64;
    if v < 1e-4 {
        return None; // written as `1e-5`, by the exact search
    }
    for (k, &p) in POW10.iter().enumerate() {
        let y = v * p;
        if y >= LIMIT {
            return None;
        }
        let f = y.floor();
        let c = match (f / p == v, (f + 1.0) / p == v) {
            (true, false) => f,
            (false, true) => f + 1.0,
            (true, true) => return None,
            (false, false) => continue,
        };
        // the digits of `c` (below 2^40: at most 13), the trailing zeros left out
        let mut c = c as u64;
        let mut digits = Vec::with_capacity(13);
        while c > 0 {
            digits.push((c % 10) as u8);
            c /= 10;
        }
        digits.reverse();
        let exp = digits.len() as i32 - k as i32;
        while digits.last() == Some(&0) {
            digits.pop();
        }
        return Some(Decimal { digits, exp });
    }
    None
}

/// Appends `v` as `format!("{v:?}")` does (`v` finite): the shortest digits that read back
/// as `v`; `0.5`, `1.0`, `-0.0`; below 1e-4 or from 1e16 on, `1e-7`, `1.5e16`.
pub fn write_shortest(out: &mut String, v: f64) {
    debug_assert!(v.is_finite());
    if v.is_sign_negative() {
        out.push('-');
    }
    let a = v.abs();
    if a == 0.0 {
        out.push_str("0.0");
        return;
    }
    let d = short_decimal(a).unwrap_or_else(|| shortest(a));
    let digit = |x: u8| char::from(b'0' + x);
    if !(1e-4..1e16).contains(&a) {
        out.push(digit(d.digits[0]));
        if d.digits.len() > 1 {
            out.push('.');
            out.extend(d.digits[1..].iter().map(|&x| digit(x)));
        }
        out.push('e');
        out.push_str(&(d.exp - 1).to_string());
    } else if d.exp <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', d.exp.unsigned_abs() as usize));
        out.extend(d.digits.iter().map(|&x| digit(x)));
    } else {
        let int = d.exp as usize;
        let (whole, frac) = d.digits.split_at(int.min(d.digits.len()));
        out.extend(whole.iter().map(|&x| digit(x)));
        out.extend(std::iter::repeat_n('0', int - whole.len()));
        out.push('.');
        if frac.is_empty() {
            out.push('0');
        }
        out.extend(frac.iter().map(|&x| digit(x)));
    }
}

/// Significant digits read before the rest only counts as "not zero": enough to round any
/// decimal exactly (a halfway point between two doubles has at most 767).
const MAX_DIGITS: usize = 800;

/// Reads a JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`), correctly
/// rounded, ties to even: what `str::parse::<f64>` returns. Too large reads as infinite.
/// `None` when `s` is not a number.
pub fn parse(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (neg, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    // the value is digits × 10^q
    let mut digits = Vec::new();
    let mut q: i64 = 0;
    let (mut point, mut any, mut sticky) = (false, false, false);
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                any = true;
                if digits.len() < MAX_DIGITS && (c != b'0' || !digits.is_empty()) {
                    digits.push(c - b'0');
                    q -= i64::from(point);
                } else if digits.is_empty() {
                    q -= i64::from(point); // a leading zero
                } else {
                    sticky |= c != b'0';
                    q += i64::from(!point);
                }
            }
            b'.' if !point => point = true,
            b'e' | b'E' => break,
            _ => return None,
        }
        i += 1;
    }
    if !any {
        return None;
    }
    if i < b.len() {
        let rest = &b[i + 1..];
        let (eneg, rest) = match rest.first() {
            Some(b'-') => (true, &rest[1..]),
            Some(b'+') => (false, &rest[1..]),
            _ => (false, rest),
        };
        if rest.is_empty() || !rest.iter().all(u8::is_ascii_digit) {
            return None;
        }
        // saturates: past 10^9 the value is infinite or zero anyway
        let e = rest.iter().fold(0i64, |e, &c| {
            (e * 10 + i64::from(c - b'0')).min(1_000_000_000)
        });
        q += if eneg { -e } else { e };
    }
    if sticky {
        // a digit past the last kept one, not zero: rounds as the digits cut off did
        digits.push(1);
        q -= 1;
    }
    let v = from_digits(&mut digits, q);
    Some(if neg { -v } else { v })
}

/// `digits × 10^q` (digits most significant first), correctly rounded.
fn from_digits(digits: &mut Vec<u8>, mut q: i64) -> f64 {
    while digits.last() == Some(&0) {
        digits.pop();
        q += 1;
    }
    let n = digits.len() as i64;
    if n == 0 || n + q < -324 {
        return 0.0; // below 10^-324, under half the smallest double
    }
    if n + q > 310 {
        return f64::INFINITY;
    }
    let lead = digits
        .iter()
        .take(17)
        .fold(0u64, |a, &d| a * 10 + u64::from(d));
    if n <= 15 && (-22..=22).contains(&q) {
        // both exact (below 2^53, and 10^22 is a double): one correctly rounded operation
        let p = pow10(q.unsigned_abs() as i32);
        return if q < 0 {
            lead as f64 / p
        } else {
            lead as f64 * p
        };
    }
    // an estimate within a few units, then exact comparisons with its midpoints
    let r = (q + n - n.min(17)) as i32;
    let mut x = lead as f64 * 10f64.powi(r / 2) * 10f64.powi(r - r / 2);
    if x == 0.0 {
        x = f64::from_bits(1);
    } else if x.is_infinite() {
        x = f64::MAX;
    }
    let mut big = Big(Vec::new());
    for c in digits.chunks(9) {
        let m = 10u32.pow(c.len() as u32);
        big.mul_add(m, c.iter().fold(0, |a, &d| a * 10 + u32::from(d)));
    }
    let vs = |m: u64, e: i32| compare(&big, q, m, e);
    // each step moves one unit toward the value; the estimate is off by a few
    for _ in 0..4096 {
        let (m, e, half_below) = split(x);
        let ((lm, le), (hm, he)) = midpoints(m, e, half_below);
        let up = f64::from_bits(x.to_bits() + 1);
        match vs(hm, he) {
            Greater => {
                x = up;
                if x.is_infinite() {
                    return x;
                }
                continue;
            }
            Equal => return if m % 2 == 1 { up } else { x },
            Less => {}
        }
        let down = f64::from_bits(x.to_bits() - 1);
        match vs(lm, le) {
            Less if down == 0.0 => return 0.0,
            Less => x = down,
            Equal => return if m % 2 == 1 { down } else { x },
            Greater => return x,
        }
    }
    x
}

/// 10^k for `0 <= k <= 22`, exactly.
fn pow10(k: i32) -> f64 {
    (0..k).fold(1.0, |p, _| p * 10.0)
}

/// `d × 10^q` against `m × 2^e`, exactly.
fn compare(d: &Big, q: i64, m: u64, e: i32) -> Ordering {
    let mut l = d.clone();
    let mut r = Big::from_u64(m);
    let q32 = q.unsigned_abs() as u32; // |q| < 2000 here
    if q >= 0 {
        l.mul_pow5(q32);
        l.shl(q32);
    } else {
        r.mul_pow5(q32);
        r.shl(q32);
    }
    if e >= 0 {
        r.shl(e as u32);
    } else {
        l.shl(e.unsigned_abs());
    }
    l.cmp(&r)
}

/// `x` rounded to `d` decimal places on its exact value, ties to even: Python's
/// `round(x, d)` (the sign of a zero result is kept).
pub fn round_to(x: f64, d: u32) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let (m, e, _) = split(x.abs());
    let exact = Decimal::exact(m, e);
    let keep = i64::from(exact.exp) + i64::from(d); // significant digits kept
    let mut r = match keep {
        k if k > 0 && k as usize >= exact.digits.len() => return x,
        k if k > 0 => exact.nearest(k as usize, false).0,
        // below one unit of the last place kept: that unit when past half of it, else 0
        0 if half(&exact.digits) == Greater => Decimal {
            digits: vec![1],
            exp: exact.exp + 1,
        },
        _ => Decimal {
            digits: Vec::new(),
            exp: 0,
        },
    };
    let q = i64::from(r.exp) - r.digits.len() as i64;
    let v = from_digits(&mut r.digits, q);
    if x < 0.0 {
        -v
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::bits as rand;

    fn shortest_str(v: f64) -> String {
        let mut s = String::new();
        write_shortest(&mut s, v);
        s
    }

    const SPECIAL: &[f64] = &[
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.1,
        0.2,
        0.3,
        0.1 + 0.2,
        0.5,
        0.9,
        0.8439 + 0.5,
        2.0,
        100.0,
        123.456,
        1e-4,
        9.999e-5,
        1e-5,
        1.5e-7,
        1e15,
        9007199254740993.0,
        9999999999999998.0,
        1e16,
        1.5e16,
        1e21,
        1e22,
        1e23,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        1e-323,
        f64::MIN_POSITIVE - 5e-324,
        1.7976931348623157e308,
        0.8439,
        -0.5719,
        0.000123,
    ];

    #[test]
    fn writes_what_debug_writes() {
        for &v in SPECIAL {
            assert_eq!(shortest_str(v), format!("{v:?}"), "{v:e}");
        }
        let mut next = rand(7);
        let mut n = 0;
        while n < 20_000 {
            let v = f64::from_bits(next());
            if v.is_finite() {
                assert_eq!(shortest_str(v), format!("{v:?}"), "bits {:#x}", v.to_bits());
                n += 1;
            }
        }
        // powers of two (the lower neighbour is nearer) and numbers of a few digits
        for k in -1074..1024 {
            let v = 2f64.powi(k);
            assert_eq!(shortest_str(v), format!("{v:?}"), "2^{k}");
        }
        for _ in 0..20_000 {
            let r = next();
            let v = (r % 100_000) as f64 * 10f64.powi((r >> 40) as i32 % 40 - 20);
            assert_eq!(shortest_str(v), format!("{v:?}"), "{v:e}");
        }
    }

    #[test]
    fn short_decimals_take_the_quick_path_and_write_what_debug_writes() {
        // scores with up to four decimals, whole numbers (offsets), and values around the
        // quick path's limits
        let mut values: Vec<f64> = (0..=20_000).map(|i| f64::from(i) / 10_000.0).collect();
        values.extend((0..=2_000).map(|i| f64::from(i) * 0.0001 - 0.1));
        let mut next = rand(11);
        for _ in 0..20_000 {
            values.push((next() % (1 << 41)) as f64);
            values.push((next() % 1_000_000_000) as f64 / 1000.0);
        }
        let edge = (1u64 << 40) as f64;
        values.extend([
            1e-4,
            1e-4 * (1.0 + f64::EPSILON),
            9.99e-5,
            edge - 1.0,
            edge,
            edge + 1.0,
        ]);
        let mut quick = 0;
        for v in values {
            quick += usize::from(v > 0.0 && short_decimal(v).is_some());
            assert_eq!(shortest_str(v), format!("{v:?}"), "{v:e}");
        }
        assert!(quick > 40_000, "the quick path wrote {quick}");
    }

    /// Random decimal text: `digits` significant digits, a point somewhere, an exponent.
    fn decimal_text(next: &mut impl FnMut() -> u64, digits: usize, exp: i64) -> String {
        let mut s = String::new();
        if next() % 4 == 0 {
            s.push('-');
        }
        s.push(char::from(b'1' + (next() % 9) as u8));
        for _ in 1..digits {
            s.push(char::from(b'0' + (next() % 10) as u8));
        }
        if digits > 1 && next() % 2 == 0 {
            s.insert(s.len() - (next() as usize % (digits - 1)) - 1, '.');
        }
        s.push_str(&format!("e{exp}"));
        s
    }

    #[test]
    fn reads_what_parse_reads() {
        for t in [
            "0",
            "-0",
            "0.0",
            "0e5",
            "1",
            "-1",
            "0.5",
            "1e308",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2e308",
            "1e400",
            "1e-400",
            "5e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-323",
            "2.2250738585072011e-308",
            "9007199254740993",
            "9007199254740993.0000000001",
            "123456789012345678901234567890",
            "0.000001",
            "1E+2",
            "1e-0",
            "100e-2",
        ] {
            assert_eq!(
                parse(t).map(f64::to_bits),
                t.parse::<f64>().ok().map(f64::to_bits),
                "{t}"
            );
        }
        for t in ["", "-", ".", "e5", "1e", "1e+", "1.2.3", "x", "1x"] {
            assert_eq!(parse(t), None, "{t:?}");
        }
        let mut next = rand(11);
        for i in 0..20_000 {
            let digits = 1 + (next() % if i % 10 == 0 { 40 } else { 19 }) as usize;
            let exp = (next() % 700) as i64 - 350;
            let t = decimal_text(&mut next, digits, exp);
            let want: f64 = t.parse().unwrap();
            assert_eq!(parse(&t).map(f64::to_bits), Some(want.to_bits()), "{t}");
        }
        // exactly halfway between two doubles, and a hair either side, and long inputs
        for _ in 0..2_000 {
            let v = f64::from_bits(next() % 0x7fe0_0000_0000_0000);
            if v == 0.0 {
                continue;
            }
            let (m, e, _) = split(v);
            let mid = Decimal::exact(2 * m + 1, e - 1);
            let text: String = mid.digits.iter().map(|&d| char::from(b'0' + d)).collect();
            let q = i64::from(mid.exp) - mid.digits.len() as i64;
            for t in [
                format!("{text}e{q}"),
                format!("{text}0000000001e{}", q - 10),
                format!("{}e{}", &text[..text.len() - 1], q + 1),
            ] {
                let want: f64 = t.parse().unwrap();
                assert_eq!(parse(&t).map(f64::to_bits), Some(want.to_bits()), "{t}");
            }
        }
        let long = format!("0.{}1e3", "3".repeat(5000));
        assert_eq!(parse(&long), long.parse().ok());
    }

    #[test]
    fn rounds_as_exact_formatting_does() {
        // exact binary values on a tie go to the even digit
        for (x, d, want) in [
            (0.125, 2, 0.12),
            (0.375, 2, 0.38),
            (2.5, 0, 2.0),
            (3.5, 0, 4.0),
        ] {
            assert_eq!(round_to(x, d), want, "{x} {d}");
        }
        for (x, d) in [
            (-0.00004, 4),
            (0.00005, 4),
            (0.00015, 4),
            (-0.00005, 4),
            (0.6, 0),
            (0.4, 0),
            (0.96, 1),
            (0.8439499999, 4),
            (1e-300, 3),
            (123456.789, 2),
        ] {
            let want: f64 = format!("{x:.0$}", d as usize).parse().unwrap();
            assert_eq!(round_to(x, d).to_bits(), want.to_bits(), "{x} {d}");
        }
        let mut next = rand(5);
        for _ in 0..20_000 {
            let r = next();
            let x = (r % 2_000_001) as f64 / 1e6 - 1.0 + ((r >> 32) % 3) as f64 * 0.00005;
            let d = (next() % 5) as u32;
            let want: f64 = format!("{x:.0$}", d as usize).parse().unwrap();
            assert_eq!(round_to(x, d), want, "{x} {d}");
        }
    }
}
