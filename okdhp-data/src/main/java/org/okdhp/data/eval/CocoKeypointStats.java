package org.okdhp.data.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The 10 numbers of pycocotools' {@code summarize()} for keypoints, each a fraction in [0, 1], or
 * -1 when nothing was there to measure (e.g. no medium-sized person). AP is averaged over OKS
 * thresholds 0.50:0.95 unless the name says 50 or 75; m and l restrict to medium (32^2..96^2 px^2)
 * and large (> 96^2 px^2) people; AR is the recall with at most 20 detections per image.
 */
public record CocoKeypointStats(double ap, double ap50, double ap75, double apMedium, double apLarge,
                                double ar, double ar50, double ar75, double arMedium, double arLarge) {

    /** pycocotools' line layout, e.g. {@code " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.428"}. */
    private static final String LINE = " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %.3f%n";
    private static final String ALL_THRESHOLDS = "0.50:0.95";

    /** The values under the keys AP, AP50, AP75, APm, APl, AR, AR50, AR75, ARm, ARl, in that order. */
    public Map<String, Double> asMap() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("AP", ap);
        values.put("AP50", ap50);
        values.put("AP75", ap75);
        values.put("APm", apMedium);
        values.put("APl", apLarge);
        values.put("AR", ar);
        values.put("AR50", ar50);
        values.put("AR75", ar75);
        values.put("ARm", arMedium);
        values.put("ARl", arLarge);
        return values;
    }

    /** The 10 lines pycocotools prints. */
    @Override
    public String toString() {
        String[] thresholds = {ALL_THRESHOLDS, "0.50", "0.75", ALL_THRESHOLDS, ALL_THRESHOLDS};
        String[] areas = {"all", "all", "all", CocoAreaRange.MEDIUM.label(), CocoAreaRange.LARGE.label()};
        double[] values = asMap().values().stream().mapToDouble(Double::doubleValue).toArray();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            boolean precision = i < thresholds.length;
            int row = i % thresholds.length;
            text.append(String.format(Locale.ROOT, LINE, precision ? "Average Precision" : "Average Recall",
                    precision ? "(AP)" : "(AR)", thresholds[row], areas[row],
                    CocoKeypointEvaluator.MAX_DETECTIONS, values[i]));
        }
        return text.toString();
    }

    /** {@code summarize()} over the curves [category][area range] (null where pycocotools has -1). */
    static CocoKeypointStats summarize(PrecisionRecall[][] curves) {
        int all = CocoAreaRange.ALL.ordinal();
        int medium = CocoAreaRange.MEDIUM.ordinal();
        int large = CocoAreaRange.LARGE.ordinal();
        int every = -1;
        return new CocoKeypointStats(
                meanPrecision(curves, all, every), meanPrecision(curves, all, CocoKeypointEvaluator.THRESHOLD_50),
                meanPrecision(curves, all, CocoKeypointEvaluator.THRESHOLD_75), meanPrecision(curves, medium, every),
                meanPrecision(curves, large, every),
                meanRecall(curves, all, every), meanRecall(curves, all, CocoKeypointEvaluator.THRESHOLD_50),
                meanRecall(curves, all, CocoKeypointEvaluator.THRESHOLD_75), meanRecall(curves, medium, every),
                meanRecall(curves, large, every));
    }

    /** Mean precision over categories, thresholds (all when {@code threshold} &lt; 0) and recall points. */
    private static double meanPrecision(PrecisionRecall[][] curves, int range, int threshold) {
        return mean(curves, range, threshold, PrecisionRecall::precision);
    }

    /** Mean final recall over categories and thresholds (all when {@code threshold} &lt; 0). */
    private static double meanRecall(PrecisionRecall[][] curves, int range, int threshold) {
        return mean(curves, range, threshold, curve -> Arrays.stream(curve.recall())
                .mapToObj(recall -> new double[] {recall}).toArray(double[][]::new));
    }

    private static double mean(PrecisionRecall[][] curves, int range, int threshold,
                               Function<PrecisionRecall, double[][]> valuesByThreshold) {
        double sum = 0;
        long count = 0;
        for (PrecisionRecall[] category : curves) {
            if (category[range] == null) {
                continue; // pycocotools' -1: nothing to measure
            }
            double[][] values = valuesByThreshold.apply(category[range]);
            for (int t = 0; t < values.length; t++) {
                if (threshold < 0 || t == threshold) {
                    sum += Arrays.stream(values[t]).sum();
                    count += values[t].length;
                }
            }
        }
        return count == 0 ? -1 : sum / count;
    }
}
