package org.okdhp.train.random;

/**
 * SplitMix64 (Steele, Lea and Flood, OOPSLA 2014): the generator inside
 * {@link java.util.SplittableRandom}, producing the same numbers for the same seed, but with its
 * entire state, one {@code long}, readable through {@link #state()}. That is what a checkpoint
 * needs to resume the training loop's random stream exactly (SplittableRandom hides its state).
 *
 * <p>{@code new SplitMix64(g.state())} continues where {@code g} stands. Not thread-safe: give
 * each worker its own stream with {@link #split()}.
 */
public final class SplitMix64 {

    /** The odd increment of the Weyl sequence: 2^64 divided by the golden ratio. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    /** 2^-53: turns the top 53 bits of a long into a double in [0, 1). */
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    /** A generator at {@code state}: a seed, or a value previously read from {@link #state()}. */
    public SplitMix64(long state) {
        this.state = state;
    }

    public long state() {
        return state;
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in [0, 1), as {@code SplittableRandom.nextDouble()}. */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [0, bound), as {@code SplittableRandom.nextInt(bound)} (unbiased). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        state += GOLDEN_GAMMA;
        int r = mix32(state);
        int mask = bound - 1;
        if ((bound & mask) == 0) {
            return r & mask;
        }
        // Reject the top partial range so every residue is equally likely.
        for (int u = r >>> 1; u + mask - (r = u % bound) < 0; ) {
            state += GOLDEN_GAMMA;
            u = mix32(state) >>> 1;
        }
        return r;
    }

    /**
     * Standard normal by Box-Muller from two uniforms, keeping no cached second value so that
     * the state stays one long.
     */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // in (0, 1]: log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A new, statistically independent stream seeded from this one (which advances by one). */
    public SplitMix64 split() {
        return new SplitMix64(nextLong());
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
