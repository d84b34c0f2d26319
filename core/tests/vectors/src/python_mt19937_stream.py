# Prints CPython's random outputs for the predictors' known-answer tests, one per line:
# with argument "u32", 700 getrandbits(32) after seed(1234); with "hex128", 170 session tokens
# '%032x' % getrandbits(128) after seed(5678) and 3 discarded getrandbits(32) (so tokens do not
# start at a twist boundary).
import random
import sys

if sys.argv[1] == "u32":
    r = random.Random(1234)
    for _ in range(700):
        print(r.getrandbits(32))
else:
    r = random.Random(5678)
    for _ in range(3):
        r.getrandbits(32)
    for _ in range(170):
        print('%032x' % r.getrandbits(128))
