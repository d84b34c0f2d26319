//! What t-tuple (§6.3.5) and LRS (§6.3.6) share: the suffix array of the bit string (SA-IS,
//! linear time), its longest-common-prefix array (Kasai's idea through the Φ array), and the
//! most occurrences of any t-bit tuple for every t (Kaufer's algorithm, as NIST's `SAalgs`).
//! Memory: some 20 bytes a bit at the peak (the suffix array's construction), 4 a bit after
//! (the LCP array, kept for LRS).

/// The suffix array's "no entry".
const NONE: u32 = u32::MAX;

/// Kaufer's arrays for one bit string.
pub(super) struct Tuples {
    /// Bits.
    pub(super) n: usize,
    /// `l[0] = 0`, `l[i]` the longest common prefix of the i-th smallest suffix and the one
    /// before it (`0 < i < n`), `l[n] = 0`.
    pub(super) l: Vec<u32>,
    /// `q[t]`: the most occurrences (overlapping) of any t-bit tuple, `1 ≤ t ≤ v`.
    pub(super) q: Vec<u32>,
    /// The smallest t whose commonest tuple occurs fewer than 35 times (v + 1 if none).
    pub(super) u: usize,
    /// The length of the longest repeated substring.
    pub(super) v: usize,
}

impl Tuples {
    /// `None` when nothing repeats (fewer than 3 bits) or the string is too long for 32-bit
    /// indices.
    pub(super) fn new(bits: &[bool]) -> Option<Tuples> {
        let n = bits.len();
        if n < 2 || n >= NONE as usize {
            return None;
        }
        let text: Vec<u8> = bits.iter().map(|&b| u8::from(b)).collect();
        let l = lcp(&text, sa_is(&text, 1));
        let v = l[..n].iter().copied().max().unwrap_or(0) as usize;
        if v == 0 {
            return None;
        }
        let q = max_counts(&l, v);
        let mut u = 1;
        while u <= v && q[u] >= 35 {
            u += 1;
        }
        Some(Tuples { n, l, q, u, v })
    }
}

/// Kaufer's first pass (NIST's `SAalgs`, up to "Calculate u"): `q[t]` for `1 ≤ t ≤ v` from the
/// LCP array, with a stack of the lengths whose counts are non-zero.
fn max_counts(l: &[u32], v: usize) -> Vec<u32> {
    let n = l.len() - 1;
    let mut q = vec![1u32; v + 1];
    let mut a = vec![0u32; v + 2];
    let mut stack = vec![0usize; v + 3]; // NIST's I, from index 1
    let mut j = 0usize;
    for i in 1..=n {
        let (li, prev) = (l[i] as usize, l[i - 1] as usize);
        let mut carry = 0;
        if li < prev {
            let mut t = prev;
            j -= 1;
            while t > li {
                if j > 0 && stack[j] == t {
                    a[stack[j]] += a[stack[j + 1]];
                    a[stack[j + 1]] = 0;
                    j -= 1;
                }
                let count = a[stack[j + 1]] + 1;
                if q[t] >= count {
                    // q only decreases with t: nothing to raise down to the next non-zero count.
                    t = if j > 0 { stack[j] } else { li };
                } else {
                    q[t] = count;
                    t -= 1;
                }
            }
            carry = a[stack[j + 1]];
            a[stack[j + 1]] = 0;
        }
        if li > 0 {
            if j < 1 || stack[j] < li {
                j += 1;
                stack[j] = li;
            }
            a[stack[j]] += carry + 1;
        }
    }
    q
}

/// Kaufer's L from the suffix array (reused for it): the Φ array (each suffix's predecessor in
/// the suffix array), turned in place into the permuted LCP array in text order, which takes
/// linear time since `plcp[i + 1] ≥ plcp[i] - 1`.
fn lcp(text: &[u8], sa: Vec<u32>) -> Vec<u32> {
    let n = text.len();
    let mut plcp = vec![NONE; n];
    for w in sa.windows(2) {
        plcp[w[1] as usize] = w[0];
    }
    let mut h = 0usize;
    for i in 0..n {
        let j = plcp[i];
        if j == NONE {
            h = 0;
            plcp[i] = 0;
            continue;
        }
        let j = j as usize;
        while i + h < n && j + h < n && text[i + h] == text[j + h] {
            h += 1;
        }
        plcp[i] = h as u32;
        h = h.saturating_sub(1);
    }
    let mut l = sa;
    for x in l.iter_mut() {
        *x = plcp[*x as usize];
    }
    l.push(0);
    l
}

/// A letter of a string to sort the suffixes of.
trait Letter: Copy + Ord {
    fn rank(self) -> usize;
}

impl Letter for u8 {
    fn rank(self) -> usize {
        usize::from(self)
    }
}

impl Letter for u32 {
    fn rank(self) -> usize {
        self as usize
    }
}

