package org.okdhp.train.config;

import java.io.IOException;
import java.nio.file.Path;
import org.okdhp.core.model.Stem;
import org.okdhp.data.annotation.CocoAnnotations;
import org.okdhp.data.annotation.CocoAnnotationsReader;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.KeypointSetFile;
import org.okdhp.data.dataset.TopDownConfig;
import org.okdhp.data.heatmap.HeatmapCodec;
import org.okdhp.data.heatmap.HeatmapDecoding;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.transform.AugmentationConfig;
import org.okdhp.data.transform.Normalization;
import org.okdhp.data.transform.Normalization.ChannelOrder;

/**
 * Data, crops, targets and augmentation (method doc sections 4 and 5).
 *
 * @param dataset which data set
 * @param dataRoot folder holding images and annotations (ignored for synthetic data)
 * @param inputSize network input in pixels; a multiple of 64 for a depth-4 hourglass
 * @param heatmapSize target heatmap size: input / the network's stride ({@link Stem#STRIDE})
 * @param sigma Gaussian target standard deviation, heatmap pixels
 * @param decoding how validation places a joint between heatmap cells: quarter_offset (the
 *     method's) or dark (DARK, Zhang et al. 2020)
 * @param scaleFactor random scale s ~ clip(N(0,1) * f + 1, 1 - f, 1 + f)
 * @param rotationDegrees random rotation clip(N(0,1) * r, -2r, 2r), degrees
 * @param rotationProbability chance that a sample is rotated at all
 * @param flipProbability chance of a horizontal flip
 * @param colorOrder channel order fed to the network: RGB, or BGR for weights trained by the
 *     authors' code (OpenCV order)
 * @param workers background threads preparing batches (0: on the training thread)
 * @param trainAnnotations training annotation file, relative to {@code dataRoot}: MPII json or the
 *     official release .mat, COCO person-keypoints json
 * @param valAnnotations validation annotation file, relative to {@code dataRoot}: MPII json, COCO
 *     person-keypoints json
 * @param detectionFile COCO only: person detections for validation, relative to
 *     {@code dataRoot}; null validates on ground-truth boxes
 * @param trainImages folder of the training images, relative to {@code dataRoot}
 * @param valImages folder of the validation images, relative to {@code dataRoot}
 * @param valHeadboxes MPII only: the file giving the validation head boxes PCKh needs, relative to
 *     {@code dataRoot}: HRNet's gt_valid.mat or the official release .mat; when it does not exist
 *     the head boxes come from {@code trainAnnotations} if that is the release
 * @param detectionMinScore COCO only: detections scoring below this are not validated on (HRNet's
 *     {@code image_thre})
 * @param syntheticTrainSize synthetic only: figures in the training split
 * @param syntheticValSize synthetic only: figures in the validation split
 * @param keypoints coco only: a keypoint-set file ({@link KeypointSetFile}), relative to
 *     {@code dataRoot} or absolute, for a custom COCO-format keypoint dataset, or
 *     {@value #KEYPOINTS_FROM_CATEGORY}: the set the validation file's category describes ({@link
 *     JointSet#fromCocoCategory}); null trains on COCO's people as before
 * @param categoryId with {@code keypoints}: the annotations' category to train on;
 *     {@value #ONLY_KEYPOINT_CATEGORY} takes the files' only category with keypoints
 */
