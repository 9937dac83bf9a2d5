package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./okdhp} launcher drops libtorch's warnings a user cannot act on (written by native
 * code straight to stderr, past SLF4J) and keeps every other line of stderr: its filter, run
 * through grep as the launcher runs it, on real lines.
 */
class LauncherNativeWarningsTest {

    private static final Path LAUNCHER = Path.of("..", "okdhp");

    @Test
    void nativeNoiseIsDroppedAndEverythingElseKept() throws Exception {
        String script = Files.readString(LAUNCHER);
        Matcher noise = Pattern.compile("native_noise='([^']+)'").matcher(script);
        assertTrue(noise.find(), "the launcher defines its filter");
        assertTrue(script.contains("2>&1 >&3 3>&- | grep --line-buffered -v -E \"$native_noise\" >&2"),
                "java's stderr goes through the filter");
        List<String> kept = List.of(
                "okdhp train: /data/a.json: record[0]: missing field 'scale'",
                "[main] WARN org.okdhp.data.dataset.PoseBatchLoader - skipping unreadable sample (1 so far): a.jpg",
                "terminate called after throwing an instance of 'c10::Error'");
        List<String> dropped = List.of(
                "[W1207 05:22:17.253070257 LegacyTypeDispatch.h:74] Warning: AutoNonVariableTypeMode is deprecated and will"
                        + " be removed in 1.10 release. For kernel implementations please use AutoDispatchBelowADInplaceOrView"
                        + " instead (function operator())",
                "[W NNPACK.cpp:64] Could not initialize NNPACK! Reason: Unsupported hardware.");
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < kept.size(); i++) {
            input.append(dropped.get(i % dropped.size())).append('\n').append(kept.get(i)).append('\n');
        }
        assertEquals(kept, filter(noise.group(1), input.toString()));
    }

    private static List<String> filter(String pattern, String input) throws IOException, InterruptedException {
        Process grep = new ProcessBuilder("grep", "-v", "-E", pattern).start();
        grep.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        grep.getOutputStream().close();
        String output = new String(grep.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        grep.waitFor();
        return output.lines().toList();
    }
}
