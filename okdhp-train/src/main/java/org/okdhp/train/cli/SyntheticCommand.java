package org.okdhp.train.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.synthetic.QuadrupedDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code okdhp synthetic}: writes a synthetic COCO-format keypoint dataset with its own keypoint set. */
@Command(
        name = "synthetic",
        mixinStandardHelpOptions = true,
        description = "Writes a synthetic COCO-format keypoint dataset (annotations/train.json, annotations/val.json,"
                + " images/train/, images/val/) and its keypoint-set file, to train on a custom keypoint set without"
                + " a download.")
final class SyntheticCommand implements Callable<Integer> {

    /** The figures this command can draw. */
    enum Figure { quadruped }

    private static final int DEFAULT_IMAGES = 500;

    @Spec
    CommandSpec spec;

    @Option(names = "--keypoints", required = true, paramLabel = "quadruped",
            description = "the figure and its keypoint set: quadruped (12 keypoints, left/right legs, category id "
                    + QuadrupedDataset.CATEGORY_ID + ")")
    Figure figure;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "a new or empty folder to write to")
    Path out;

    @Option(names = "--images", defaultValue = "" + DEFAULT_IMAGES, paramLabel = "N",
            description = "images in both splits; a fifth (at least one) validate (default ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--image-size", defaultValue = "192x256", paramLabel = "HxW",
            description = "image height x width, px (default ${DEFAULT-VALUE})")
    String imageSize;

    @Override
    public Integer call() throws IOException {
        QuadrupedDataset.Written written = QuadrupedDataset.write(out, images, seed, ImageSize.parse(imageSize));
        var console = spec.commandLine().getOut();
        console.printf("wrote %d training and %d validation images of a %s to %s%nkeypoint set: %s%n"
                        + "train on it: ./okdhp train --config coco-custom --set data.data_root=%s --set data.keypoints=%s%n",
                written.trainImages(), written.valImages(), figure, out, written.keypointFile(), out,
                written.keypointFile().getFileName());
        console.flush();
        return 0;
    }
}
