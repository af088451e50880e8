//! A stable shuffle: the same seed gives the same order, so a learner who reloads an
//! attempt sees its questions and choices where they were. Not for secrets: the order
//! only has to look arbitrary and stay put.

/// SplitMix64, a small, well-known generator; good enough to order a handful of items.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// `items` in an order fixed by `seed` (Fisher–Yates).
pub fn shuffled<T>(mut items: Vec<T>, seed: u64) -> Vec<T> {
    let mut rng = SplitMix64(seed);
    for i in (1..items.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_order_and_keeps_every_item() {
        let items: Vec<u32> = (0..20).collect();
        let a = shuffled(items.clone(), 42);
        assert_eq!(a, shuffled(items.clone(), 42));
        assert_ne!(
            a, items,
            "20 items in their original order is vanishingly unlikely"
        );
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, items);
        assert_ne!(a, shuffled(items, 43));
    }
}
