/* Prints glibc's drand48 family, rand() formatted as hex ids, and random_r() for each state size,
 * one line per (seed, kind): `<seed> <kind> <values...>`, each line from a fresh seeding. */
#include <gnu/libc-version.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 200

int main(void) {
    unsigned long seeds[] = {0ul, 1ul, 42ul, 4294967295ul, 1764670000ul};
    int sizes[] = {8, 32, 64, 128, 256};
    printf("# glibc %s (gcc %s)\n", gnu_get_libc_version(), __VERSION__);
    printf("# line: <seed> <kind> <values...>, each line from a fresh seeding with <seed>\n");
    printf("# after srand48(seed): lrand48, mrand48, drand48 (%%.17g), drand48bits (the same doubles' bits, %%016llx)\n");
    printf("# after srand(seed): hex4 (50 tokens %%08x%%08x%%08x%%08x of 4 consecutive rand()), hex2 (100 tokens %%x%%x of 2)\n");
    printf("# random_r:<size> (200 random_r() after initstate_r(seed, buf, size, &data), data zeroed first)\n");
    printf("# srand_time: the first 10 rand() after srand(seed), for time-like seeds\n");
    for (unsigned i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        unsigned long s = seeds[i];
        srand48((long)s);
        printf("%lu lrand48", s);
        for (int j = 0; j < N; j++) printf(" %ld", lrand48());
        printf("\n");
        srand48((long)s);
        printf("%lu mrand48", s);
        for (int j = 0; j < N; j++) printf(" %ld", mrand48());
        printf("\n");
        srand48((long)s);
        printf("%lu drand48", s);
        for (int j = 0; j < N; j++) printf(" %.17g", drand48());
        printf("\n");
        srand48((long)s);
        printf("%lu drand48bits", s);
        for (int j = 0; j < N; j++) {
            double d = drand48();
            unsigned long long bits;
            memcpy(&bits, &d, sizeof bits);
            printf(" %016llx", bits);
        }
        printf("\n");
        srand((unsigned)s);
        printf("%lu hex4", s);
        for (int j = 0; j < 50; j++) {
            int a = rand(), b = rand(), c = rand(), d = rand();
            printf(" %08x%08x%08x%08x", a, b, c, d);
        }
        printf("\n");
        srand((unsigned)s);
        printf("%lu hex2", s);
        for (int j = 0; j < 100; j++) {
            int a = rand(), b = rand();
            printf(" %x%x", a, b);
        }
        printf("\n");
        for (unsigned k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            int32_t buf[256 / 4];
            struct random_data data;
            memset(buf, 0, sizeof buf);
            memset(&data, 0, sizeof data);
            if (initstate_r((unsigned)s, (char *)buf, (size_t)sizes[k], &data) != 0) return 1;
            printf("%lu random_r:%d", s, sizes[k]);
            for (int j = 0; j < N; j++) {
                int32_t r;
                random_r(&data, &r);
                printf(" %d", r);
            }
            printf("\n");
        }
    }
    unsigned times[] = {1764670000u, 1764670001u, 1764670123u};
    for (unsigned i = 0; i < 3; i++) {
        srand(times[i]);
        printf("%u srand_time", times[i]);
        for (int j = 0; j < 10; j++) printf(" %d", rand());
        printf("\n");
    }
    return 0;
}
