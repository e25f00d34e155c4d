//! Sorting by a two-number key through one sort routine.
//!
//! Every `sort_by` with its own closure is a separate copy of the standard library's sort
//! (driftsort with its quicksort and small-sort networks: 6 to 8 KB of wasm each; sorting
//! code was 49 KB of the wasm, now 13 KB, most of it regex-lite's own). Here each caller
//! maps its items to a `(u64, u64)` key, one monomorphic `sort_unstable` orders the keys
//! with the item's index as the last tie-break (so equal keys keep their order, as a
//! stable sort), and the items are put in that order. The lists sorted are findings and
//! candidates: short, and off the hot path.

/// Sorts `(key, key, index)` triples: the one sort instance.
#[inline(never)]
pub(crate) fn sort_keys(mut keys: Vec<(u64, u64, u32)>) -> Vec<(u64, u64, u32)> {
    keys.sort_unstable();
    keys
}

fn keys_of<T>(items: &[T], key: impl Fn(&T) -> (u64, u64)) -> Vec<(u64, u64, u32)> {
    items
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let (a, b) = key(x);
            (a, b, i as u32)
        })
        .collect()
}

/// Sorts `v` by `key`, ascending; items with equal keys keep their order.
pub(crate) fn sort_vec_by<T>(v: &mut Vec<T>, key: impl Fn(&T) -> (u64, u64)) {
    if v.len() < 2 {
        return;
    }
    let sorted = sort_keys(keys_of(v, key));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    // each index appears once in `sorted`, so every slot is taken exactly once
    v.extend(
        sorted
            .iter()
            .filter_map(|&(_, _, i)| slots[i as usize].take()),
    );
}

/// Sorts the slice `v` of plain values by `key`, ascending; equal keys keep their order.
pub(crate) fn sort_slice_by<T: Copy>(v: &mut [T], key: impl Fn(&T) -> (u64, u64)) {
    if v.len() < 2 {
        return;
    }
    let sorted = sort_keys(keys_of(v, key));
    let old = v.to_vec();
    for (dst, &(_, _, i)) in v.iter_mut().zip(&sorted) {
        *dst = old[i as usize];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_the_key_and_keeps_the_order_of_equal_keys() {
        let mut v: Vec<(u32, &str)> = vec![(3, "a"), (1, "b"), (3, "c"), (2, "d"), (1, "e")];
        let mut want = v.clone();
        want.sort_by_key(|x| x.0);
        sort_vec_by(&mut v, |x| (u64::from(x.0), 0));
        assert_eq!(v, want);
        let mut s = [(5u8, 1u8), (5, 0), (1, 9), (7, 7)];
        // (descending by the first: its complement)
        sort_slice_by(&mut s, |x| (u64::MAX - u64::from(x.0), u64::from(x.1)));
        assert_eq!(s, [(7, 7), (5, 0), (5, 1), (1, 9)]);
        let mut strings: Vec<String> = ["b", "a", "c", "a"].map(String::from).to_vec();
        sort_vec_by(&mut strings, |s| (u64::from(s.as_bytes()[0]), 0));
        assert_eq!(strings, ["a", "a", "b", "c"]);
    }
}
