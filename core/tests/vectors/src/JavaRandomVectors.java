// Prints java.util.Random outputs: for each seed, 5 nextInt() then 5 nextLong().
import java.util.Random;

public class JavaRandomVectors {
    public static void main(String[] args) {
        long[] seeds = {0L, 1L, 42L, -1L, 123456789012345L, 1700000000000L};
        for (long seed : seeds) {
            Random r = new Random(seed);
            StringBuilder ints = new StringBuilder();
            for (int i = 0; i < 5; i++) ints.append(i == 0 ? "" : " ").append(r.nextInt());
            StringBuilder longs = new StringBuilder();
            for (int i = 0; i < 5; i++) longs.append(i == 0 ? "" : " ").append(r.nextLong());
            System.out.println(seed + " int " + ints);
            System.out.println(seed + " long " + longs);
        }
    }
}
