package org.okdhp.train.cli;

import org.okdhp.data.dataset.PoseSource;
import org.okdhp.data.synthetic.SyntheticPoseDataset;
import picocli.CommandLine.Option;

/**
 * Which people a command works on. The seam for real data: MPII and COCO join {@link Kind} with
 * their {@code --annotations FILE --images DIR} options, and {@link #open} calls the annotation
 * readers to build a {@link PoseSource} (instances + joint set + {@code FileImageSource}).
 */
final class DatasetOptions {

    /** The datasets a command can read. */
    enum Kind {
        SYNTHETIC
    }

    @Option(names = "--dataset", defaultValue = "synthetic",
            description = "Dataset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the synthetic figures and of the augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    /**
     * @param minimumSize how many instances the caller will index (synthetic data makes exactly
     *     that many: figure i depends only on (seed, i))
     */
    PoseSource open(int minimumSize) {
        return switch (kind) {
            case SYNTHETIC -> SyntheticPoseDataset.generate(minimumSize, seed).source();
        };
    }
}
