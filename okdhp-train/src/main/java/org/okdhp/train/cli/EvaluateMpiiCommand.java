package org.okdhp.train.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.okdhp.data.annotation.AnnotationFormatException;
import org.okdhp.data.annotation.LabelledJoints;
import org.okdhp.data.annotation.MpiiLabelledPeople;
import org.okdhp.data.annotation.MpiiPredictionsReader;
import org.okdhp.data.eval.PckhMetric;
import org.okdhp.data.eval.PckhResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code okdhp evaluate mpii}: the PCKh table of a predictions file. */
@Command(
        name = "mpii",
        mixinStandardHelpOptions = true,
        description = {"MPII PCKh@0.5 (and @0.1) the HRNet way: head size = 0.6 x head-box diagonal, labelled joints"
                + " only. --json writes Head, Shoulder, Elbow, Wrist, Hip, Knee, Ankle, Mean, Mean@0.1, AllJoints (%%)."})
final class EvaluateMpiiCommand extends EvaluationSubcommand {

    @CommandLine.Option(names = "--annotations", required = true, paramLabel = "A",
            description = "Ground truth: the official mpii_human_pose_v1_u12_1.mat, a gt_valid.mat-style file,"
                    + " or an MPII json (then --headboxes is required).")
    Path annotations;

    @CommandLine.Option(names = "--predictions", required = true, paramLabel = "P",
            description = "N x 16 x [x, y] in 0-based px as json, or HRNet's pred.mat (preds [N, 16, 2], 1-based),"
                    + " in the order of the ground-truth people.")
    Path predictions;

    @CommandLine.Option(names = "--headboxes", paramLabel = "gt_valid.mat",
            description = "The .mat whose head boxes to use: a gt_valid.mat-style file (headboxes_src, one per person),"
                    + " or, for a json, the official release (each person's rectangle found by image and center).")
    Path headBoxes;

    @Override
    Map<String, Path> inputs() {
        Map<String, Path> inputs = new HashMap<>(Map.of("--annotations", annotations, "--predictions", predictions));
        if (headBoxes != null) {
            inputs.put("--headboxes", headBoxes);
        }
        return inputs;
    }

    @Override
    Evaluation evaluate() throws IOException {
        List<LabelledJoints> truth = MpiiLabelledPeople.read(annotations, headBoxes);
        double[][][] predicted = MpiiPredictionsReader.read(predictions);
        PckhResult result;
        try {
            result = PckhMetric.evaluate(truth, predicted);
        } catch (IllegalArgumentException e) {
            throw new AnnotationFormatException(predictions, e.getMessage() + " in " + annotations);
        }
        return new Evaluation(result.toString(), result.asMap());
    }
}
