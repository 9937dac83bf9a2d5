package org.okdhp.train.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.okdhp.data.annotation.AnnotationFormatException;
import org.okdhp.data.annotation.CocoAnnotations;
import org.okdhp.data.annotation.CocoAnnotationsReader;
import org.okdhp.data.annotation.CocoCategory;
import org.okdhp.data.annotation.CocoPoseInstances;
import org.okdhp.data.annotation.CocoPoseInstances.LabelledObject;
import org.okdhp.data.annotation.CocoResultsReader;
import org.okdhp.data.annotation.ImageFiles;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.KeypointSetFile;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.dataset.PoseSource;
import org.okdhp.data.eval.ObjectKeypointSimilarity;
import org.okdhp.data.image.FileImageSource;
import org.okdhp.train.config.DataConfig;

/**
 * A COCO-format keypoint dataset of any category and keypoint set ({@code data.keypoints}): the
 * objects of one category, cropped as COCO's people are ({@link CocoPoseInstances#labelled}).
 * Validation reports COCO AP with the set's OKS sigmas, or, for a set without sigmas,
 * PCK@0.2 of the box size ({@link BoxPckProtocol}) per keypoint on the ground-truth boxes.
 */
public final class CustomKeypointData {

    static final String LAYOUT = "a COCO-format keypoint dataset: the files data.keypoints, data.train_annotations,"
            + " data.val_annotations and the folders data.train_images, data.val_images";
    private static final String ANNOTATIONS = "a COCO-format keypoint annotation file";
    private static final String IMAGES = "the folder of the images its file_name entries name";

    private CustomKeypointData() {}

    /**
     * The labelled objects of an annotation file's only keypoint category, with the keypoint set
     * of {@code keypointSetFile}: what {@code show-samples --keypoints} shows.
     *
     * @param aspectRatio model input width / height, which shapes each crop box
     */
    public static PoseSource objects(Path annotations, Path images, double aspectRatio, Path keypointSetFile)
            throws IOException {
        JointSet set = KeypointSetFile.read(keypointSetFile);
        CocoAnnotations coco = CocoAnnotationsReader.read(annotations);
        long category = category(coco, annotations, DataConfig.ONLY_KEYPOINT_CATEGORY, set, keypointSetFile).id();
        return source(CocoPoseInstances.labelled(coco, images, aspectRatio, category).stream()
                .map(LabelledObject::instance).toList(), set);
    }

    static TrainingData open(DataConfig data, DataRoot root) throws IOException {
        Annotations val = validationAnnotations(data, root);
        JointSet set = keypointSet(data, root, val);
        Path trainFile = root.file(data.trainAnnotations(), "data.train_annotations", ANNOTATIONS);
        Path trainImages = root.folder(data.trainImages(), "data.train_images", IMAGES);
        CocoAnnotations train = CocoAnnotationsReader.read(trainFile);
        long category = category(train, trainFile, data.categoryId(), set, data.keypointSource()).id();
        List<PoseInstance> people = CocoPoseInstances.labelled(train, trainImages, aspectRatio(data), category).stream()
                .map(LabelledObject::instance).toList();
        NonEmptySplit.require(people, trainFile, "data.train_annotations", wanted(category));
        ImageFiles.requireAll(trainFile, people);
        ValidationData validation = validation(data, root, set, val);
        return new TrainingData(source(people, set), validation.validation(), validation.protocol());
    }

    /** The validation split alone, for scoring a model. */
    static ValidationData validation(DataConfig data, DataRoot root) throws IOException {
        Annotations val = validationAnnotations(data, root);
        return validation(data, root, keypointSet(data, root, val), val);
    }

    /** An annotation file as read, with its path for messages. */
    private record Annotations(Path file, CocoAnnotations coco) {}

    /** {@code data.val_annotations}, read once: the validation split, and with data.keypoints=category the set. */
    private static Annotations validationAnnotations(DataConfig data, DataRoot root) throws IOException {
        Path file = root.file(data.valAnnotations(), "data.val_annotations", ANNOTATIONS);
        return new Annotations(file, CocoAnnotationsReader.read(file));
    }

    private static JointSet keypointSet(DataConfig data, DataRoot root, Annotations val) throws IOException {
        if (data.keypointsFromCategory()) {
            return JointSet.fromCocoCategory(val.coco().keypointCategory(val.file(), data.categoryId()));
        }
        root.file(data.keypoints(), "data.keypoints", "a keypoint-set file (name, keypoints, flip_pairs, skeleton,"
                + " sigmas, weights; see the README's \"Train on your own keypoints\")");
        return data.jointSet();
    }

