//! Small statistics shared by the metric functions. Empty populations give `None` (null in
//! JSON), never NaN and never 0.

use serde::{Serialize, Serializer};

/// Linear interpolation between closest ranks (numpy's default, DuckDB `quantile_cont`).
/// `sorted` must be ascending.
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = p * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * frac)
}

/// `quantile(sorted, 0.5)` of `v` sorted, found by selection instead (the order of `v` changes).
pub fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let pos = 0.5 * (v.len() - 1) as f64;
    let (lo, frac) = (pos.floor() as usize, pos - pos.floor());
    let (_, &mut a, right) = v.select_nth_unstable_by(lo, f64::total_cmp);
    // the next value in order: the least of those after it
    let b = if frac == 0.0 { a } else { right.iter().copied().min_by(f64::total_cmp).unwrap_or(a) };
    Some(a + (b - a) * frac)
}

/// Sort ascending in [`f64::total_cmp`] order, as `sort_unstable_by(f64::total_cmp)` does
/// (values equal in that order have the same bits, so the result is the same): a long vector by
/// radix on the order's bits, six passes of 11 bits (a pass every value shares is skipped).
pub fn sort(v: &mut [f64]) {
    if v.len() < 2048 {
        v.sort_unstable_by(f64::total_cmp);
        return;
    }
    // total_cmp's key, as unsigned
    let key = |x: f64| {
        let b = x.to_bits() as i64;
        ((b ^ (((b >> 63) as u64) >> 1) as i64) as u64) ^ (1 << 63)
    };
    let value = |k: u64| {
        let b = (k ^ (1 << 63)) as i64;
        f64::from_bits((b ^ (((b >> 63) as u64) >> 1) as i64) as u64)
    };
    let mut keys: Vec<u64> = v.iter().map(|&x| key(x)).collect();
    let mut out = vec![0u64; keys.len()];
    for shift in (0..64).step_by(11) {
        let digit = |k: u64| ((k >> shift) & 0x7FF) as usize;
        let mut at = [0usize; 2048];
        for &k in &keys {
            at[digit(k)] += 1;
        }
        if at.contains(&keys.len()) {
            continue;
        }
        let mut sum = 0;
        for a in at.iter_mut() {
            (*a, sum) = (sum, sum + *a);
        }
        for &k in &keys {
            let d = digit(k);
            out[at[d]] = k;
            at[d] += 1;
        }
        std::mem::swap(&mut keys, &mut out);
    }
    for (x, k) in v.iter_mut().zip(keys) {
        *x = value(k);
    }
}

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// `num / den`, or `None` when the denominator is zero.
pub fn ratio(num: f64, den: f64) -> Option<f64> {
    (den != 0.0).then(|| num / den)
}

/// Relative change `(cur − prev) / prev`; `None` without both or when `prev` is 0.
pub fn change(cur: Option<f64>, prev: Option<f64>) -> Option<f64> {
    match (cur, prev) {
        (Some(c), Some(p)) if p != 0.0 => Some((c - p) / p),
        _ => None,
    }
}

/// An amount (money, units): written as an integer when it is one, else rounded to four
/// decimals, so that summing `19.90` a thousand times reads `19900`, not `19899.999999999996`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Num(pub f64);

impl Num {
    pub fn rounded(self) -> f64 {
        if self.0.abs() < 1e11 { (self.0 * 1e4).round() / 1e4 } else { self.0 }
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.rounded();
        if v.fract() == 0.0 && v.abs() < 9.0e15 { s.serialize_i64(v as i64) } else { s.serialize_f64(v) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_like_numpy() {
        // numpy.percentile([1, 2, 3, 4], 50) = 2.5; 90 → 3.7
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert!((quantile(&v, 0.9).unwrap() - 3.7).abs() < 1e-12);
        assert_eq!(quantile(&[7.0], 0.9), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn the_radix_sort_and_the_median_order_as_total_cmp_does() {
        let want_of = |v: &[f64]| {
            let mut w = v.to_vec();
            w.sort_unstable_by(f64::total_cmp);
            w
        };
        // long enough for the radix path, with negatives, zeros of both signs, ties,
        // infinities, NaN and values that differ only in their lowest bits
        let mut v: Vec<f64> = (0..5000u64)
            .map(|i| match i % 7 {
                0 => (i as f64) * 1.5,
                1 => -(i as f64) / 3.0,
                2 => f64::from_bits(0x4000_0000_0000_0000 + i % 13),
                3 => 0.0,
                4 => -0.0,
                5 => [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 1e-310][(i % 4) as usize],
                _ => 42.0,
            })
            .collect();
        let mut want = v.clone();
        want.sort_unstable_by(f64::total_cmp);
        for n in [1, 2, 3, 4, 7, 2048, 2049, 5000] {
            let mut part = v[..n].to_vec();
            assert_eq!(median(&mut part).map(f64::to_bits), quantile(&want_of(&v[..n]), 0.5).map(f64::to_bits), "{n} values");
        }
        sort(&mut v);
        assert_eq!(v.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want.iter().map(|x| x.to_bits()).collect::<Vec<_>>());
        // numpy.percentile([10, 20, 30, 40, 50], 90) = 46
        assert!((quantile(&[10.0, 20.0, 30.0, 40.0, 50.0], 0.9).unwrap() - 46.0).abs() < 1e-12);
    }

    #[test]
    fn ratios_and_changes() {
        assert_eq!(ratio(1.0, 0.0), None);
        assert_eq!(change(Some(120.0), Some(100.0)), Some(0.2));
        assert_eq!(change(Some(1.0), Some(0.0)), None);
        assert_eq!(change(None, Some(1.0)), None);
        assert_eq!(mean(&[]), None);
    }

    #[test]
    fn nums_print_as_integers_when_whole() {
        assert_eq!(serde_json::to_string(&Num(12000.0)).unwrap(), "12000");
        assert_eq!(serde_json::to_string(&Num(12.5)).unwrap(), "12.5");
        let sum: f64 = (0..1000).map(|_| 19.9).sum();
        assert_ne!(sum, 19900.0);
        assert_eq!(serde_json::to_string(&Num(sum)).unwrap(), "19900");
        assert_eq!(serde_json::to_string(&Num(229885.12999999596)).unwrap(), "229885.13");
    }
}
