package org.okdhp.train.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.okdhp.data.dataset.PoseSource;
import org.okdhp.data.synthetic.SyntheticPoseDataset;
import org.okdhp.train.data.CocoTrainingData;
import org.okdhp.train.data.CustomKeypointData;
import org.okdhp.train.data.MpiiTrainingData;
import picocli.CommandLine.Option;

/**
 * Which people a command works on: the synthetic figures, or an MPII or COCO annotation file with
 * its image folder, read as training reads them ({@link MpiiTrainingData}, {@link CocoTrainingData}).
 */
final class DatasetOptions {

    /** The datasets a command can read. */
    enum Kind {
        SYNTHETIC,
        MPII,
        COCO
    }

    @Option(names = "--dataset", defaultValue = "synthetic",
            description = "Dataset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = "--seed", defaultValue = "0",
            description = "Seed of the synthetic figures and of the augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--annotations", paramLabel = "FILE",
            description = "mpii: an MPII json (e.g. annot/train.json) or the official release .mat (its training people);"
                    + " coco: a person-keypoints json (e.g. annotations/person_keypoints_val2017.json).")
    Path annotations;

    @Option(names = "--images", paramLabel = "DIR",
            description = "mpii and coco: the folder of the images the annotations name (e.g. images/ or images/val2017/).")
    Path images;

    @Option(names = "--keypoints", paramLabel = "FILE",
            description = "coco: a keypoint-set file, for a COCO-format dataset of your own keypoints (its only"
                    + " keypoint category).")
    Path keypoints;

    /**
     * @param minimumSize how many instances the caller will index (synthetic data makes exactly
     *     that many: figure i depends only on (seed, i))
     * @param aspectRatio model input width / height, which shapes COCO's crop boxes
     */
    PoseSource open(int minimumSize, double aspectRatio) throws IOException {
        if (kind == Kind.SYNTHETIC) {
            if (annotations != null || images != null) {
                throw new IllegalArgumentException("--annotations and --images apply to --dataset mpii and coco only");
            }
            return SyntheticPoseDataset.generate(minimumSize, seed).source();
        }
        String dataset = kind.name().toLowerCase(Locale.ROOT);
        if (annotations == null || images == null) {
            throw new IllegalArgumentException("--dataset " + dataset + " needs --annotations FILE and --images DIR");
        }
        if (!Files.isDirectory(images)) {
            throw new IllegalArgumentException("--images " + images + " is not a folder");
        }
        if (keypoints != null && kind != Kind.COCO) {
            throw new IllegalArgumentException("--keypoints applies to --dataset coco only");
        }
        if (keypoints != null) {
            return CustomKeypointData.objects(annotations, images, aspectRatio, keypoints);
        }
        return kind == Kind.MPII ? MpiiTrainingData.people(annotations, images)
                : CocoTrainingData.people(annotations, images, aspectRatio);
    }
}
