// Prints java.util.Random, SplittableRandom and ThreadLocalRandom outputs in the forms ids print
// them: one line per (seed, kind), `<seed> <kind> <200 values>`, each line from a fresh generator.
// ThreadLocalRandom is seeded by setting java.lang.Thread.threadLocalRandomSeed by reflection
// (run with --add-opens java.base/java.lang=ALL-UNNAMED).
import java.lang.reflect.Field;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

public class JavaFormatsVectors {
    static final int N = 200;

    static void line(long seed, String kind, Supplier<String> next) {
        StringBuilder sb = new StringBuilder();
        sb.append(seed).append(' ').append(kind);
        for (int i = 0; i < N; i++) sb.append(' ').append(next.get());
        System.out.println(sb);
    }

    public static void main(String[] args) throws Exception {
        long[] seeds = {0L, 42L, 987654321987654321L, 1764670000L};
        int[] bounds = {2, 4, 8, 10, 16, 62, 64, 100, 1000, 1024, 65536, 1000000, 1073741824, 1500000000};
        ThreadLocalRandom.current();
        Field tlrSeed = Thread.class.getDeclaredField("threadLocalRandomSeed");
        tlrSeed.setAccessible(true);
        System.out.println("# OpenJDK " + System.getProperty("java.runtime.version") + " ("
                + System.getProperty("java.vm.name") + ")");
        System.out.println("# line: <seed> <kind> <200 values>, each line from a fresh generator seeded with <seed>");
        System.out.println("# new java.util.Random(seed): nextDouble (Double.toString), nextDoubleBits"
                + " (Long.toHexString(doubleToLongBits) of the same sequence), nextFloat (Float.toString),"
                + " nextFloatBits (Integer.toHexString(floatToIntBits)), nextInt:<bound>,"
                + " nextLongHex (Long.toHexString(nextLong())), nextBoolean (0/1)");
        System.out.println("# new java.util.SplittableRandom(seed): splittable:nextLong (decimal), splittable:nextInt,"
                + " splittable:nextInt:<bound>, splittable:nextDouble, splittable:nextDoubleBits, splittable:nextLongHex");
        System.out.println("# ThreadLocalRandom.current() after Thread.threadLocalRandomSeed = seed (reflection,"
                + " reset before each line): tlr:nextLong, tlr:nextInt, tlr:nextDouble, tlr:nextDoubleBits, tlr:nextInt:<bound>");
        System.out.println("# ThreadLocalRandom's seed step here is GOLDEN_GAMMA + (threadId << 1) = 0x9e3779b97f4a7c15 + 2*"
                + Thread.currentThread().getId() + " (main thread id " + Thread.currentThread().getId()
                + "), and nextLong is mixMurmur64(seed), not SplittableRandom's mix64");
        for (long seed : seeds) {
            Random[] r = {new Random(seed)};
            line(seed, "nextDouble", () -> Double.toString(r[0].nextDouble()));
            r[0] = new Random(seed);
            line(seed, "nextDoubleBits", () -> Long.toHexString(Double.doubleToLongBits(r[0].nextDouble())));
            r[0] = new Random(seed);
            line(seed, "nextFloat", () -> Float.toString(r[0].nextFloat()));
            r[0] = new Random(seed);
            line(seed, "nextFloatBits", () -> Integer.toHexString(Float.floatToIntBits(r[0].nextFloat())));
            for (int b : bounds) {
                r[0] = new Random(seed);
                line(seed, "nextInt:" + b, () -> Integer.toString(r[0].nextInt(b)));
            }
            r[0] = new Random(seed);
            line(seed, "nextLongHex", () -> Long.toHexString(r[0].nextLong()));
            r[0] = new Random(seed);
            line(seed, "nextBoolean", () -> r[0].nextBoolean() ? "1" : "0");

            SplittableRandom[] s = {new SplittableRandom(seed)};
            line(seed, "splittable:nextLong", () -> Long.toString(s[0].nextLong()));
            s[0] = new SplittableRandom(seed);
            line(seed, "splittable:nextInt", () -> Integer.toString(s[0].nextInt()));
            for (int b : new int[] {10, 100, 1000000}) {
                s[0] = new SplittableRandom(seed);
                line(seed, "splittable:nextInt:" + b, () -> Integer.toString(s[0].nextInt(b)));
            }
            s[0] = new SplittableRandom(seed);
            line(seed, "splittable:nextDouble", () -> Double.toString(s[0].nextDouble()));
            s[0] = new SplittableRandom(seed);
            line(seed, "splittable:nextDoubleBits", () -> Long.toHexString(Double.doubleToLongBits(s[0].nextDouble())));
            s[0] = new SplittableRandom(seed);
            line(seed, "splittable:nextLongHex", () -> Long.toHexString(s[0].nextLong()));

            ThreadLocalRandom t = ThreadLocalRandom.current();
            tlrSeed.setLong(Thread.currentThread(), seed);
            line(seed, "tlr:nextLong", () -> Long.toString(t.nextLong()));
            tlrSeed.setLong(Thread.currentThread(), seed);
            line(seed, "tlr:nextInt", () -> Integer.toString(t.nextInt()));
            tlrSeed.setLong(Thread.currentThread(), seed);
            line(seed, "tlr:nextDouble", () -> Double.toString(t.nextDouble()));
            tlrSeed.setLong(Thread.currentThread(), seed);
            line(seed, "tlr:nextDoubleBits", () -> Long.toHexString(Double.doubleToLongBits(t.nextDouble())));
            for (int b : new int[] {100, 1000000}) {
                tlrSeed.setLong(Thread.currentThread(), seed);
                line(seed, "tlr:nextInt:" + b, () -> Integer.toString(t.nextInt(b)));
            }
        }
    }
}
