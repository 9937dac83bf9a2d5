package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.train.export.TinyModels;

/** {@code okdhp bench predict} measures both paths with either engine and writes the figures it prints. */
class BenchPredictCommandTest {

    private static final List<String> KEYS = List.of("network_images_per_second", "pipeline_images_per_second",
            "latency_ms_median", "latency_ms_p90");

    @TempDir
    static Path models;
    private static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void export() throws IOException {
        model = TinyModels.exported(models.resolve("best-branch"));
    }

    @Test
    void oneBatchSizeWritesTheFourFiguresForEachEngine() throws IOException {
        for (String engine : List.of("djl", "onnx")) {
            Path json = dir.resolve(engine + ".json");
            CommandRun run = CommandRun.of("bench", "predict", "--model", model.toString(), "--batch", "2",
                    "--steps", "3", "--warmup", "1", "--threads", "1", "--engine", engine, "--json", json.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("batch 2, " + engine + ": network "), run.out());
            JsonNode figures = new ObjectMapper().readTree(json.toFile());
            assertEquals(engine, figures.get("engine").asText());
            for (String key : KEYS) {
                assertTrue(figures.get(key).asDouble() > 0, key + " in " + figures);
            }
            assertTrue(figures.get("latency_ms_p90").asDouble() >= figures.get("latency_ms_median").asDouble());
        }
    }

    @Test
    void severalBatchSizesAreKeyedByBatchAndTheNetworkCanBeTimedAlone() throws IOException {
        Path json = dir.resolve("both.json");
        CommandRun run = CommandRun.of("bench", "predict", "--model", model.toString(), "--batch", "1,3",
                "--steps", "2", "--warmup", "0", "--network-only", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        for (String batch : List.of("1", "3")) {
            assertTrue(figures.at("/batches/" + batch + "/network_images_per_second").asDouble() > 0, figures.toString());
            assertTrue(figures.at("/batches/" + batch + "/pipeline_images_per_second").isNull(), figures.toString());
            assertEquals(2, figures.at("/batches/" + batch + "/network_milliseconds").size());
        }
        assertTrue(!run.out().contains("predict path"), run.out());
    }
}
