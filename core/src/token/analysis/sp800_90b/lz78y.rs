//! §6.3.10 LZ78Y prediction (NIST's `binaryLZ78YPredictionEstimate`, its version for bits).

use super::prediction;

/// The longest prefix.
const B: usize = 16;
/// At most this many (prefix, next bit) pairs in all.
const MAX_DICTIONARY_SIZE: u64 = 65_536;

/// A dictionary of the prefixes of 1 to 16 bits seen so far, with the counts of the bit after
/// each; the prediction is the bit with the highest count over all the current prefixes (the
/// longest first; 1 on ties within one). New prefixes stop being added at 65,536 entries.
pub fn lz78y(bits: &[bool]) -> Option<f64> {
    let len = bits.len();
    if len < B + 3 {
        return None;
    }
    let s = |i: usize| usize::from(bits[i]);
    // Prefixes of length j at dict[j - 1], the latest bit lowest.
    let mut dict: Vec<Vec<u64>> = (0..B).map(|j| vec![0; 1 << (j + 2)]).collect();
    let mut elems = 0u64;
    let mut pattern = 0usize;
    for (j, table) in dict.iter_mut().enumerate() {
        pattern |= s(B - j - 1) << j;
        table[(pattern << 1) + s(B)] = 1;
        elems += 1;
    }

    let (mut c, mut run, mut max_run) = (0u64, 0u64, 0u64);
    // bits[i - 16..i], bits[i - 1] lowest.
    let mut window = bits[..B]
        .iter()
        .fold(0usize, |a, &b| a << 1 | usize::from(b));
    for i in B + 1..len {
        window = (window << 1 | s(i - 1)) & ((1 << B) - 1);
        let y = s(i);
        let (mut have, mut prediction, mut max_count) = (false, 2, 0u64);
        for j in (1..=B).rev() {
            let prefix = window & ((1 << j) - 1);
            let entry = &mut dict[j - 1][prefix << 1..(prefix << 1) + 2];
            let (p, count) = if entry[0] > entry[1] {
                (0, entry[0])
            } else {
                (1, entry[1])
            };
            if count != 0 {
                if count > max_count {
                    max_count = count;
                    have = true;
                    prediction = p;
                }
                entry[y] += 1;
            } else if elems < MAX_DICTIONARY_SIZE {
                entry[y] = 1;
                elems += 1;
            }
        }
        if have && prediction == y {
            c += 1;
            run += 1;
            max_run = max_run.max(run);
        } else {
            run = 0;
        }
    }
    Some(prediction::estimate(c, (len - B - 1) as u64, max_run, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_and_alternation() {
        let s = crate::token::analysis::sp800_90b::tests::noise(100_000);
        assert!(lz78y(&s).unwrap() > 0.98);
        // The commonest continuation wins, whatever its prefix's length: the short prefixes'
        // counts are the highest, so a long period is not learnt, alternation is.
        let p: Vec<bool> = (0..100_000).map(|i| i % 2 == 0).collect();
        assert!(lz78y(&p).unwrap() < 0.01);
        assert_eq!(lz78y(&s[..18]), None);
        assert!(lz78y(&s[..19]).is_some());
    }
}
