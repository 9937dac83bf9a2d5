package org.okdhp.train.data;

import java.io.IOException;
import org.okdhp.train.config.DataConfig;

/** Opens the data a configuration names: both splits and the protocol that scores validation. */
public final class TrainingDataFactory {

    private TrainingDataFactory() {}

    /**
     * Reads the annotations (checking that every named file and image exists first) or draws the
     * synthetic figures.
     *
     * @param seed the run's seed; synthetic splits are drawn from seeds derived from it
     * @throws DataLayoutException when a file or folder the configuration names is missing; the
     *     message names it, what belongs there and the key to set
     * @throws IOException when an annotation file cannot be read or is malformed (named likewise)
     */
    public static TrainingData open(DataConfig data, long seed) throws IOException {
        return switch (data.dataset()) {
            case SYNTHETIC -> SyntheticTrainingData.open(data, seed);
            case MPII -> MpiiTrainingData.open(data, DataRoot.of(data.dataRoot(), MpiiTrainingData.LAYOUT));
            case COCO -> data.customKeypoints()
                    ? CustomKeypointData.open(data, DataRoot.of(data.dataRoot(), CustomKeypointData.LAYOUT))
                    : CocoTrainingData.open(data, DataRoot.of(data.dataRoot(), CocoTrainingData.LAYOUT));
        };
    }

    /** Only the validation split and its protocol (checked as {@link #open} checks them): for scoring a model. */
    public static ValidationData openValidation(DataConfig data, long seed) throws IOException {
        return switch (data.dataset()) {
            case SYNTHETIC -> {
                TrainingData both = SyntheticTrainingData.open(data, seed);
                yield new ValidationData(both.validation(), both.protocol());
            }
            case MPII -> MpiiTrainingData.validation(data, DataRoot.of(data.dataRoot(), MpiiTrainingData.LAYOUT));
            case COCO -> data.customKeypoints()
                    ? CustomKeypointData.validation(data, DataRoot.of(data.dataRoot(), CustomKeypointData.LAYOUT))
                    : CocoTrainingData.validation(data, DataRoot.of(data.dataRoot(), CocoTrainingData.LAYOUT));
        };
    }
}
