package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DoctorCommandTest {

    @Test
    void reportsTheEngineAndPassesItsChecks() {
        StringWriter out = new StringWriter();
        CommandLine cli = OkdhpCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("doctor", "--all"));
        String report = out.toString();
        for (String expected : List.of("okdhp ", "java ", "DJL ", "libtorch  " + Engine.getInstance().getVersion(),
                "oneDNN ", "MKLDNN", "CPU ", "ISA ", "intra-op", "CUDA ", "self-check on cpu():",
                "ok   convolution input gradient", "ok   training-mode batch norm running variance",
                "ok   OKDHP loss output", "raw engine convolution", "all engine checks pass")) {
            assertTrue(report.contains(expected), "'" + expected + "' missing from:\n" + report);
        }
    }
}
