#!/usr/bin/env bash
# Times sessionlab's PHP mt_rand() seed search against openwall's php_mt_seed on the same
# machine, one after the other, over all 2^32 seeds in both twist modes (PHP 7.1+ and
# 5.2.1-7.0), from one mt_rand() output. php_mt_seed is not part of this repository: build it
# yourself (https://github.com/openwall/php_mt_seed, `make`, which uses -march=native and
# OpenMP on every core) and pass its path.
#
#   benches/scripts/php_mt_seed_compare.sh /path/to/php_mt_seed [SEED]
#
# The sample is the first mt_rand() after mt_srand(SEED) (default 1764670000), made by php-cli. php_mt_seed's
# figure excludes its separate, faster pass for PHP 3.0.7-5.2.0 seeding; it prints its own
# timing, and both totals below are wall-clock seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:?usage: $0 /path/to/php_mt_seed [SEED]}
seed=${2:-1764670000}
cargo build --release -q -p sessionlab-sim
command -v php >/dev/null 2>&1 || { echo "error: php not found (apt-get install php-cli)" >&2; exit 2; }
value=$(php -r "mt_srand($seed); echo mt_rand();")
echo "sample: mt_rand() = $value after mt_srand($seed); cores: $(nproc)"

start=$(date +%s.%N)
echo "$value" | ./target/release/sessionlab predict -g php-mt-rand -n 1 - >/dev/null 2>/tmp/sessionlab-php.err || true
ours=$(echo "$(date +%s.%N) - $start" | bc)
grep -o "seed [0-9].*" /tmp/sessionlab-php.err | head -1
echo "sessionlab predict -g php-mt-rand: ${ours} s"

start=$(date +%s.%N)
"$bin" "$value" > /tmp/php_mt_seed.out 2>&1
theirs=$(echo "$(date +%s.%N) - $start" | bc)
grep -E "^seed = " /tmp/php_mt_seed.out | grep -c "7.1" | sed 's/^/php_mt_seed seeds found for 7.1+: /'
echo "php_mt_seed (both passes): ${theirs} s"
echo "ratio php_mt_seed / sessionlab: $(echo "scale=2; $theirs / $ours" | bc)"
