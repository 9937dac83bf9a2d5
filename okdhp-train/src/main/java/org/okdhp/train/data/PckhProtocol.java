package org.okdhp.train.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.okdhp.data.annotation.AnnotationFormatException;
import org.okdhp.data.annotation.LabelledJoints;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.eval.PckhMetric;
import org.okdhp.data.eval.PckhResult;
import org.okdhp.data.heatmap.DecodedPose;

/**
 * MPII PCKh the HRNet way ({@link PckhMetric}): head size 0.6 x head-box diagonal, labelled joints
 * only. Every number is labelled with its threshold, in percent: PCKh@0.5 Head, Shoulder, Elbow,
 * Wrist, Hip, Knee, Ankle, Mean (pelvis and thorax left out; the headline) and AllJoints, and
 * PCKh@0.1 Mean.
 *
 * @param truth the validation people in prediction order, with their head boxes
 */
public record PckhProtocol(List<LabelledJoints> truth) implements ValidationProtocol {

    public static final String METRIC = "PCKh@0.5 Mean";

    public PckhProtocol {
        truth = List.copyOf(truth);
    }

    /** Scores people that carry their own head boxes (synthetic figures, release rectangles). */
    public static PckhProtocol of(List<PoseInstance> people) {
        return new PckhProtocol(people.stream().map(LabelledJoints::of).toList());
    }

    /**
     * Fails, naming the validation file, when a number the table reports would be undefined
     * because no person has a joint of it labelled (HRNet's 0/0): better before the first epoch
     * than when the run exports its best branch.
     */
    static void requireDefined(List<LabelledJoints> truth, Path file, String key) throws AnnotationFormatException {
        double[][][] atTheTruth = truth.stream().map(LabelledJoints::joints).toArray(double[][][]::new);
        List<String> undefined = new PckhProtocol(truth).evaluateExact(atTheTruth).entrySet().stream()
                .filter(number -> !Double.isFinite(number.getValue())).map(Map.Entry::getKey).toList();
        if (!undefined.isEmpty()) {
            long labelled = truth.stream().mapToLong(person -> countLabelled(person.visibility())).sum();
            throw new AnnotationFormatException(file, "its " + truth.size() + " people have " + labelled
                    + " labelled joints, none of them for " + String.join(", ", undefined)
                    + ", which would be undefined; " + key + " must name a validation file with every joint labelled somewhere");
        }
    }

    private static long countLabelled(float[] visibility) {
        long labelled = 0;
        for (float flag : visibility) {
            labelled += flag > 0 ? 1 : 0;
        }
        return labelled;
    }

    @Override
    public String metricName() {
        return METRIC;
    }

    @Override
    public Map<String, Double> evaluate(List<DecodedPose> predictions) {
        if (predictions.size() != truth.size()) {
            throw new IllegalArgumentException(predictions.size() + " predictions for " + truth.size() + " validation people");
        }
        return evaluateExact(predictions.stream().map(pose -> widened(pose.joints())).toArray(double[][][]::new));
    }

    private Map<String, Double> evaluateExact(double[][][] joints) {
        PckhResult result = PckhMetric.evaluate(truth, joints);
        Map<String, Double> labelled = new LinkedHashMap<>();
        result.asMap().forEach((name, value) -> labelled.put(label(name), value));
        return labelled;
    }

    private static double[][] widened(float[][] joints) {
        double[][] wide = new double[joints.length][];
        for (int j = 0; j < joints.length; j++) {
            wide[j] = new double[] {joints[j][0], joints[j][1]};
        }
        return wide;
    }

    /** PckhResult's names ("Mean", "Mean@0.1", ...) with the threshold up front. */
    private static String label(String name) {
        String strictSuffix = "@" + PckhMetric.STRICT_THRESHOLD;
        return name.endsWith(strictSuffix)
                ? "PCKh@" + PckhMetric.STRICT_THRESHOLD + " " + name.substring(0, name.length() - strictSuffix.length())
                : "PCKh@" + PckhMetric.THRESHOLD + " " + name;
    }
}
