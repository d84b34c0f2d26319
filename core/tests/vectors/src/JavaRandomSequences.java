// Prints long runs of java.util.Random outputs for the predictors' known-answer tests: for each
// seed, 12 nextInt() on one line, then, from a new instance, 12 nextLong() on the next.
import java.util.Random;

public class JavaRandomSequences {
    public static void main(String[] args) {
        long[] seeds = {0L, 42L, -5L, 1700000000123L, 987654321987654321L};
        for (long seed : seeds) {
            Random r = new Random(seed);
            StringBuilder ints = new StringBuilder();
            for (int i = 0; i < 12; i++) ints.append(' ').append(r.nextInt());
            System.out.println(seed + " int" + ints);
            r = new Random(seed);
            StringBuilder longs = new StringBuilder();
            for (int i = 0; i < 12; i++) longs.append(' ').append(r.nextLong());
            System.out.println(seed + " long" + longs);
        }
    }
}
