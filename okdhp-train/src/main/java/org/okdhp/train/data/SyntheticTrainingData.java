package org.okdhp.train.data;

import org.okdhp.data.dataset.DerivedSeed;
import org.okdhp.data.dataset.PoseSource;
import org.okdhp.data.synthetic.SyntheticConfig;
import org.okdhp.data.synthetic.SyntheticPoseDataset;
import org.okdhp.train.config.DataConfig;

/**
 * The built-in synthetic figures: two disjoint draws (different seeds derived from the run's),
 * drawn at the network input size so crops barely resample, rendered in memory when read, and
 * scored by PCKh with the figures' own head boxes.
 */
final class SyntheticTrainingData {

    /** Seed parts that tell the splits apart. */
    private static final long TRAIN_SPLIT = 1;
    private static final long VALIDATION_SPLIT = 2;

    private SyntheticTrainingData() {}

    static TrainingData open(DataConfig data, long seed) {
        PoseSource train = split(data, data.syntheticTrainSize(), DerivedSeed.of(seed, TRAIN_SPLIT));
        PoseSource validation = split(data, data.syntheticValSize(), DerivedSeed.of(seed, VALIDATION_SPLIT));
        return new TrainingData(train, validation, PckhProtocol.of(validation.instances()));
    }

    private static PoseSource split(DataConfig data, int count, long seed) {
        SyntheticConfig config = SyntheticConfig.of(count, seed).withImageSize(data.inputSize());
        return SyntheticPoseDataset.generate(config).source();
    }
}