/// The suffix array of `s`, whose letters are at most `upper`, by induced sorting (Nong, Zhang
/// and Chan's SA-IS, in the form of the AtCoder Library's `sa_is`). Suffixes compare as
/// strings: a proper prefix first.
fn sa_is<T: Letter>(s: &[T], upper: usize) -> Vec<u32> {
    let n = s.len();
    if n < 10 {
        let mut sa: Vec<u32> = (0..n as u32).collect();
        sa.sort_by(|&a, &b| s[a as usize..].cmp(&s[b as usize..]));
        return sa;
    }
    let r = |i: usize| s[i].rank();
    // ls[i]: suffix i is S-type (smaller than suffix i + 1).
    let mut ls = vec![false; n];
    for i in (0..n - 1).rev() {
        ls[i] = if s[i] == s[i + 1] {
            ls[i + 1]
        } else {
            s[i] < s[i + 1]
        };
    }
    // sum_l[c]: where letter c's bucket starts; sum_s[c]: where its S-type suffixes start.
    let (mut sum_l, mut sum_s) = (vec![0usize; upper + 1], vec![0usize; upper + 1]);
    for i in 0..n {
        if ls[i] {
            sum_l[r(i) + 1] += 1;
        } else {
            sum_s[r(i)] += 1;
        }
    }
    for c in 0..=upper {
        sum_s[c] += sum_l[c];
        if c < upper {
            sum_l[c + 1] += sum_s[c];
        }
    }

    let mut sa = vec![NONE; n];
    let induce = |sa: &mut Vec<u32>, lms: &[u32]| {
        sa.fill(NONE);
        let mut buf = sum_s.clone();
        for &d in lms {
            let d = d as usize;
            if d == n {
                continue;
            }
            sa[buf[r(d)]] = d as u32;
            buf[r(d)] += 1;
        }
        buf.copy_from_slice(&sum_l);
        sa[buf[r(n - 1)]] = (n - 1) as u32;
        buf[r(n - 1)] += 1;
        for i in 0..n {
            let v = sa[i];
            if v != NONE && v >= 1 && !ls[v as usize - 1] {
                let c = r(v as usize - 1);
                sa[buf[c]] = v - 1;
                buf[c] += 1;
            }
        }
        buf.copy_from_slice(&sum_l);
        for i in (0..n).rev() {
            let v = sa[i];
            if v != NONE && v >= 1 && ls[v as usize - 1] {
                let c = r(v as usize - 1) + 1;
                buf[c] -= 1;
                sa[buf[c]] = v - 1;
            }
        }
    };

    // The leftmost S-type suffixes, and each one's number among them.
    let mut lms_map = vec![NONE; n + 1];
    let mut lms: Vec<u32> = Vec::new();
    for i in 1..n {
        if !ls[i - 1] && ls[i] {
            lms_map[i] = lms.len() as u32;
            lms.push(i as u32);
        }
    }
    let m = lms.len();
    induce(&mut sa, &lms);
    if m > 0 {
        let mut sorted_lms: Vec<u32> = sa
            .iter()
            .copied()
            .filter(|&v| lms_map[v as usize] != NONE)
            .collect();
        // Name the LMS substrings in sorted order; equal ones get equal names.
        let mut rec_s = vec![0u32; m];
        let mut rec_upper = 0u32;
        rec_s[lms_map[sorted_lms[0] as usize] as usize] = 0;
        for i in 1..m {
            let (mut l, mut rr) = (sorted_lms[i - 1] as usize, sorted_lms[i] as usize);
            let end = |x: usize| {
                let k = lms_map[x] as usize + 1;
                if k < m { lms[k] as usize } else { n }
            };
            let (end_l, end_r) = (end(l), end(rr));
            let mut same = true;
            if end_l - l != end_r - rr {
                same = false;
            } else {
                while l < end_l {
                    if s[l] != s[rr] {
                        break;
                    }
                    l += 1;
                    rr += 1;
                }
                if l == n || s[l] != s[rr] {
                    same = false;
                }
            }
            if !same {
                rec_upper += 1;
            }
            rec_s[lms_map[sorted_lms[i] as usize] as usize] = rec_upper;
        }
        let rec_sa = sa_is(&rec_s, rec_upper as usize);
        for (slot, &k) in sorted_lms.iter_mut().zip(&rec_sa) {
            *slot = lms[k as usize];
        }
        induce(&mut sa, &sorted_lms);
    }
    sa
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> Vec<Vec<u8>> {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut out = Vec::new();
        for len in 0..120 {
            for k in [2u64, 3] {
                out.push((0..len).map(|_| (next() % k) as u8).collect());
            }
            let period = 1 + (next() % 7) as usize;
            let pattern: Vec<u8> = (0..period).map(|_| (next() % 2) as u8).collect();
            out.push((0..len).map(|i| pattern[i % period]).collect());
            out.push(vec![1; len]);
        }
        out
    }

    #[test]
    fn suffix_array_matches_sorting() {
        for s in strings() {
            let mut want: Vec<u32> = (0..s.len() as u32).collect();
            want.sort_by(|&a, &b| s[a as usize..].cmp(&s[b as usize..]));
            assert_eq!(sa_is(&s, 2), want, "{s:?}");
        }
    }

    #[test]
    fn lcp_and_counts_match_brute_force() {
        for s in strings().into_iter().filter(|s| s.len() >= 2) {
            let n = s.len();
            let sa = sa_is(&s, 2);
            let l = lcp(&s, sa.clone());
            assert_eq!((l.len(), l[0], l[n]), (n + 1, 0, 0));
            for i in 1..n {
                let (a, b) = (&s[sa[i - 1] as usize..], &s[sa[i] as usize..]);
                let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
                assert_eq!(l[i] as usize, common, "{s:?} {i}");
            }
            let v = l.iter().copied().max().unwrap() as usize;
            if v == 0 {
                continue;
            }
            let q = max_counts(&l, v);
            for (t, &qt) in q.iter().enumerate().skip(1) {
                let mut counts = std::collections::HashMap::new();
                for w in s.windows(t) {
                    *counts.entry(w).or_insert(0u32) += 1;
                }
                assert_eq!(qt, *counts.values().max().unwrap(), "{s:?} t={t}");
            }
        }
    }
}
