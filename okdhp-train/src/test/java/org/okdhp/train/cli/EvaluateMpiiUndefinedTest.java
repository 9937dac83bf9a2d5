package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.train.data.DataFolders;

/** {@code okdhp evaluate mpii} on a ground truth that labels no head: the number is said to be undefined, and null in JSON. */
class EvaluateMpiiUndefinedTest {

    private static final int HEAD_TOP = 9;

    @TempDir
    Path dir;

    @Test
    void anUndefinedNumberIsAWarningAndNullInJson() throws IOException {
        int[] visible = new int[16];
        Arrays.fill(visible, 1);
        visible[HEAD_TOP] = 0;
        double[][] joints = DataFolders.mpiiJoints(100, 100);
        Path annotations = DataFolders.json(dir.resolve("valid.json"),
                List.of(DataFolders.mpiiRecord("a.jpg", new double[] {100, 100}, 0.5, joints, visible)));
        Path headBoxes = DataFolders.groundTruthMat(dir.resolve("gt_valid.mat"), new double[][] {{1, 1, 31, 41}});
        double[][] zeroBased = Arrays.stream(joints).map(j -> new double[] {j[0] - 1, j[1] - 1}).toArray(double[][]::new);
        Path predictions = DataFolders.json(dir.resolve("pred.json"), List.<double[][]>of(zeroBased));
        Path json = dir.resolve("pckh.json");

        CommandRun run = CommandRun.of("evaluate", "mpii", "--annotations", annotations.toString(), "--predictions",
                predictions.toString(), "--headboxes", headBoxes.toString(), "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("warning: Head undefined: the ground truth labels none of their joints (null in "
                + json + ")"), run.err());
        JsonNode written = new ObjectMapper().readTree(json.toFile());
        assertTrue(written.get("Head").isNull(), written.toString());
        assertEquals(100, written.get("Mean").asDouble(), 1e-9);

        String before = Files.readString(predictions);
        CommandRun overInput = CommandRun.of("evaluate", "mpii", "--annotations", annotations.toString(), "--predictions",
                predictions.toString(), "--headboxes", headBoxes.toString(), "--json", predictions.toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, overInput.exitCode());
        assertTrue(overInput.err().contains("is the file --predictions reads"), overInput.err());
        assertEquals(before, Files.readString(predictions));
    }
}
