package org.okdhp.train.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.okdhp.data.annotation.CocoAnnotationsReader;
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
    Evaluation evaluate() throws IOException {
        CocoKeypointStats stats = new CocoKeypointEvaluator(CocoAnnotationsReader.read(annotations)).evaluate(results);
        return new Evaluation(stats.toString(), stats.asMap());
    }
}
