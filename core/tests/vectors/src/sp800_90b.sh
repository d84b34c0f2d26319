#!/usr/bin/env bash
# Regenerates core/tests/vectors/sp800_90b.txt: the SP 800-90B §6.3 non-IID estimates that
# NIST's reference tool, ea_non_iid, prints for eight deterministic bit streams, which
# core/tests/sp800_90b_vectors.rs regenerates and checks sessionlab's estimators against.
#
# Usage: NIST_90B=/path/to/SP800-90B_EntropyAssessment core/tests/vectors/src/sp800_90b.sh
#
#   NIST_90B         a copy of github.com/usnistgov/SP800-90B_EntropyAssessment whose cpp/
#                    holds a built ea_non_iid: on Debian, `apt-get install g++ make libbz2-dev
#                    libdivsufsort-dev libjsoncpp-dev libssl-dev libgmp-dev libmpfr-dev`, then
#                    `make non_iid` in cpp/.
#   NIST_90B_COMMIT  the commit of that copy, for the file's header (taken from git when
#                    NIST_90B is a git work tree).
#
# Each stream is a file of one bit per byte (0 or 1), which ea_non_iid reads as 1-bit
# symbols; it is assessed with `ea_non_iid -c -v -v FILE 1` (-c: the conditioned sequential
# dataset, h' = the smallest of the ten estimates on the bits). On such a file the tool runs
# every estimator on the bits whether given -i or -c; the script checks that -i prints the
# same figures, and that `-c -v` prints them rounded to 6 places. The streams' recipes are the
# Python below and `streams()` in the test; the SHA-256 of each file (printed by the tool too)
# is recorded so that the test knows it rebuilt the very bytes the tool read.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../sp800_90b.txt"
: "${NIST_90B:?set NIST_90B to a copy of SP800-90B_EntropyAssessment with cpp/ea_non_iid built}"
tool="$NIST_90B/cpp/ea_non_iid"
[ -x "$tool" ] || { echo "no $tool: run make non_iid in $NIST_90B/cpp" >&2; exit 1; }
commit="${NIST_90B_COMMIT:-$(git -C "$NIST_90B" rev-parse HEAD 2>/dev/null || true)}"
[ -n "$commit" ] || { echo "set NIST_90B_COMMIT (NIST_90B is not a git work tree)" >&2; exit 1; }
version="$("$tool" --version | head -1)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" <<'PY'
import random, sys

out = sys.argv[1]

def mt(seed):
    """MT19937 seeded with init_genrand(seed) (C++ std::mt19937(seed)); CPython's generator
    then yields genrand_int32 from getrandbits(32)."""
    s = [seed]
    for i in range(1, 624):
        s.append((1812433253 * (s[-1] ^ (s[-1] >> 30)) + i) & 0xFFFFFFFF)
    r = random.Random()
    r.setstate((3, tuple(s) + (624,), None))
    return lambda: r.getrandbits(32)

def word_bits(next_word, n):
    """The words' bits, most significant first."""
    bits = []
    while len(bits) < n:
        w = next_word()
        bits.extend((w >> (31 - j)) & 1 for j in range(32))
    return bits[:n]

def below(seed, threshold, n):
    """1 when a word is below threshold: P(1) = threshold / 2^32."""
    g = mt(seed)
    return [int(g() < threshold) for _ in range(n)]

def markov(seed, stay, n):
    """First bit: the first word's top bit; then the previous bit again when a word is below
    stay, else its complement."""
    g = mt(seed)
    bits = [g() >> 31]
    for _ in range(n - 1):
        bits.append(bits[-1] if g() < stay else 1 - bits[-1])
    return bits

def counter(width, count):
    return [(i >> (width - 1 - j)) & 1 for i in range(count) for j in range(width)]

def period(pattern, n, flips=None):
    p = len(pattern)
    return [pattern[i % p] ^ (flips[i] if flips else 0) for i in range(n)]

streams = {
    "mt19937": word_bits(mt(5489), 1_000_000),
    "biased": below(1, 2_576_980_378, 500_000),  # P(1) = 0.6
    "sparse": below(2, 214_748_365, 200_000),  # P(1) = 0.05
    "sticky": markov(3, 3_435_973_837, 500_000),  # P(same) = 0.8
    "flippy": markov(4, 1_288_490_189, 300_000),  # P(same) = 0.3
    "counter": counter(20, 25_000),
    "period37": period(word_bits(mt(5), 37), 300_000, below(6, 42_949_673, 300_000)),  # 1% flips
    "period1000": period(word_bits(mt(7), 1000), 200_000),
}
with open(f"{out}/names", "w") as f:
    for name, bits in streams.items():
        with open(f"{out}/{name}.bin", "wb") as b:
            b.write(bytes(bits))
        f.write(name + "\n")
