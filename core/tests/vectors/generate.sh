#!/usr/bin/env bash
# Regenerates the test vectors in this folder from the real implementations:
# java.util.Random (OpenJDK 17), CPython's random, libstdc++'s std::mt19937, glibc's rand(),
# and PHP 5.3's combined LCG (its C source, compiled with gcc); and, for java_formats, php_mt_rand,
# glibc_more and python_random, OpenJDK 17 (Random, SplittableRandom, ThreadLocalRandom), PHP 8.2
# (php-cli: mt_rand, rand, lcg_value, uniqid; installed with apt-get when `php` is missing), glibc
# (drand48 family, rand, random_r) with gcc, and CPython 3.11 (random, uuid1). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
javac -d "$tmp" src/JavaRandomVectors.java && java -cp "$tmp" JavaRandomVectors > java_random.txt
python3 src/python_mt19937.py > python_mt19937.txt
python3 src/md5_time_ua.py > md5_time_ua.txt
g++ -O1 -o "$tmp/cpp" src/cpp_mt19937.cpp && "$tmp/cpp" > cpp_mt19937.txt
gcc -O1 -o "$tmp/glibc" src/glibc_rand.c && "$tmp/glibc" > glibc_rand.txt
gcc -O1 -o "$tmp/php" src/php_combined_lcg.c && "$tmp/php" > php_combined_lcg.txt
# md5 of PHP's pre-hash strings, as php_session_create_id() returns with hash_function=0.
python3 - <<'PY' >> php_combined_lcg.txt
import hashlib
for line in open("php_combined_lcg.txt").read().splitlines():
    parts = line.split(" ", 3)
    if parts[2] == "input":
        print(parts[0], parts[1], "md5", hashlib.md5(parts[3].encode()).hexdigest())
PY

# Streams for the predictors' known-answer tests (core/tests/token_recovery.rs).
javac -d "$tmp" src/JavaRandomSequences.java && java -cp "$tmp" JavaRandomSequences > java_random_sequences.txt
g++ -O1 -o "$tmp/mtstream" src/cpp_mt19937_stream.cpp && "$tmp/mtstream" > cpp_mt19937_stream.txt
python3 src/python_mt19937_stream.py u32 > python_mt19937_u32.txt
python3 src/python_mt19937_stream.py hex128 > python_mt19937_hex128.txt
gcc -O1 -o "$tmp/glibcstream" src/glibc_rand_stream.c && "$tmp/glibcstream" > glibc_rand_stream.txt
python3 src/md5_time_ua_stream.py > md5_time_ua_stream.txt
# PHP 5.3 ids of fresh processes: the pre-hash string (the last field) replaced by its md5.
gcc -O1 -o "$tmp/phpfresh" src/php_fresh_process.c && "$tmp/phpfresh" | python3 -c '
import hashlib, sys
for line in sys.stdin:
    *fields, pre = line.rstrip("\n").split(" ")
    print(*fields, hashlib.md5(pre.encode()).hexdigest())
' > php_fresh_process.txt
# V8's Math.random() (the node on PATH; the file records Node 20.20) under --random-seed.
for s in 1 42 123456789 2147483647; do node --random-seed=$s src/v8_math_random.js; done > v8_math_random.txt

# Install php-cli when `php` is missing (with sudo unless root).
if ! command -v php >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo=sudo; fi
    $sudo apt-get update && $sudo apt-get install -y php-cli
fi
# java.util.Random/SplittableRandom/ThreadLocalRandom formats; TLR's seed is set by reflection.
javac -d "$tmp" src/JavaFormatsVectors.java && java --add-opens java.base/java.lang=ALL-UNNAMED -cp "$tmp" JavaFormatsVectors > java_formats.txt
# PHP mt_rand/rand (seeded), then fresh processes: 5 for lcg_value, 3 for uniqid(), 3 for uniqid('', true).
{
    php src/php_mt_rand.php seeded
    for i in 1 2 3 4 5; do php src/php_mt_rand.php lcg; done
    for i in 1 2 3; do php src/php_mt_rand.php uniqid; done
    for i in 1 2 3; do php src/php_mt_rand.php uniqid_more; done
} > php_mt_rand.txt
# glibc drand48 family, rand() as hex ids, random_r() per state size, srand(time) streams.
gcc -O1 -o "$tmp/glibcmore" src/glibc_more.c && "$tmp/glibcmore" > glibc_more.txt
# CPython random formats (seeded), then fresh processes: 3 for uuid1(), 1 for uuid1(node, clock_seq).
{
    python3 src/python_random.py seeded
    for i in 1 2 3; do python3 src/python_random.py uuid1; done
    python3 src/python_random.py uuid1_fixed
} > python_random.txt
python3 src/python_random.py long > python_random_long.txt

# Session cookie values as real frameworks set them (core/tests/cookie_values.rs): Node's
# express-session, @fastify/session, cookie-session and jsonwebtoken from npm, and Flask and
# Django from PyPI (servers/apps/install.sh's venv), each run for real.
npm install --silent --prefix "$tmp/npm" express@4 express-session@1 cookie-session@2 \
  jsonwebtoken@9 fastify@5 @fastify/session@11 @fastify/cookie@11 >/dev/null
NODE_PATH="$tmp/npm/node_modules" node src/cookie_values.js > cookie_values.txt
sh ../../../servers/apps/install.sh
../../../target/framework-apps/venv/bin/python src/cookie_values.py >> cookie_values.txt
for _ in 1 2; do
  php -r 'session_start(); echo "php plain ", session_id(), " ", session_id(), "\n";' 2>/dev/null
done >> cookie_values.txt
python3 - >> cookie_values.txt <<'PY'
import base64, os, urllib.parse
# Rails 5.2+ encrypted cookie store: base64(ciphertext)--base64(iv)--base64(auth tag), as
# ActiveSupport::MessageEncryptor (aes-256-gcm) writes it and Rack URL-encodes it. Constructed
# from that format (no Ruby here): random bytes of the real lengths.
for n in (48, 120):
    parts = [base64.b64encode(os.urandom(k)).decode() for k in (n, 12, 16)]
    print("rails-shape client-side -", urllib.parse.quote("--".join(parts), safe=""))
PY
