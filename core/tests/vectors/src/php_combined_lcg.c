/* PHP <= 5.3's php_combined_lcg() (ext/standard/lcg.c) and the string that
 * php_session_create_id() (ext/session/session.c) hashes with md5:
 *   spprintf(&buf, 0, "%.15s%ld%ld%0.8F", remote_addr, tv.tv_sec, (long)tv.tv_usec,
 *            php_combined_lcg(TSRMLS_C) * 10);
 * For each (s1, s2, ip, sec, usec): the next 3 lcg values (%.17g) and the pre-hash string. */
#include <stdio.h>
#include <stdint.h>

static int32_t s1, s2;
#define MODMULT(a, b, c, m, s) q = s/a;s=b*(s-a*q)-c*q;if(s<0)s+=m

static double php_combined_lcg(void) {
    int32_t q, z;
    MODMULT(53668, 40014, 12211, 2147483563L, s1);
    MODMULT(52774, 40692, 3791, 2147483399L, s2);
    z = s1 - s2;
    if (z < 1) z += 2147483562;
    return z * 4.656613e-10;
}

int main(void) {
    struct { int32_t s1, s2; const char *ip; long sec, usec; } cases[] = {
        {1, 1, "127.0.0.1", 1700000000, 0},
        {123456789, 4242, "10.1.2.3", 1262304000, 999999},
        {2147483562, 2147483398, "192.168.100.200", 1300000000, 123456},
        {(int32_t)(1700000000 ^ (54321 << 11)), (int32_t)(3141 ^ (54400 << 11)), "203.0.113.77", 1700000000, 54500},
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        s1 = cases[i].s1; s2 = cases[i].s2;
        printf("case %u lcg", i);
        for (int j = 0; j < 3; j++) printf(" %.17g", php_combined_lcg());
        printf("\n");
        s1 = cases[i].s1; s2 = cases[i].s2;
        printf("case %u input %.15s%ld%ld%0.8F\n", i, cases[i].ip, cases[i].sec, cases[i].usec, php_combined_lcg() * 10);
    }
    return 0;
}
