package org.okdhp.data.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.okdhp.data.annotation.CocoAnnotationsReader;

/** The shared fixture against the 10 numbers pycocotools printed for it. */
class CocoKeypointEvaluatorFixtureTest {

    private static final double TOLERANCE = 1e-4;

    @Test
    void fixtureResultsGivePycocotoolsNumbers() throws Exception {
        Path coco = Path.of(System.getProperty("okdhp.shared", "../shared"), "fixtures", "coco");
        Assumptions.assumeTrue(Files.isDirectory(coco), coco + " absent, skipping");
        CocoKeypointStats stats = new CocoKeypointEvaluator(CocoAnnotationsReader.read(coco.resolve("test_coco.json")))
                .evaluate(coco.resolve("results/keypoints_results_a.json"));
        JsonNode expected = new ObjectMapper().readTree(coco.resolve("results/keypoints_results_a.expected.json").toFile());
        double[] actual = stats.asMap().values().stream().mapToDouble(Double::doubleValue).toArray();
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.get("stats").get(i).asDouble(), actual[i], TOLERANCE,
                    expected.get("names").get(i).asText() + "\n" + stats);
        }
    }
}
