package org.okdhp.data.dataset;

/**
 * Independent seeds derived from a base seed and indices (epoch, sample, ...), so each sample
 * draws from its own generator and the result does not depend on which thread ran it or when.
 * Mixes with SplitMix64's finaliser, whose output bits all depend on all input bits.
 */
public final class DerivedSeed {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private DerivedSeed() {
    }

    /** A seed for (base, parts...); different parts give unrelated seeds. */
    public static long of(long base, long... parts) {
        long h = mix(base + GOLDEN_GAMMA);
        for (long part : parts) {
            h = mix(h ^ mix(part + GOLDEN_GAMMA));
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
