package org.okdhp.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochCsvTest {

    private static final List<String> LOSSES = List.of("mse", "mse_ens", "kl", "total");
    private static final List<String> METRICS = List.of("branch_0", "branch_1", "branch_2", "ensemble");

    @TempDir
    Path folder;

    static EpochRecord record(int epoch, boolean validated) {
        Map<String, Double> losses = new LinkedHashMap<>();
        losses.put("mse", 0.002 / (epoch + 1));
        losses.put("mse_ens", 0.0005 / (epoch + 1));
        losses.put("kl", 0.01 / (epoch + 2));
        losses.put("total", 0.0125 / (epoch + 1));
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int branch = 0; branch < 3; branch++) {
            metrics.put("branch_" + branch, validated ? 0.5 + 0.02 * epoch + 0.01 * branch : Double.NaN);
        }
        metrics.put("ensemble", validated ? 0.55 + 0.02 * epoch : Double.NaN);
        return new EpochRecord(epoch, 2.5e-4, Math.exp(-5.0 * Math.pow(1 - epoch / 90.0, 2)), losses, 52.5, 0.125, metrics);
    }

    @Test
    void writesHeaderThenOneFlushedRowPerEpoch() throws IOException {
        Path file = folder.resolve("epochs.csv");
        EpochCsv csv = new EpochCsv(file, LOSSES, METRICS);
        csv.append(record(0, false));
        List<String> lines = Files.readAllLines(file);
        assertEquals("epoch,lr,ramp,loss_mse,loss_mse_ens,loss_kl,loss_total,images_per_s,data_wait_share,"
                + "metric_branch_0,metric_branch_1,metric_branch_2,metric_ensemble", lines.get(0));
        assertEquals("0,2.5E-4," + Math.exp(-5.0) + ",0.002,5.0E-4,0.005,0.0125,52.5,0.125,,,,", lines.get(1));
        csv.append(record(1, true));
        assertEquals(List.of(record(0, false), record(1, true)), EpochCsv.read(file));
    }

    @Test
    void resumedRunDropsRepeatedEpochsAndAppends() throws IOException {
        Path file = folder.resolve("epochs.csv");
        EpochCsv first = new EpochCsv(file, LOSSES, METRICS);
        for (int epoch = 0; epoch < 4; epoch++) {
            first.append(record(epoch, epoch % 2 == 1));
        }
        // The run died after logging epoch 3 but its last checkpoint holds 2 completed epochs.
        EpochCsv resumed = new EpochCsv(file, LOSSES, METRICS);
        resumed.resumeAfter(2);
        resumed.append(record(2, false));
        assertEquals(List.of(record(0, false), record(1, true), record(2, false)), EpochCsv.read(file));
        try (var files = Files.list(folder)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void aLogWithOtherColumnsIsNotExtended() throws IOException {
        Path file = folder.resolve("epochs.csv");
        new EpochCsv(file, LOSSES, METRICS);
        IOException error = assertThrows(IOException.class, () -> new EpochCsv(file, List.of("mse"), METRICS));
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }
}
