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
    void takesTurnsThroughTheGivenFilesAndReportsEveryStep() throws IOException {
        // Plain files stand in for the named pipes: one byte waiting per step, warm-up included.
        Path wait = Files.write(dir.resolve("wait"), new byte[3]);
        Path handOn = Files.createFile(dir.resolve("hand-on"));
        Path json = dir.resolve("bench.json");
        CommandRun run = CommandRun.of(concat(TINY, "--turns", wait + "," + handOn, "--json", json.toString()));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(3, Files.size(handOn), "one byte handed on after each of the 1 + 2 steps");
        JsonNode steps = new ObjectMapper().readTree(json.toFile()).get("step_seconds");
        assertEquals(2, steps.size());
        assertTrue(steps.get(0).asDouble() > 0 && steps.get(1).asDouble() > 0, steps.toString());
    }

    @Test
    void aTurnThatNeverComesIsAnErrorNamingThePipe() throws IOException {
        Path wait = Files.write(dir.resolve("wait"), new byte[2]);
        Path handOn = Files.createFile(dir.resolve("hand-on"));
        CommandRun run = CommandRun.of(concat(TINY, "--turns", wait + "," + handOn));
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(wait.toString()) && run.err().contains("closed"), run.err());
    }

    @Test
    void zeroThreadsIsOneLineNamingTheOption() {
        CommandRun.of(concat(TINY, "--threads", "0")).assertOneLineError("--threads must be at least 1, got 0");
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
