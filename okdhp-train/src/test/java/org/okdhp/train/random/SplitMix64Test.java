package org.okdhp.train.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {

    @Test
    void producesTheSameNumbersAsSplittableRandom() {
        SplittableRandom oracle = new SplittableRandom(20210917L);
        SplitMix64 generator = new SplitMix64(20210917L);
        for (int i = 0; i < 1000; i++) {
            assertEquals(oracle.nextLong(), generator.nextLong());
            assertEquals(oracle.nextDouble(), generator.nextDouble());
            assertEquals(oracle.nextInt(7), generator.nextInt(7));
            assertEquals(oracle.nextInt(16), generator.nextInt(16));
            assertEquals(oracle.nextInt(Integer.MAX_VALUE - 3), generator.nextInt(Integer.MAX_VALUE - 3));
        }
    }

    @Test
    void restoringTheStateContinuesTheSameStream() {
        SplitMix64 generator = new SplitMix64(42L);
        for (int i = 0; i < 17; i++) {
            generator.nextGaussian();
        }
        SplitMix64 restored = new SplitMix64(generator.state());
        for (int i = 0; i < 100; i++) {
            assertEquals(generator.nextGaussian(), restored.nextGaussian());
            assertEquals(generator.nextInt(1000), restored.nextInt(1000));
        }
    }

    @Test
    void gaussianHasUnitMomentsAndSplitStreamsDiffer() {
        SplitMix64 generator = new SplitMix64(7L);
        int samples = 200_000;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < samples; i++) {
            double x = generator.nextGaussian();
            sum += x;
            sumSquares += x * x;
        }
        // Standard errors at this sample size: mean ~0.0022, variance ~0.0032.
        assertEquals(0.0, sum / samples, 0.01);
        assertEquals(1.0, sumSquares / samples, 0.015);
        SplitMix64 child = generator.split();
        assertTrue(child.nextLong() != generator.nextLong());
    }
}
