package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code okdhp --help} lists every command with a summary that ends where its sentence ends. */
class HelpTest {

    @Test
    void everyCommandSummaryIsAWholeSentence() {
        CommandRun help = CommandRun.of("--help");
        assertEquals(0, help.exitCode(), help.err());
        String list = help.out().substring(help.out().indexOf("Commands:"));
        List<String> summaries = new ArrayList<>();
        for (String line : list.lines().skip(1).toList()) {
            if (line.startsWith("  ") && !line.startsWith("   ")) {
                summaries.add(line.strip().replaceFirst("^\\S+\\s+", ""));
            } else if (!summaries.isEmpty()) {
                summaries.set(summaries.size() - 1, summaries.get(summaries.size() - 1) + " " + line.strip());
            }
        }
        assertEquals(OkdhpCommand.commandLine().getSubcommands().size(), summaries.size(), list);
        for (String summary : summaries) {
            assertTrue(summary.endsWith("."), "cut mid-sentence: '" + summary + "'");
        }
        assertTrue(list.replaceAll("\\s+", " ").contains("Exports the best branch of a training run as a self-contained model folder."), list);
    }
}
