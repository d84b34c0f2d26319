#!/bin/bash -eu
# Builds every cargo-fuzz target the way OSS-Fuzz and ClusterFuzzLite expect (Rust projects:
# `cargo fuzz build -O`, binaries, dictionaries and seed corpora copied to $OUT).
#
# In the OSS-Fuzz image, `cargo` is nightly and the sanitizer flags come from the environment.
# To check it locally:  RUSTUP_TOOLCHAIN=nightly OUT=/tmp/oss-out fuzz/oss-fuzz-build.sh
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${OUT:?set OUT to the directory that receives the fuzzers}"
mkdir -p "$OUT"
cd "$REPO"

cargo fuzz build -O --debug-assertions
BUILD="$REPO/fuzz/target/x86_64-unknown-linux-gnu/release"

for src in fuzz/fuzz_targets/*.rs; do
  name="$(basename "$src" .rs)"
  cp "$BUILD/$name" "$OUT/"
  cp fuzz/dict/cookie.dict "$OUT/$name.dict"
  printf '[libfuzzer]\nmax_len = 4096\ntimeout = 10\n' > "$OUT/$name.options"
  if [ -d "fuzz/corpus/$name" ]; then
    rm -f "$OUT/${name}_seed_corpus.zip"
    (cd "fuzz/corpus/$name" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
  fi
done