public record DataConfig(
        Dataset dataset,
        String dataRoot,
        ImageSize inputSize,
        ImageSize heatmapSize,
        double sigma,
        HeatmapDecoding decoding,
        double scaleFactor,
        double rotationDegrees,
        double rotationProbability,
        double flipProbability,
        ChannelOrder colorOrder,
        int workers,
        String trainAnnotations,
        String valAnnotations,
        String detectionFile,
        String trainImages,
        String valImages,
        String valHeadboxes,
        double detectionMinScore,
        int syntheticTrainSize,
        int syntheticValSize,
        String keypoints,
        long categoryId) {

    /** {@code data.category_id}'s default: the only category with keypoints (several is an error). */
    public static final long ONLY_KEYPOINT_CATEGORY = CocoAnnotations.ONLY_KEYPOINT_CATEGORY;
    /**
     * {@code data.keypoints} for a dataset without a keypoint-set file: names and skeleton from the
     * category of {@code data.val_annotations}, flip pairs from left/right names, sigmas only when
     * the names are COCO's 17.
     */
    public static final String KEYPOINTS_FROM_CATEGORY = "category";

    public static final int DEFAULT_INPUT_SIDE = 256;
    public static final double DEFAULT_SCALE_FACTOR = 0.25;
    public static final double DEFAULT_ROTATION_DEGREES = 30.0;
    public static final double DEFAULT_ROTATION_PROBABILITY = 0.6;
    public static final double DEFAULT_FLIP_PROBABILITY = 0.5;
    public static final int DEFAULT_WORKERS = 4;
    /** HRNet's {@code image_thre} in its COCO configurations: every detection is validated on. */
    public static final double DEFAULT_DETECTION_MIN_SCORE = 0.0;
    /** Enough figures that the demo's small network learns poses, few enough for CPU minutes per run. */
    public static final int DEFAULT_SYNTHETIC_TRAIN_SIZE = 2000;
    /** A tenth of the training split: PCKh steady to about a point, validation in seconds. */
    public static final int DEFAULT_SYNTHETIC_VAL_SIZE = 200;

    /** The authors' MPII recipe, with HRNet's MPII folder layout (annot/*.json, annot/gt_valid.mat, images/). */
    public static DataConfig defaults() {
        ImageSize input = ImageSize.square(DEFAULT_INPUT_SIDE);
        return new DataConfig(Dataset.MPII, "data/mpii", input, input.dividedBy(Stem.STRIDE), HeatmapCodec.DEFAULT_SIGMA,
                HeatmapDecoding.QUARTER_OFFSET, DEFAULT_SCALE_FACTOR, DEFAULT_ROTATION_DEGREES, DEFAULT_ROTATION_PROBABILITY, DEFAULT_FLIP_PROBABILITY,
                ChannelOrder.RGB, DEFAULT_WORKERS, "annot/train.json", "annot/valid.json", null, "images", "images",
                "annot/gt_valid.mat", DEFAULT_DETECTION_MIN_SCORE, DEFAULT_SYNTHETIC_TRAIN_SIZE, DEFAULT_SYNTHETIC_VAL_SIZE,
                null, ONLY_KEYPOINT_CATEGORY);
    }

    /** Whether the data is a custom COCO-format dataset with its own keypoint set, rather than a built-in set. */
    public boolean customKeypoints() {
        return keypoints != null && !keypoints.isBlank();
    }

    /** Whether the custom set is the annotation file's category ({@value #KEYPOINTS_FROM_CATEGORY}), not a file of its own. */
    public boolean keypointsFromCategory() {
        return customKeypoints() && keypoints.trim().equals(KEYPOINTS_FROM_CATEGORY);
    }

    /**
     * The file the custom keypoint set is read from: {@code data.keypoints} resolved (as given when
     * absolute, else under {@code data.data_root}), or {@code data.val_annotations}' file when the
     * set is its category.
     */
    public Path keypointSource() {
        Path file = Path.of(keypointsFromCategory() ? valAnnotations : keypoints);
        return file.isAbsolute() ? file : Path.of(dataRoot).resolve(file);
    }

    /**
     * The keypoint set the data is labelled with, and so the one a model trained on it predicts:
     * read from {@code data.keypoints} when given (or from the validation file's category), else
     * the data set's built-in one.
     *
     * @throws IOException naming the file and field when it is missing or malformed
     */
    public JointSet jointSet() throws IOException {
        if (!customKeypoints()) {
            return dataset.jointSet();
        }
        if (!keypointsFromCategory()) {
            return KeypointSetFile.read(keypointSource());
        }
        Path file = keypointSource();
        return JointSet.fromCocoCategory(CocoAnnotationsReader.read(file).keypointCategory(file, categoryId));
    }

    /** The crop, target and augmentation settings the data pipeline runs with. */
    public TopDownConfig topDown() {
        return new TopDownConfig(codec(),
                new AugmentationConfig(scaleFactor, rotationDegrees, rotationProbability, flipProbability), normalization());
    }

    /** Sizes, targets and decoding: what the data pipeline encodes and validation decodes. */
    public HeatmapCodec codec() {
        return new HeatmapCodec(inputSize, heatmapSize, sigma, decoding);
    }

    /** ImageNet's normalisation in the configured channel order. */
    public Normalization normalization() {
        return colorOrder == ChannelOrder.BGR ? Normalization.imagenetBgr() : Normalization.imagenet();
    }
}
