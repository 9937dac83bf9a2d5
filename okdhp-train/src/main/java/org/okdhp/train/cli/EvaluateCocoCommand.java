package org.okdhp.train.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.okdhp.data.annotation.AnnotationFormatException;
import org.okdhp.data.annotation.CocoAnnotations;
import org.okdhp.data.annotation.CocoAnnotationsReader;
import org.okdhp.data.annotation.CocoCategory;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.KeypointSetFile;
import org.okdhp.data.annotation.CocoKeypointResult;
import org.okdhp.data.annotation.CocoResultsReader;
import org.okdhp.data.eval.CocoEvaluationCoverage;
import org.okdhp.data.eval.CocoKeypointEvaluator;
import org.okdhp.data.eval.CocoKeypointStats;
import org.okdhp.data.eval.ObjectKeypointSimilarity;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code okdhp evaluate coco}: the 10 COCO keypoint numbers of a results file. */
@Command(
        name = "coco",
        mixinStandardHelpOptions = true,
        description = {"COCO keypoint AP/AR of a results file, with the semantics of pycocotools' COCOeval"
                + " (OKS, maxDets 20), for COCO's people or, with --keypoints, any keypoint set and category id."
                + " Prints pycocotools' 10 lines; --json writes AP, AP50, AP75, APm, APl, AR, AR50, AR75, ARm, ARl."})
final class EvaluateCocoCommand extends EvaluationSubcommand {

    @CommandLine.Option(names = "--annotations", required = true, paramLabel = "GT.json",
            description = "COCO person-keypoints ground truth (e.g. person_keypoints_val2017.json).")
    Path annotations;

    @CommandLine.Option(names = "--results", required = true, paramLabel = "RES.json",
            description = "Keypoint results: [{image_id, category_id, keypoints, score}, ...].")
    Path results;

    @CommandLine.Option(names = "--keypoints", paramLabel = "SET.yaml",
            description = "Keypoint-set file (YAML or JSON) whose sigmas score the keypoints, for any keypoint set;"
                    + " without it, pycocotools' person sigmas, for a ground truth of COCO's 17 person keypoints.")
    Path keypoints;

    @Override
    Map<String, Path> inputs() {
        Map<String, Path> inputs = new HashMap<>(Map.of("--annotations", annotations, "--results", results));
        if (keypoints != null) {
            inputs.put("--keypoints", keypoints);
        }
        return inputs;
    }

    @Override
    Evaluation evaluate() throws IOException {
        CocoAnnotations groundTruth = CocoAnnotationsReader.read(annotations);
        List<CocoKeypointResult> detected = CocoResultsReader.readKeypointResults(results);
        CocoEvaluationCoverage coverage = CocoEvaluationCoverage.of(groundTruth, detected);
        String empty = coverage.emptyEvaluation();
        if (empty != null) {
            boolean truthsFault = coverage.labelledPeople() == 0 && coverage.results() > 0;
            throw new AnnotationFormatException(truthsFault ? annotations : results, empty);
        }
        if (coverage.partialEvaluation() != null) {
            spec.commandLine().getErr().println(
                    "okdhp evaluate coco: warning: " + results + ": " + coverage.partialEvaluation());
        }
        CocoKeypointStats stats;
        try {
            stats = new CocoKeypointEvaluator(groundTruth, similarity(groundTruth)).evaluate(detected);
        } catch (IllegalArgumentException e) {
            throw new AnnotationFormatException(results, e.getMessage());
        }
        return new Evaluation(stats.toString(), stats.asMap());
    }

    /** The OKS of the --keypoints set, or COCO's person OKS for a ground truth of COCO's 17 keypoints. */
    private ObjectKeypointSimilarity similarity(CocoAnnotations groundTruth) throws IOException {
        List<CocoCategory> keypointCategories = groundTruth.categories().stream()
                .filter(c -> !c.keypoints().isEmpty()).toList();
        if (keypoints == null) {
            for (CocoCategory category : keypointCategories) {
                if (!category.keypoints().equals(JointSet.COCO.jointNames())) {
                    throw new AnnotationFormatException(annotations, "category '" + category.name() + "' (id "
                            + category.id() + ") has " + category.keypoints().size() + " keypoints ("
                            + String.join(", ", category.keypoints()) + "), not COCO's 17 person keypoints, so"
                            + " pycocotools' person sigmas do not apply: pass --keypoints FILE, a keypoint-set file"
                            + " with 'sigmas: [...]', one per keypoint");
                }
            }
            return ObjectKeypointSimilarity.COCO_PERSON;
        }
        JointSet set = KeypointSetFile.read(keypoints);
        for (CocoCategory category : keypointCategories) {
            if (category.keypoints().size() != set.size()) {
                throw new AnnotationFormatException(keypoints, "has " + set.size() + " keypoints, but category '"
                        + category.name() + "' (id " + category.id() + ") of " + annotations + " has "
                        + category.keypoints().size());
            }
        }
        try {
            return ObjectKeypointSimilarity.of(set);
        } catch (IllegalArgumentException e) {
            throw new AnnotationFormatException(keypoints, e.getMessage());
        }
    }
}