    private static ValidationData validation(DataConfig data, DataRoot root, JointSet set, Annotations val)
            throws IOException {
        Path valFile = val.file();
        Path valImages = root.folder(data.valImages(), "data.val_images", IMAGES);
        CocoAnnotations all = val.coco();
        CocoCategory category = category(all, valFile, data.categoryId(), set, data.keypointSource());
        // Only the chosen category is scored: AP over other categories would count them as missed.
        CocoAnnotations truth = new CocoAnnotations(all.images(),
                all.annotations().stream().filter(a -> a.categoryId() == category.id()).toList(), List.of(category));
        List<LabelledObject> objects = CocoPoseInstances.labelled(truth, valImages, aspectRatio(data), category.id());
        NonEmptySplit.require(objects.stream().map(LabelledObject::instance).toList(), valFile, "data.val_annotations",
                wanted(category.id()));
        if (!set.hasSigmas()) {
            if (data.detectionFile() != null) {
                String add = data.keypointsFromCategory()
                        ? "write a keypoint-set file with sigmas and set data.keypoints to it (the category's"
                                + " keypoint names are not COCO's 17, whose sigmas are known)"
                        : "add sigmas";
                throw new AnnotationFormatException(data.keypointSource(), "sigmas", "missing: validating on"
                        + " data.detection_file needs COCO AP, and so OKS sigmas (PCK needs ground-truth boxes); "
                        + add + " or unset data.detection_file");
            }
            List<PoseInstance> boxes = objects.stream().map(LabelledObject::instance).toList();
            ImageFiles.requireAll(valFile, boxes);
            return new ValidationData(source(boxes, set), new BoxPckProtocol(objects, set.jointNames()));
        }
        List<PoseInstance> boxes = data.detectionFile() == null
                ? objects.stream().map(LabelledObject::instance).toList()
                : detections(data, root, truth, valImages, category.id(), set.size());
        ImageFiles.requireAll(valFile, boxes);
        return new ValidationData(source(boxes, set), new CocoProtocol(truth, boxes, aspectRatio(data),
                ObjectKeypointSimilarity.of(set), category.id()));
    }

    /**
     * {@code data.category_id}, or the file's only category with keypoints; checked against the set:
     * its keypoint count, and every annotation's triples.
     */
    private static CocoCategory category(CocoAnnotations coco, Path file, long categoryId, JointSet set, Path setFile)
            throws AnnotationFormatException {
        CocoCategory chosen = coco.keypointCategory(file, categoryId);
        if (!chosen.keypoints().isEmpty() && chosen.keypoints().size() != set.size()) {
            throw new AnnotationFormatException(file, "categories (id " + chosen.id() + ").keypoints",
                    chosen.keypoints().size() + " keypoints, but the keypoint set '" + set.name() + "' of "
                            + setFile + " has " + set.size());
        }
        CocoPoseInstances.requireKeypointCount(coco, file, chosen.id(), set.size());
        return chosen;
    }

    private static List<PoseInstance> detections(DataConfig data, DataRoot root, CocoAnnotations truth, Path images,
            long category, int keypoints) throws IOException {
        Path detectionFile = root.file(data.detectionFile(), "data.detection_file",
                "a COCO detection results file (image_id, category_id, bbox, score) for the validation images");
        try {
            List<PoseInstance> boxes = CocoPoseInstances.detections(CocoResultsReader.readDetections(detectionFile),
                    truth, images, aspectRatio(data), data.detectionMinScore(), category, keypoints);
            return NonEmptySplit.require(boxes, detectionFile, "data.detection_file", "boxes of category " + category
                    + " of non-zero area scoring at least " + data.detectionMinScore() + " (data.detection_min_score)");
        } catch (IllegalArgumentException e) {
            throw new AnnotationFormatException(detectionFile, e.getMessage() + " of data.val_annotations");
        }
    }

    private static String wanted(long category) {
        return "object of category " + category + " with a labelled keypoint and a box larger than a point";
    }

    private static double aspectRatio(DataConfig data) {
        return (double) data.inputSize().width() / data.inputSize().height();
    }

    /** Instance paths already hold their folder, so the image source takes them as they are. */
    private static PoseSource source(List<PoseInstance> objects, JointSet set) {
        return new PoseSource(objects, set, new FileImageSource(null));
    }
}
