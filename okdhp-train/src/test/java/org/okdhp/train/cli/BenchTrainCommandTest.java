package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench train} on a tiny network, run in-process. */
class BenchTrainCommandTest {

    private static final String[] TINY = {"bench", "train", "--features", "16", "--joints", "4", "--shared", "1",
        "--branches", "1,1", "--batch", "2", "--size", "64", "--steps", "2", "--warmup", "1"};

    @TempDir
    Path dir;

    @Test
    void writesFiguresLayoutAndOperatorTrace() throws IOException {
        Path json = dir.resolve("bench.json");
        Path trace = dir.resolve("trace.json");
        CommandRun run = CommandRun.of(concat(TINY, "--layout", "channels-last", "--json", json.toString(),
                "--trace", trace.toString()));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("channels_last"), run.out());
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertEquals("channels_last", figures.get("layout").asText());
        double seconds = figures.get("seconds_per_step").asDouble();
        assertTrue(seconds > 0, "seconds_per_step " + seconds);
        assertEquals(2 / seconds, figures.get("images_per_second").asDouble(), 1e-9);
        for (String phase : new String[] {"forward_seconds", "backward_seconds", "update_seconds"}) {
            assertTrue(figures.get(phase).asDouble() > 0, phase);
        }
        String events = Files.readString(trace);
        assertTrue(events.contains("aten::convolution") && events.contains("aten::native_batch_norm"),
                "the trace records the step's operators");
    }

    @Test
    void trainsChannelsFirstUnlessAsked() {
        CommandRun run = CommandRun.of(TINY);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("channels_first"), run.out());
    }

    @Test
    void unknownLayoutIsAUsageError() {
        CommandRun run = CommandRun.of(concat(TINY, "--layout", "nhwc"));
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("nhwc") && run.err().contains("channels_last"), run.err());
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
