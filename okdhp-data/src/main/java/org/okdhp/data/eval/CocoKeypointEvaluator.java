package org.okdhp.data.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.okdhp.data.annotation.AnnotationFormatException;
import org.okdhp.data.annotation.CocoAnnotation;
import org.okdhp.data.annotation.CocoAnnotations;
import org.okdhp.data.annotation.CocoCategory;
import org.okdhp.data.annotation.CocoImage;
import org.okdhp.data.annotation.CocoKeypointResult;
import org.okdhp.data.annotation.CocoResultsReader;

/**
 * COCO keypoint AP with the semantics of pycocotools' {@code COCOeval(iouType='keypoints')}:
 * OKS with the 17 standard sigmas, thresholds 0.50:0.05:0.95, at most {@value #MAX_DETECTIONS}
 * detections per image (highest scores), ground truths ignored when crowd or without labelled
 * keypoints or outside the area range, greedy matching, 101-point interpolated precision, and the
 * 10 numbers of {@code summarize}. Every image and category of the ground truth is evaluated.
 *
 * <p>One known difference: pycocotools marks a match by storing the ground truth's id, so a match
 * to an annotation with id 0 counts as unmatched there; here it counts as matched.
 */
public final class CocoKeypointEvaluator {

    public static final int MAX_DETECTIONS = 20;
    /** pycocotools' {@code linspace(.5, .95, 10)}, computed as numpy does (i * step + start). */
    static final double[] OKS_THRESHOLDS = IntStream.range(0, 10)
            .mapToDouble(i -> i == 9 ? 0.95 : i * ((0.95 - 0.5) / 9) + 0.5).toArray();
    static final int THRESHOLD_50 = 0;
    static final int THRESHOLD_75 = 5;

    /** A ground-truth person as matching needs it. */
    record Truth(double[] keypoints, double[] box, double area, boolean crowd, boolean ignored) {}

    /** A detected person as matching needs it. */
    record Detection(double[] keypoints, double area, double score) {}

    private record ImageCategory(long imageId, long categoryId) {}

    private final CocoAnnotations groundTruth;
    private final List<Long> imageIds;
    private final List<Long> categoryIds;
    private final ObjectKeypointSimilarity similarity;

    /** The evaluator of COCO's person keypoints, with pycocotools' default sigmas. */
    public CocoKeypointEvaluator(CocoAnnotations groundTruth) {
        this(groundTruth, ObjectKeypointSimilarity.COCO_PERSON);
    }

    /**
     * The evaluator of any keypoint set: pycocotools' COCOeval with {@code kpt_oks_sigmas} set to
     * {@code similarity}'s sigmas.
     */
    public CocoKeypointEvaluator(CocoAnnotations groundTruth, ObjectKeypointSimilarity similarity) {
        this.groundTruth = groundTruth;
        this.similarity = similarity;
        this.imageIds = List.copyOf(new TreeSet<>(groundTruth.images().stream().map(CocoImage::id).toList()));
        this.categoryIds = List.copyOf(new TreeSet<>(groundTruth.categories().stream().map(CocoCategory::id).toList()));
    }

    /** Reads a results file and evaluates it; a result on an unknown image fails naming the file. */
    public CocoKeypointStats evaluate(Path resultsFile) throws IOException {
        List<CocoKeypointResult> results = CocoResultsReader.readKeypointResults(resultsFile);
        try {
            return evaluate(results);
        } catch (IllegalArgumentException e) {
            throw new AnnotationFormatException(resultsFile, e.getMessage());
        }
    }

    /**
     * @throws IllegalArgumentException when a result names an image the ground truth does not
     *     have (pycocotools' {@code loadRes} asserts the same) or has another number of keypoints than the sigmas
     */
    public CocoKeypointStats evaluate(List<CocoKeypointResult> results) {
        Map<ImageCategory, List<Truth>> truths = new HashMap<>();
        for (CocoAnnotation person : groundTruth.annotations()) {
            if (categoryIds.contains(person.categoryId())) {
                truths.computeIfAbsent(new ImageCategory(person.imageId(), person.categoryId()), key -> new ArrayList<>())
                        .add(truth(person));
            }
        }
        Map<ImageCategory, List<Detection>> detections = new HashMap<>();
        TreeSet<Long> knownImages = new TreeSet<>(imageIds);
        for (int i = 0; i < results.size(); i++) {
            CocoKeypointResult result = results.get(i);
            if (!knownImages.contains(result.imageId())) {
                throw new IllegalArgumentException("result " + i + ": image_id " + result.imageId()
                        + " is not an image of the ground truth");
            }
            requireKeypoints(result.keypoints(), "result " + i + " (image_id " + result.imageId() + ")");
            if (categoryIds.contains(result.categoryId())) {
                detections.computeIfAbsent(new ImageCategory(result.imageId(), result.categoryId()), key -> new ArrayList<>())
                        .add(new Detection(result.keypoints(), result.area(), result.score()));
            }
        }
        CocoAreaRange[] ranges = CocoAreaRange.values();
        PrecisionRecall[][] curves = new PrecisionRecall[categoryIds.size()][ranges.length];
        for (int k = 0; k < categoryIds.size(); k++) {
            List<List<ImageMatches>> byRange = new ArrayList<>();
            for (int a = 0; a < ranges.length; a++) {
                byRange.add(new ArrayList<>());
            }
            for (long imageId : imageIds) {
                ImageCategory key = new ImageCategory(imageId, categoryIds.get(k));
                Truth[] imageTruths = truths.getOrDefault(key, List.of()).toArray(Truth[]::new);
                Detection[] best = highestScoring(detections.getOrDefault(key, List.of()));
                double[][] oks = similarities(imageTruths, best);
                for (int a = 0; a < ranges.length; a++) {
                    ImageMatches matches = ImageMatches.of(imageTruths, best, oks, ranges[a], OKS_THRESHOLDS);
                    if (matches != null) {
                        byRange.get(a).add(matches);
                    }
                }
            }
            for (int a = 0; a < ranges.length; a++) {
                curves[k][a] = PrecisionRecall.of(byRange.get(a), OKS_THRESHOLDS.length);
            }
        }
        return CocoKeypointStats.summarize(curves);
    }

    private Truth truth(CocoAnnotation person) {
        requireKeypoints(person.keypoints(), "annotation id " + person.id());
        // pycocotools: ignore = iscrowd, or num_keypoints == 0 for keypoints (any 'ignore' field is overwritten).
        return new Truth(person.keypoints(), person.bbox(), person.area(), person.crowd(),
                person.crowd() || person.numKeypoints() == 0);
    }

    private void requireKeypoints(double[] keypoints, String what) {
        try {
            similarity.requireKeypoints(keypoints);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }

    /** Detections by descending score (stable), cut to {@value #MAX_DETECTIONS}. */
    private static Detection[] highestScoring(List<Detection> detections) {
        return detections.stream()
                .sorted(Comparator.comparingDouble(d -> -d.score()))
                .limit(MAX_DETECTIONS)
                .toArray(Detection[]::new);
    }

    private double[][] similarities(Truth[] truths, Detection[] detections) {
        double[][] oks = new double[detections.length][truths.length];
        for (int d = 0; d < detections.length; d++) {
            for (int g = 0; g < truths.length; g++) {
                oks[d][g] = similarity.againstTruth(
                        truths[g].keypoints(), truths[g].box(), truths[g].area(), detections[d].keypoints());
            }
        }
        return oks;
    }
}
