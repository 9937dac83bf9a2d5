package org.okdhp.train.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The command list of {@code --help}: picocli shows the first line of a command's description,
 * which for a description written as several lines stops mid-sentence ("... from a checkpoint
 * (its configuration is stored inside),"). Here each command is summarised by its header, or
 * else by the first whole sentence of its description.
 */
final class CommandSummaries {

    /** A full stop that ends a sentence: followed by a capital letter or the end ("e.g. 0,1" does not end one). */
    private static final Pattern SENTENCE_END = Pattern.compile("\\.(?=\\s+[A-Z]|\\s*$)");
    private static final int NAME_COLUMN = 16;

    private CommandSummaries() {
    }

    static CommandLine install(CommandLine commandLine) {
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, CommandSummaries::render);
        return commandLine;
    }

    static String summary(CommandLine command) {
        UsageMessageSpec usage = command.getCommandSpec().usageMessage();
        String text = String.join(" ", usage.header().length > 0 ? usage.header() : usage.description()).strip();
        Matcher end = SENTENCE_END.matcher(text);
        return end.find() ? text.substring(0, end.end()) : text;
    }

    private static String render(Help help) {
        Map<String, Help> subcommands = help.subcommands();
        if (subcommands.isEmpty()) {
            return "";
        }
        int width = help.commandSpec().usageMessage().width();
        TextTable table = TextTable.forColumns(help.colorScheme(),
                new Column(NAME_COLUMN, 2, Column.Overflow.SPAN),
                new Column(width - NAME_COLUMN, 2, Column.Overflow.WRAP));
        subcommands.forEach((name, sub) -> table.addRowValues(name, summary(sub.commandSpec().commandLine())));
        return table.toString();
    }
}
