package org.okdhp.train.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.okdhp.data.annotation.CenterScale;
import org.okdhp.data.annotation.CocoAnnotations;
import org.okdhp.data.annotation.CocoKeypointResult;
import org.okdhp.data.annotation.CocoPoseInstances;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.eval.CocoKeypointEvaluator;
import org.okdhp.data.eval.ObjectKeypointSimilarity;
import org.okdhp.data.eval.OksNms;
import org.okdhp.data.heatmap.DecodedPose;

/**
 * COCO keypoint AP as HRNet's {@code coco.py evaluate} computes it: each predicted person is
 * rescored as its box score x the mean of its joint scores above 0.2 ({@code in_vis_thre}), the
 * people of each image go through OKS-NMS at 0.9 ({@code oks_thre}, areas of the crop boxes), and
 * the survivors are scored against the validation annotations by {@link CocoKeypointEvaluator}.
 * Returns pycocotools' 10 numbers as fractions: AP (the headline), AP50, AP75, APm, APl, AR, AR50,
 * AR75, ARm, ARl.
 */
public final class CocoProtocol implements ValidationProtocol {

    public static final String METRIC = "AP";

    private final CocoKeypointEvaluator evaluator;
    private final List<PoseInstance> validation;
    private final double aspectRatio;
    private final ObjectKeypointSimilarity similarity;
    private final long categoryId;

    /**
     * COCO's people.
     *
     * @param groundTruth the validation annotations (every image of it is evaluated)
     * @param validation the boxes predictions are made for, in prediction order: ground-truth or detected
     * @param aspectRatio model input width / height, which fixes each crop's height
     */
    public CocoProtocol(CocoAnnotations groundTruth, List<PoseInstance> validation, double aspectRatio) {
        this(groundTruth, validation, aspectRatio, ObjectKeypointSimilarity.COCO_PERSON,
                CocoPoseInstances.PERSON_CATEGORY_ID);
    }

    /**
     * Any keypoint category, scored and de-duplicated with its keypoint set's OKS sigmas.
     *
     * @param categoryId the category the predictions are for
     */
    public CocoProtocol(CocoAnnotations groundTruth, List<PoseInstance> validation, double aspectRatio,
            ObjectKeypointSimilarity similarity, long categoryId) {
        this.evaluator = new CocoKeypointEvaluator(groundTruth, similarity);
        this.validation = List.copyOf(validation);
        this.aspectRatio = aspectRatio;
        this.similarity = similarity;
        this.categoryId = categoryId;
    }

    @Override
    public String metricName() {
        return METRIC;
    }

    @Override
    public Map<String, Double> evaluate(List<DecodedPose> predictions) {
        if (predictions.size() != validation.size()) {
            throw new IllegalArgumentException(predictions.size() + " predictions for " + validation.size() + " validation boxes");
        }
        Map<Long, List<OksNms.Candidate>> byImage = new LinkedHashMap<>();
        for (int i = 0; i < validation.size(); i++) {
            PoseInstance box = validation.get(i);
            double[] keypoints = keypoints(predictions.get(i));
            // HRNet's area: w x h of the crop box, which OKS-NMS uses as the person's scale.
            CenterScale crop = new CenterScale(box.centerX(), box.centerY(), box.scale());
            double area = crop.scale() * CenterScale.PIXEL_STD * crop.boxHeightPx(aspectRatio);
            double score = OksNms.rescore(box.score(), keypoints, OksNms.DEFAULT_KEYPOINT_SCORE_THRESHOLD);
            byImage.computeIfAbsent(box.imageId(), image -> new ArrayList<>()).add(new OksNms.Candidate(keypoints, area, score));
        }
        List<CocoKeypointResult> results = new ArrayList<>();
        byImage.forEach((imageId, people) -> {
            for (int kept : OksNms.keep(people, OksNms.DEFAULT_THRESHOLD, similarity)) {
                OksNms.Candidate person = people.get(kept);
                results.add(CocoKeypointResult.of(imageId, categoryId, person.keypoints(),
                        person.score()));
            }
        });
        return evaluator.evaluate(results).asMap();
    }

    /** K x {x, y, score} flattened, COCO's results layout. */
    private static double[] keypoints(DecodedPose pose) {
        float[][] joints = pose.joints();
        float[] scores = pose.scores();
        double[] flat = new double[joints.length * 3];
        for (int k = 0; k < joints.length; k++) {
            flat[3 * k] = joints[k][0];
            flat[3 * k + 1] = joints[k][1];
            flat[3 * k + 2] = scores[k];
        }
        return flat;
    }
}
