//! Printed fractions back to bits: the integers `v` of `bits` bits whose `v / 2^bits` prints
//! as a given decimal (rounded to nearest at its last digit), for floats printed with any
//! precision.

/// The largest power of ten kept exactly: digits past it only widen the interval.
const MAX_DECIMALS: u32 = 22;

/// `[lo, hi]`: every `v < 2^bits` with `v / 2^bits` within half a unit of the last printed
/// digit of `s` (`"0.25"`, `".5"`, `"3.0517578125e-05"`, `"1e-3"`); `None` unless `s` is a
/// plain decimal in `[0, 1]` (`bits` at most 53).
pub fn unit_interval(s: &str, bits: u32) -> Option<(u64, u64)> {
    debug_assert!(bits <= 53);
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().ok()?),
        None => (s, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
        || int.len() + frac.len() > 40
    {
        return None;
    }
    // value = digits * 10^-decimals
    let joined = int.to_owned() + frac;
    let mut digits = joined.trim_start_matches('0');
    let mut decimals = frac.len() as i64 - i64::from(exp);
    if decimals < 0 {
        return digits.is_empty().then_some((0, 0));
    }
    let mut truncated = false;
    if decimals > i64::from(MAX_DECIMALS) {
        let drop = (decimals - i64::from(MAX_DECIMALS)) as usize;
        let keep = digits.len().saturating_sub(drop);
        truncated = digits[keep..].bytes().any(|b| b != b'0');
        digits = &digits[..keep];
        decimals = i64::from(MAX_DECIMALS);
    }
    if digits.len() > MAX_DECIMALS as usize + 1 {
        return None;
    }
    let n: u128 = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    let scale = 10u128.pow(decimals as u32);
    let full = 1u128 << bits;
    if n > scale {
        return None;
    }
    // Rounded: [n - 1/2, n + 1/2] units; truncated: [n - 1/2, n + 1] units (generous).
    let lo_num = (2 * n).saturating_sub(1) * full;
    let hi_num = (2 * n + if truncated { 2 } else { 1 }) * full;
    let lo = lo_num.div_ceil(2 * scale);
    let hi = (hi_num / (2 * scale)).min(full - 1);
    (lo <= hi).then_some((lo as u64, hi as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_rounded_prints() {
        let (lo, hi) = unit_interval("0.5", 48).unwrap();
        assert!(lo < 1 << 47 && hi > 1 << 47);
        assert_eq!((hi - lo + 1) / 1000, ((1u64 << 48) / 10) / 1000);
        let x = 0x1234_5678_9abc_u64;
        let printed = crate::token::weak::c_format_g(x as f64 / (1u64 << 48) as f64, 17);
        assert_eq!(unit_interval(&printed, 48), Some((x, x)));
        let small = 3u64;
        let printed = crate::token::weak::c_format_g(small as f64 / (1u64 << 48) as f64, 17);
        assert!(printed.contains("e-"), "{printed}");
        assert_eq!(unit_interval(&printed, 48), Some((small, small)));
        let (lo, hi) = unit_interval("0.123456", 48).unwrap();
        assert!(lo as f64 / 2f64.powi(48) >= 0.1234555 && hi as f64 / 2f64.powi(48) <= 0.1234565);
        assert_eq!(unit_interval("1.5", 48), None);
        assert_eq!(unit_interval("abc", 48), None);
        assert_eq!(unit_interval("", 48), None);
        assert_eq!(unit_interval("0", 48).map(|r| r.0), Some(0));
    }
}
