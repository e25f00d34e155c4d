//! Lookups in the generated fold table (`fold_table.rs`, from `scripts/gen_fold_table.py`).

use super::fold_table::{MARKS, MULTI, POOL, SINGLE};

/// Calls `emit` with the characters `c` stands for once compatibility forms are decomposed
/// and combining marks dropped (`ｆ` -> `f`, `é` -> `e`, `ﬁ` -> `f i`), or with `c` itself.
pub(crate) fn decompose(c: char, emit: &mut impl FnMut(char)) {
    let cp = c as u32;
    let i = SINGLE.partition_point(|&(k, _)| (k & 0x1F_FFFF) <= cp);
    if i > 0 {
        let (k, v) = SINGLE[i - 1];
        let start = k & 0x1F_FFFF;
        let len = ((k >> 21) & 0x3FF) + 1;
        if cp < start + len {
            let out = if k >> 31 == 1 { v + (cp - start) } else { v };
            emit(char::from_u32(out).unwrap_or(c));
            return;
        }
    }
    if let Ok(j) = MULTI.binary_search_by_key(&cp, |r| r.0) {
        let (_, off, len) = MULTI[j];
        let (off, len) = (off as usize, len as usize);
        for d in POOL.get(off..off + len).unwrap_or("").chars() {
            emit(d);
        }
        return;
    }
    emit(c)
}

/// Whether `c` is a combining mark (general category M).
pub(crate) fn is_combining_mark(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x300 {
        return false;
    }
    let i = MARKS.partition_point(|&(a, _)| a <= cp);
    i > 0 && cp <= MARKS[i - 1].1
}
