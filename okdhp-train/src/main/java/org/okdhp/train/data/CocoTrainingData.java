package org.okdhp.train.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.okdhp.data.annotation.AnnotationFormatException;
import org.okdhp.data.annotation.CocoAnnotations;
import org.okdhp.data.eval.CocoEvaluationCoverage;
import org.okdhp.data.annotation.CocoAnnotationsReader;
import org.okdhp.data.annotation.CocoPoseInstances;
import org.okdhp.data.annotation.CocoResultsReader;
import org.okdhp.data.annotation.ImageFiles;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.dataset.PoseSource;
import org.okdhp.data.image.FileImageSource;
import org.okdhp.train.config.DataConfig;

/**
 * COCO keypoints from HRNet's layout (annotations/person_keypoints_{train,val}2017.json,
 * images/{train,val}2017/). Training crops the ground-truth people that have labelled keypoints
 * ({@link CocoPoseInstances#groundTruth}: crowds and zero-keypoint people are left out, as HRNet
 * does); validation crops either the same kind of ground-truth boxes or a detector's person boxes.
 */
public final class CocoTrainingData {

    static final String LAYOUT = "HRNet's COCO layout: annotations/person_keypoints_train2017.json,"
            + " annotations/person_keypoints_val2017.json, images/train2017/ and images/val2017/";
    private static final String TRAIN_ANNOTATIONS = "COCO's person_keypoints_train2017.json (annotations_trainval2017.zip)";
    private static final String VAL_ANNOTATIONS = "COCO's person_keypoints_val2017.json (annotations_trainval2017.zip)";
    private static final String TRAIN_IMAGES = "the COCO train2017 images (train2017.zip)";
    private static final String VAL_IMAGES = "the COCO val2017 images (val2017.zip)";
    private static final String LABELLED_PEOPLE = "person of category \"person\" with a labelled keypoint and a box"
            + " larger than a point";
    private static final String DETECTIONS = "person detections for the validation images, e.g. HRNet's"
            + " person_detection_results/COCO_val2017_detections_AP_H_56_person.json";

    private CocoTrainingData() {}

    /**
     * The ground-truth people of a COCO person-keypoints file.
     *
     * @param images the folder of the image files the annotations name
     * @param aspectRatio model input width / height, which shapes each crop box
     */
    public static PoseSource people(Path annotations, Path images, double aspectRatio) throws IOException {
        return source(CocoPoseInstances.groundTruth(CocoAnnotationsReader.read(annotations), images, aspectRatio));
    }

    static TrainingData open(DataConfig data, DataRoot root) throws IOException {
        Path trainFile = root.file(data.trainAnnotations(), "data.train_annotations", TRAIN_ANNOTATIONS);
        Path trainImages = root.folder(data.trainImages(), "data.train_images", TRAIN_IMAGES);
        double aspectRatio = (double) data.inputSize().width() / data.inputSize().height();
        PoseSource train = people(trainFile, trainImages, aspectRatio);
        NonEmptySplit.require(train.instances(), trainFile, "data.train_annotations", LABELLED_PEOPLE);
        ImageFiles.requireAll(trainFile, train.instances());
        ValidationData validation = validation(data, root);
        return new TrainingData(train, validation.validation(), validation.protocol());
    }

    /** The validation split alone (ground-truth people or detections) with the COCO protocol. */
    static ValidationData validation(DataConfig data, DataRoot root) throws IOException {
        Path valFile = root.file(data.valAnnotations(), "data.val_annotations", VAL_ANNOTATIONS);
        Path valImages = root.folder(data.valImages(), "data.val_images", VAL_IMAGES);
        Path detectionFile = data.detectionFile() == null ? null
                : root.file(data.detectionFile(), "data.detection_file", DETECTIONS);
        double aspectRatio = (double) data.inputSize().width() / data.inputSize().height();
        CocoAnnotations valTruth = CocoAnnotationsReader.read(valFile);
        String undefined = CocoEvaluationCoverage.of(valTruth, List.of()).labelledPeople() > 0 ? null
                : "has no person of category \"person\" with a labelled keypoint, so validation AP would be undefined;"
                        + " data.val_annotations must name a file with some";
        if (undefined != null) {
            throw new AnnotationFormatException(valFile, undefined);
        }
        List<PoseInstance> validation = detectionFile == null
                ? CocoPoseInstances.groundTruth(valTruth, valImages, aspectRatio)
                : detections(detectionFile, valTruth, valImages, aspectRatio, data.detectionMinScore());
        NonEmptySplit.require(validation, detectionFile == null ? valFile : detectionFile,
                detectionFile == null ? "data.val_annotations" : "data.detection_file",
                detectionFile == null ? LABELLED_PEOPLE : "person boxes of non-zero area scoring at least "
                        + data.detectionMinScore() + " (data.detection_min_score)");
        ImageFiles.requireAll(detectionFile == null ? valFile : detectionFile, validation);
        return new ValidationData(source(validation), new CocoProtocol(valTruth, validation, aspectRatio));
    }

    private static List<PoseInstance> detections(Path detectionFile, CocoAnnotations images, Path imageDir,
                                                 double aspectRatio, double minScore) throws IOException {
        try {
            return CocoPoseInstances.detections(CocoResultsReader.readDetections(detectionFile), images, imageDir,
                    aspectRatio, minScore);
        } catch (IllegalArgumentException e) {
            throw new AnnotationFormatException(detectionFile, e.getMessage() + " of data.val_annotations");
        }
    }

    /** Instance paths already hold their folder, so the image source takes them as they are. */
    private static PoseSource source(List<PoseInstance> people) {
        return new PoseSource(people, JointSet.COCO, new FileImageSource(null));
    }
}
