# CPython's random (MT19937) in the forms ids print it, one line per case: `<seed> <kind> <values...>`.
# Argument "seeded": the header, then for each seed and kind 200 values (choice62: 50 tokens) after a
# fresh random.seed(seed). Argument "long": streams long enough to recover the state from. Arguments "uuid1" and "uuid1_fixed": the lines of one fresh process
# (seed field "-"): time.time_ns() just before the first of 50 consecutive uuid.uuid1() (uuid1_fixed:
# uuid.uuid1(node=0x123456789abc, clock_seq=0x1234)).
import platform
import random
import string
import sys
import time
import uuid

N = 200
ALNUM = string.ascii_letters + string.digits


def line(seed, kind, values):
    print(seed, kind, " ".join(values))


mode = sys.argv[1] if len(sys.argv) > 1 else "seeded"
if mode == "seeded":
    libuuid = getattr(uuid, "_generate_time_safe", None) is not None
    print(f"# CPython {platform.python_version()} ({platform.python_implementation()}, {sys.platform})")
    print("# line: <seed> <kind> <values...>, each seeded line from a fresh random.seed(<seed>):"
          " random (repr), random_hex (float.hex of the same sequence), randint:1:100,"
          " randrange:0:1000000, randrange:0:62, randbelow:2**40 (randrange(2**40)), choice62 (50 tokens of"
          " 32 random.choice(ascii_letters+digits)), getrandbits:64 (decimal), token_hex_like ('%016x' % getrandbits(64))")
    print("# - time_ns_before <time.time_ns()> then - uuid1 <50 str(uuid.uuid1())> from one fresh process;"
          " - uuid1_fixed: the same with uuid.uuid1(node=0x123456789abc, clock_seq=0x1234)")
    if libuuid:
        print(f"# uuid.uuid1() took the C path: uuid._generate_time_safe = _uuid.generate_time_safe"
              f" (libuuid uuid_generate_time_safe, _has_uuid_generate_time_safe ="
              f" {getattr(uuid, '_has_uuid_generate_time_safe', None)}, is_safe = {uuid.uuid1().is_safe});"
              f" uuid1_fixed (node and clock_seq given) always takes the pure-Python path")
    else:
        print("# uuid.uuid1() took the pure-Python path (uuid._generate_time_safe is None)")
    for seed in [0, 1, 42, 123456789012345678901234567890, 1764670000]:
        random.seed(seed)
        line(seed, "random", [repr(random.random()) for _ in range(N)])
        random.seed(seed)
        line(seed, "random_hex", [random.random().hex() for _ in range(N)])
        random.seed(seed)
        line(seed, "randint:1:100", [str(random.randint(1, 100)) for _ in range(N)])
        random.seed(seed)
        line(seed, "randrange:0:1000000", [str(random.randrange(0, 1000000)) for _ in range(N)])
        random.seed(seed)
        line(seed, "randrange:0:62", [str(random.randrange(0, 62)) for _ in range(N)])
        random.seed(seed)
        line(seed, "randbelow:2**40", [str(random.randrange(2**40)) for _ in range(N)])
        random.seed(seed)
        line(seed, "choice62", ["".join(random.choice(ALNUM) for _ in range(32)) for _ in range(50)])
        random.seed(seed)
        line(seed, "getrandbits:64", [str(random.getrandbits(64)) for _ in range(N)])
        random.seed(seed)
        line(seed, "token_hex_like", ["%016x" % random.getrandbits(64) for _ in range(N)])
elif mode == "long":
    # Long streams for state recovery from partial outputs (19937 state bits): per seed, from a
    # fresh random.seed(seed): 700 random() (repr), 2000 '%.6f' % random(), 2600 getrandbits(8),
    # 600 getrandbits(48), 200 ''.join(random.choices(ascii_letters + digits, k=32)), 4000
    # int(random() * 1000) + 1.
    print(f"# CPython {platform.python_version()}: long streams, line: <seed> <kind> <values...>,"
          " kinds random (repr), fixed6 ('%.6f' % random()), getrandbits:8, getrandbits:48,"
          " choices62:32 (''.join(random.choices(ascii_letters + digits, k=32))), floor:1:1000 (int(random() * 1000) + 1)")
    for seed in [7, 2026]:
        random.seed(seed)
        line(seed, "random", [repr(random.random()) for _ in range(700)])
        random.seed(seed)
        line(seed, "fixed6", ["%.6f" % random.random() for _ in range(2000)])
        random.seed(seed)
        line(seed, "getrandbits:8", [str(random.getrandbits(8)) for _ in range(2600)])
        random.seed(seed)
        line(seed, "getrandbits:48", [str(random.getrandbits(48)) for _ in range(600)])
        random.seed(seed)
        line(seed, "choices62:32", ["".join(random.choices(ALNUM, k=32)) for _ in range(200)])
        random.seed(seed)
        line(seed, "floor:1:1000", [str(int(random.random() * 1000) + 1) for _ in range(4000)])
elif mode in ("uuid1", "uuid1_fixed"):
    before = time.time_ns()
    if mode == "uuid1":
        ids = [str(uuid.uuid1()) for _ in range(50)]
    else:
        ids = [str(uuid.uuid1(node=0x123456789abc, clock_seq=0x1234)) for _ in range(50)]
    print("-", "time_ns_before", before)
    line("-", mode, ids)
