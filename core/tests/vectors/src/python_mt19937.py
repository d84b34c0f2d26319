# Prints CPython's random (MT19937) outputs: for each seed, 5 getrandbits(32) then
# 3 tokens formatted as '%032x' % getrandbits(128).
import random

for seed in [0, 1, 42, 5489, 2**32 + 7, 123456789012345678901234567890]:
    r = random.Random(seed)
    words = [str(r.getrandbits(32)) for _ in range(5)]
    print(seed, "u32", " ".join(words))
    toks = ['%032x' % r.getrandbits(128) for _ in range(3)]
    print(seed, "hex128", " ".join(toks))
