//! Deliberately weak generators, bit-exact to what they imitate (vectors in
//! `core/tests/vectors/`), so the prediction attacks against them are real.

mod counter;
mod glibc_rand;
mod glibc_rand48;
mod glibc_random_r;
mod java_random;
mod java_splittable;
mod md5_time_ua;
mod mt19937;
mod php_legacy;
mod php_mt_rand;
mod timestamp;
mod v8_math_random;

pub use counter::CounterTokens;
pub use glibc_rand::{GlibcRandTokens, GlibcRandom};
pub use glibc_rand48::{Rand48, c_format_g};
pub use glibc_random_r::{GlibcRandomR, GlibcStateType, glibc_type0_next};
pub use java_random::{JavaRandom, JavaRandomTokens, java_double_string, java_float_string};
pub use java_splittable::{
    GOLDEN_GAMMA, JavaSplittable, mix_murmur64, mix64, tlr_gamma, unmix_murmur64, unmix64,
};
pub use md5_time_ua::Md5TimeUaTokens;
pub use mt19937::{Mt19937, Mt19937Tokens, python_float_hex, python_float_repr, temper};
pub use php_legacy::{PhpCombinedLcg, PhpLegacyTokens, php_session_id};
pub use php_mt_rand::{PHP_MT_RAND_MAX, PhpMtMode, PhpMtRand};
pub(crate) use php_mt_rand::{temper as php_mt_temper, twist as php_mt_twist};
pub use timestamp::TimestampTokens;
pub use v8_math_random::{
    CACHE_SIZE as V8_CACHE_SIZE, V8MathRandom, V8MathRandomTokens, V8Print, js_number_string,
    js_radix_string, mantissa_to_f64,
};
pub(crate) use v8_math_random::{xorshift128, xorshift128_back};

/// Lower-case hex of an md5 digest.
pub(crate) fn md5_hex(input: &[u8]) -> String {
    use md5::{Digest, Md5};
    crate::token::encoding::hex(&Md5::digest(input))
}
