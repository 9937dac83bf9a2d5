package org.okdhp.train.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.okdhp.data.annotation.AnnotationFormatException;
import org.okdhp.data.annotation.CocoAnnotations;
import org.okdhp.data.annotation.CocoAnnotationsReader;
import org.okdhp.data.annotation.CocoKeypointResult;
import org.okdhp.data.annotation.CocoResultsReader;
import org.okdhp.data.eval.CocoEvaluationCoverage;
import org.okdhp.data.eval.CocoKeypointEvaluator;
import org.okdhp.data.eval.CocoKeypointStats;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code okdhp evaluate coco}: the 10 COCO keypoint numbers of a results file. */
@Command(
        name = "coco",
        mixinStandardHelpOptions = true,
        description = {"COCO keypoint AP/AR of a results file, with the semantics of pycocotools' COCOeval"
                + " (OKS, maxDets 20). Prints pycocotools' 10 lines; --json writes AP, AP50, AP75, APm, APl,"
                + " AR, AR50, AR75, ARm, ARl."})
final class EvaluateCocoCommand extends EvaluationSubcommand {

    @CommandLine.Option(names = "--annotations", required = true, paramLabel = "GT.json",
            description = "COCO person-keypoints ground truth (e.g. person_keypoints_val2017.json).")
    Path annotations;

    @CommandLine.Option(names = "--results", required = true, paramLabel = "RES.json",
            description = "Keypoint results: [{image_id, category_id, keypoints, score}, ...].")
    Path results;

    @Override
    Map<String, Path> inputs() {
        return Map.of("--annotations", annotations, "--results", results);
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
            stats = new CocoKeypointEvaluator(groundTruth).evaluate(detected);
        } catch (IllegalArgumentException e) {
            throw new AnnotationFormatException(results, e.getMessage());
        }
        return new Evaluation(stats.toString(), stats.asMap());
    }
}
