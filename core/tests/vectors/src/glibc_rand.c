/* Prints glibc rand() outputs (TYPE_3 additive feedback generator): 5 per seed. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    unsigned seeds[] = {1u, 0u, 42u, 12345u, 4294967295u};
    for (int i = 0; i < 5; i++) {
        srand(seeds[i]);
        printf("%u rand", seeds[i]);
        for (int j = 0; j < 5; j++) printf(" %d", rand());
        printf("\n");
    }
    return 0;
}
