package org.okdhp.train.loop;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.train.data.TrainingData;

/**
 * On the CPU the seed decides everything: initialisation, the epoch's order, each sample's
 * augmentation. (Same-seed data and augmentations are checked where they are made:
 * SyntheticPoseDatasetTest, AugmentationTest, TopDownDatasetTest.)
 */
class TrainingDeterminismTest {

    @TempDir
    Path dir;

    @Test
    void twoFreshRunsWithTheSameSeedEndTheFirstEpochWithBitIdenticalWeightsAndAnotherSeedDiffers() throws Exception {
        TrainingData data = TinyRuns.synthetic(8, 4);
        Map<String, float[]> first = TinyRuns.uninterrupted(TinyRuns.config(1), data, new RunFolder(dir.resolve("a")));
        Map<String, float[]> second = TinyRuns.uninterrupted(TinyRuns.config(1), data, new RunFolder(dir.resolve("b")));
        TinyRuns.assertSameWeights(first, second);

        Map<String, float[]> otherSeed = TinyRuns.uninterrupted(TinyRuns.config(1, "run.seed=4"), data,
                new RunFolder(dir.resolve("c")));
        assertFalse(Arrays.equals(first.get("conv1.weight"), otherSeed.get("conv1.weight")),
                "another seed initialises differently");
    }
}
