// Prints 700 consecutive outputs of C++ std::mt19937 seeded with 20260101, after discarding
// 100 (so the 624 a predictor reads do not start at a twist boundary), one per line.
#include <cstdio>
#include <random>

int main() {
    std::mt19937 g(20260101u);
    g.discard(100);
    for (int i = 0; i < 700; i++) std::printf("%u\n", (unsigned)g());
}
