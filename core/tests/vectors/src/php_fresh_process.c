/* A fresh PHP 5.3 process (one Apache child with mod_php) making session ids, with PHP's own
 * code: lcg_seed() and php_combined_lcg() from ext/standard/lcg.c and the spprintf() of
 * php_session_create_id() in ext/session/session.c. The clock is replaced by the readings of
 * each case: the id's gettimeofday() at (sec, usec), lcg_seed()'s two readings d1 and d1 + d2
 * microseconds later, and later requests at the given times. Prints, per id:
 *   case ip pid d1 d2 sec usec pre-hash-string
 * (generate.sh replaces the string with its md5, as session.hash_function = 0 does). */
#include <stdio.h>
#include <stdint.h>

typedef int32_t php_int32;
static struct { php_int32 s1, s2; int seeded; } lcg_globals;
#define LCG(v) (lcg_globals.v)
#define MODMULT(a, b, c, m, s) q = s/a;s=b*(s-a*q)-c*q;if(s<0)s+=m

static long clock_sec, clock_usec, pid;
static int reading;
static long d1, d2;

/* gettimeofday() as lcg_seed() sees it: the id's reading plus d1, then plus d2. */
static void fake_gettimeofday(long *sec, long *usec) {
    long t = clock_usec + d1 + (reading++ ? d2 : 0);
    *sec = clock_sec + t / 1000000;
    *usec = t % 1000000;
}

static void lcg_seed(void) {
    long tv_sec, tv_usec;
    fake_gettimeofday(&tv_sec, &tv_usec);
    LCG(s1) = tv_sec ^ (tv_usec << 11);
    LCG(s2) = (long) pid;
    fake_gettimeofday(&tv_sec, &tv_usec);
    LCG(s2) ^= (tv_usec << 11);
    LCG(seeded) = 1;
}

static double php_combined_lcg(void) {
    php_int32 q, z;
    if (!LCG(seeded)) lcg_seed();
    MODMULT(53668, 40014, 12211, 2147483563L, LCG(s1));
    MODMULT(52774, 40692, 3791, 2147483399L, LCG(s2));
    z = LCG(s1) - LCG(s2);
    if (z < 1) z += 2147483562;
    return z * 4.656613e-10;
}

int main(void) {
    struct { const char *ip; long pid, d1, d2, sec; long usecs[5]; } cases[] = {
        {"203.0.113.77", 3141, 2, 1, 1700000000, {54500, 61234, 999999, 1000123, 1400007}},
        {"10.0.0.2", 28001, 0, 3, 1262304000, {999998, 1000200, 1000300, 1000301, 1900000}},
        {"198.51.100.250", 77, 3, 0, 1300000000, {5, 16, 90000, 90001, 700000}},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        LCG(seeded) = 0;
        reading = 0;
        pid = cases[i].pid; d1 = cases[i].d1; d2 = cases[i].d2;
        for (int j = 0; j < 5; j++) {
            long sec = cases[i].sec + cases[i].usecs[j] / 1000000, usec = cases[i].usecs[j] % 1000000;
            clock_sec = sec; clock_usec = usec;
            double lcg = php_combined_lcg();
            printf("%u %s %ld %ld %ld %ld %ld %.15s%ld%ld%0.8F\n", i, cases[i].ip, pid, d1, d2,
                   sec, usec, cases[i].ip, sec, usec, lcg * 10);
        }
    }
    return 0;
}
