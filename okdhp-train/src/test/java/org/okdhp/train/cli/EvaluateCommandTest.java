package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Matrix;

/** Runs {@code okdhp evaluate} in-process on the shared fixtures and files made here. */
class EvaluateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHARED = Path.of(System.getProperty("okdhp.shared", "../shared"));

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void cocoPrintsPycocotoolsLinesAndWritesTheTenNumbers() throws IOException {
        Path coco = fixture("coco");
        Path output = dir.resolve("out/coco.json");
        int exit = run("evaluate", "coco", "--annotations", coco.resolve("test_coco.json").toString(),
                "--results", coco.resolve("results/keypoints_results_a.json").toString(), "--json", output.toString());

        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().startsWith(
                " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets= 20 ] = 0.428\n"), out.toString());
        JsonNode written = JSON.readTree(output.toFile());
        JsonNode expected = JSON.readTree(coco.resolve("results/keypoints_results_a.expected.json").toFile());
        List<String> keys = new ArrayList<>();
        written.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl"), keys);
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(expected.get("stats").get(i).asDouble(), written.get(keys.get(i)).asDouble(), 1e-4, keys.get(i));
        }
    }

    @Test
    void aBadFileIsOneLineNamingItAndExitCodeOne() throws IOException {
        Path coco = fixture("coco");
        Path results = Files.writeString(dir.resolve("res.json"), "[{\"image_id\": 785, \"category_id\": 1}]");
        int exit = run("evaluate", "coco", "--annotations", coco.resolve("test_coco.json").toString(),
                "--results", results.toString());
        assertEquals(1, exit);
        assertEquals("okdhp evaluate coco: " + results + ": result[0] (image_id 785): missing field 'keypoints'",
                err.toString().strip());

        Path unknownImage = Files.writeString(dir.resolve("res2.json"),
                "[{\"image_id\": 1, \"category_id\": 1, \"score\": 1, \"keypoints\": " + zeros(51) + "}]");
        assertEquals(1, run("evaluate", "coco", "--annotations", coco.resolve("test_coco.json").toString(),
                "--results", unknownImage.toString()));
        assertTrue(err.toString().contains(unknownImage + ": result 0: image_id 1 is not an image of the ground truth"),
                err.toString());

        assertEquals(1, run("evaluate", "coco", "--annotations", dir.resolve("nowhere.json").toString(),
                "--results", results.toString()));
        assertTrue(err.toString().contains(dir.resolve("nowhere.json") + ": no such file"), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    /**
     * Head boxes (1, 1)-(31, 41): diagonal 50 px, head size 30 px, so 14.5 px off is right and
     * 20 px off is wrong. Every prediction is 14.5 px right of the truth, except person 1's right
     * ankle, 20 px off.
     */
    @Test
    void mpiiJsonWithHeadBoxesGivesTheLabelledTable() throws IOException {
        Path mpii = fixture("mpii");
        JsonNode records = JSON.readTree(mpii.resolve("test_mpii.json").toFile());
        int people = records.size();
        ArrayNode predictions = JSON.createArrayNode();
        for (int n = 0; n < people; n++) {
            ArrayNode person = predictions.addArray();
            for (int j = 0; j < 16; j++) {
                JsonNode joint = records.get(n).get("joints").get(j);
                double offset = n == 1 && j == 0 ? 20 : 14.5;
                person.addArray().add(joint.get(0).asDouble() - 1 + offset).add(joint.get(1).asDouble() - 1);
            }
        }
        Path predictionFile = dir.resolve("pred.json");
        JSON.writeValue(predictionFile.toFile(), predictions);
        Path headBoxes = headBoxFile(people);
        Path output = dir.resolve("pckh.json");

        int exit = run("evaluate", "mpii", "--annotations", mpii.resolve("test_mpii.json").toString(),
                "--predictions", predictionFile.toString(), "--headboxes", headBoxes.toString(), "--json", output.toString());

        assertEquals(0, exit, err.toString());
        JsonNode table = JSON.readTree(output.toFile());
        List<String> keys = new ArrayList<>();
        table.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("Head", "Shoulder", "Elbow", "Wrist", "Hip", "Knee", "Ankle", "Mean", "Mean@0.1", "AllJoints"), keys);
        assertEquals(100, table.get("Head").asDouble(), 1e-9);
        // Ankles: the right one is labelled for people 0, 1, 4 and right for 2 of them; the left one always right.
        assertEquals(0.5 * (100.0 * 2 / 3 + 100), table.get("Ankle").asDouble(), 1e-9);
        // Without pelvis and thorax: 3 + 3 + 12 x 5 = 66 labelled joints, 65 right.
        assertEquals(100.0 * 65 / 66, table.get("Mean").asDouble(), 1e-9);
        assertEquals(0, table.get("Mean@0.1").asDouble(), 1e-9, "14.5 px > 0.1 x 30 px");
        assertTrue(out.toString().contains("Mean@0.1"), out.toString());

        assertEquals(1, run("evaluate", "mpii", "--annotations", mpii.resolve("test_mpii.json").toString(),
                "--predictions", predictionFile.toString()));
        assertTrue(err.toString().contains("an MPII json has no head boxes"), err.toString());
    }

    private Path headBoxFile(int people) throws IOException {
        Matrix joints = Mat5.newMatrix(new int[] {16, 2, people});
        Matrix missing = Mat5.newMatrix(16, people);
        Matrix boxes = Mat5.newMatrix(new int[] {2, 2, people});
        for (int n = 0; n < people; n++) {
            boxes.setDouble(new int[] {0, 0, n}, 1);
            boxes.setDouble(new int[] {0, 1, n}, 1);
            boxes.setDouble(new int[] {1, 0, n}, 31);
            boxes.setDouble(new int[] {1, 1, n}, 41);
        }
        Path file = dir.resolve("gt_valid.mat");
        Mat5.writeToFile(Mat5.newMatFile().addArray("pos_gt_src", joints).addArray("jnt_missing", missing)
                .addArray("headboxes_src", boxes), file.toFile());
        return file;
    }

    private Path fixture(String name) {
        Path path = SHARED.resolve("fixtures").resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(path), path + " absent, skipping");
        return path;
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = OkdhpCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String zeros(int count) {
        return "[" + "0,".repeat(count - 1) + "0]";
    }
}
