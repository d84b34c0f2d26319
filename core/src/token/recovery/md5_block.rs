//! md5 of short messages for the brute forces: the message is laid out once in a padded
//! 64-byte block and edited in place, so a candidate costs one compression and no allocation.

use md5::block_api::compress;

const IV: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];

/// The longest message that fits one block with its padding.
pub(super) const MAX_LEN: usize = 55;

/// A message of at most [`MAX_LEN`] bytes in a padded md5 block.
pub(super) struct OneBlock {
    block: [u8; 64],
    len: usize,
}

impl OneBlock {
    pub(super) fn new() -> Self {
        let mut b = OneBlock {
            block: [0; 64],
            len: usize::MAX,
        };
        b.set_len(0);
        b
    }

    /// The message bytes, to edit (only the first `len` count).
    pub(super) fn bytes(&mut self) -> &mut [u8] {
        &mut self.block[..MAX_LEN]
    }

    /// Sets the message length and the padding after it (a no-op when unchanged).
    pub(super) fn set_len(&mut self, len: usize) {
        debug_assert!(len <= MAX_LEN);
        if len == self.len {
            return;
        }
        self.block[len] = 0x80;
        self.block[len + 1..56].fill(0);
        self.block[56..].copy_from_slice(&(len as u64 * 8).to_le_bytes());
        self.len = len;
    }

    /// The digest as md5's four state words.
    pub(super) fn digest(&self) -> [u32; 4] {
        let mut s = IV;
        compress(&mut s, std::slice::from_ref(&self.block));
        s
    }
}

/// A 16-byte digest as md5's four little-endian state words.
pub(super) fn digest_words(d: &[u8; 16]) -> [u32; 4] {
    std::array::from_fn(|i| {
        u32::from_le_bytes([d[4 * i], d[4 * i + 1], d[4 * i + 2], d[4 * i + 3]])
    })
}

/// Writes `v` in decimal at `buf[at..]` and returns where it ends.
pub(super) fn write_decimal(buf: &mut [u8], at: usize, mut v: u64) -> usize {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let digits = &tmp[i..];
    buf[at..at + digits.len()].copy_from_slice(digits);
    at + digits.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use md5::{Digest, Md5};

    #[test]
    fn one_block_matches_md5_at_every_length() {
        let mut b = OneBlock::new();
        for len in (0..=MAX_LEN).chain([3, 0, 55, 10]) {
            for (i, byte) in b.bytes()[..len].iter_mut().enumerate() {
                *byte = b'a' + (i % 26) as u8;
            }
            b.set_len(len);
            let msg: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            let want: [u8; 16] = Md5::digest(&msg).into();
            assert_eq!(b.digest(), digest_words(&want), "length {len}");
        }
    }

    #[test]
    fn decimals() {
        let mut buf = [0u8; 24];
        for v in [0u64, 7, 10, 999_999, 1_700_000_000, u64::MAX] {
            let end = write_decimal(&mut buf, 2, v);
            assert_eq!(&buf[2..end], v.to_string().as_bytes());
        }
    }
}