PY

for name in $(cat "$tmp/names"); do
    "$tool" -c -v -v "$tmp/$name.bin" 1 > "$tmp/$name.c3"
    "$tool" -i -v -v "$tmp/$name.bin" 1 > "$tmp/$name.i3"
    "$tool" -c -v "$tmp/$name.bin" 1 > "$tmp/$name.c2"
done

python3 - "$tmp" "$commit" "$version" > "$out" <<'PY'
import hashlib, re, sys

tmp, commit, version = sys.argv[1:]
labels = [
    ("most_common_value", "Most Common Value Estimate", "Most Common Value Estimate"),
    ("collision", "Collision Estimate", "Collision Test Estimate"),
    ("markov", "Markov Estimate", "Markov Test Estimate"),
    ("compression", "Compression Estimate", "Compression Test Estimate"),
    ("t_tuple", "t-Tuple Estimate", "T-Tuple Test Estimate"),
    ("lrs", "LRS Estimate", "LRS Test Estimate"),
    ("multi_mcw", "MultiMCW Prediction Estimate", "Multi Most Common in Window (MultiMCW) Prediction Test Estimate"),
    ("lag", "Lag Prediction Estimate", "Lag Prediction Test Estimate"),
    ("multi_mmc", "MultiMMC Prediction Estimate", "Multi Markov Model with Counting (MultiMMC) Prediction Test Estimate"),
    ("lz78y", "LZ78Y Prediction Estimate", "LZ78Y Prediction Test Estimate"),
]

def full(text, who, overall):
    """Each estimator's 'min entropy = ' line of -v -v, and the overall figure."""
    values = {}
    for key, label, _ in labels:
        m = re.search(rf"^{who} {re.escape(label)}: min entropy = (\S+)$", text, re.M)
        values[key] = m.group(1) if m else "none"
    values["h'"] = re.search(rf"^{overall} = (\S+)$", text, re.M).group(1)
    return values

print("# SP 800-90B (January 2018) §6.3 non-IID min-entropy estimates of eight bit streams, in bits")
print("# per bit, as NIST's reference tool prints them. Regenerate with")
print("# core/tests/vectors/src/sp800_90b.sh (which documents the streams' recipes).")
print(f"# tool: github.com/usnistgov/SP800-90B_EntropyAssessment commit {commit} ({version}),")
print("#   cpp/ built with its Makefile (make non_iid: g++ -std=c++11 -fopenmp -O2 -ffloat-store)")
print("# command: ea_non_iid -c -v -v STREAM.bin 1")
print("#   STREAM.bin holds one bit per byte; each value is the estimator's 'min entropy = ' line")
print("#   (%.17g), h' the 'H_bitstring = ' line; 'none' where the tool ran no such estimate.")
print("#   ea_non_iid -i -v -v prints the same figures; ea_non_iid -c -v prints them to 6 places.")
print("# lines: STREAM bits N | STREAM sha256 HEX (of STREAM.bin) | STREAM ESTIMATOR VALUE")
for name in open(f"{tmp}/names").read().split():
    data = open(f"{tmp}/{name}.bin", "rb").read()
    c3 = open(f"{tmp}/{name}.c3").read()
    i3 = open(f"{tmp}/{name}.i3").read()
    c2 = open(f"{tmp}/{name}.c2").read()
    sha = hashlib.sha256(data).hexdigest()
    assert f"SHA-256 hash {sha}" in c3, name
    values = full(c3, "Bitstring", "H_bitstring")
    assert full(i3, "Literal", "H_original") == values, name
    for key, _, short in labels:
        m = re.search(rf"^\t{re.escape(short)} \(bit string\) = (\S+) / 1 bit\(s\)$", c2, re.M)
        if values[key] == "none":
            assert m is None, (name, key)
        else:
            assert abs(float(m.group(1)) - float(values[key])) <= 5.000001e-7, (name, key)
    h = float(re.search(r"^h': (\S+)$", c2, re.M).group(1))
    assert abs(h - float(values["h'"])) <= 5.000001e-7, name
    print(f"{name} bits {len(data)}")
    print(f"{name} sha256 {sha}")
    for key, value in values.items():
        print(f"{name} {key} {value}")
PY
echo "wrote $out"
