// Prints C++ std::mt19937 outputs: for each seed, 5 values, plus the 10000th of the default seed.
#include <cstdio>
#include <random>

int main() {
    unsigned seeds[] = {5489u, 0u, 1u, 42u, 4294967295u};
    for (unsigned s : seeds) {
        std::mt19937 g(s);
        std::printf("%u u32", s);
        for (int i = 0; i < 5; i++) std::printf(" %u", (unsigned)g());
        std::printf("\n");
    }
    std::mt19937 d;
    d.discard(9999);
    std::printf("default 10000th %u\n", (unsigned)d());
}
