/* Prints 400 consecutive glibc rand() outputs after srand(20260101), one per line. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    srand(20260101u);
    for (int i = 0; i < 400; i++) printf("%d\n", rand());
    return 0;
}
