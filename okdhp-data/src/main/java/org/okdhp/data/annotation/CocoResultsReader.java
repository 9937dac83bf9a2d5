package org.okdhp.data.annotation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads COCO results files, arrays of per-person records: detector boxes (as HRNet's
 * {@code COCO_val2017_detections_AP_H_56_person.json}) and keypoint predictions (the file
 * COCOeval's {@code loadRes} takes). Whether the image ids exist is the evaluator's check, since
 * only it knows the ground truth.
 */
public final class CocoResultsReader {

    private static final int BOX_VALUES = 4;

    private CocoResultsReader() {}

    public static List<CocoDetection> readDetections(Path json) throws IOException {
        List<CocoDetection> detections = new ArrayList<>();
        JsonRecordStream.readArray(json, "detection", record -> {
            long imageId = record.integer("image_id");
            record = record.labelledWith("image_id " + imageId);
            double[] bbox = record.numbers("bbox", BOX_VALUES);
            if (!(bbox[2] >= 0 && bbox[3] >= 0)) {
                throw record.fail("bbox size " + bbox[2] + " x " + bbox[3] + " is negative");
            }
            detections.add(new CocoDetection(imageId, record.integer("category_id"), bbox, score(record)));
        });
        return List.copyOf(detections);
    }

    /**
     * Keypoint results {@code image_id, category_id, keypoints (K x {x, y, score}), score}. Like
     * {@code loadRes}, when the first result carries a non-empty {@code bbox} every result's area is
     * its box's w x h (and every result needs one); otherwise it is the keypoints' bounding-box area.
     */
    public static List<CocoKeypointResult> readKeypointResults(Path json) throws IOException {
        List<CocoKeypointResult> results = new ArrayList<>();
        boolean[] boxesGiveArea = new boolean[1];
        JsonRecordStream.readArray(json, "result", record -> {
            long imageId = record.integer("image_id");
            record = record.labelledWith("image_id " + imageId);
            if (results.isEmpty()) {
                boxesGiveArea[0] = record.has("bbox") && record.numbers("bbox", -1).length > 0;
            }
            double[] keypoints = CocoAnnotationsReader.keypointTriples(record, "keypoints");
            long categoryId = record.integer("category_id");
            double score = score(record);
            CocoKeypointResult result = CocoKeypointResult.of(imageId, categoryId, keypoints, score);
            if (boxesGiveArea[0]) {
                double[] bbox = record.numbers("bbox", BOX_VALUES);
                result = new CocoKeypointResult(imageId, categoryId, keypoints, score, bbox[2] * bbox[3]);
            }
            results.add(result);
        });
        return List.copyOf(results);
    }

    private static double score(JsonRecord record) throws AnnotationFormatException {
        double score = record.number("score");
        if (!Double.isFinite(score)) {
            throw record.fail("score " + score + " is not a finite number");
        }
        return score;
    }
}
