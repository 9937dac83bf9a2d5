package org.okdhp.train.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The per-epoch training log as CSV: {@code epoch, lr, ramp, loss_NAME..., images_per_s,
 * data_wait_share, metric_NAME...}. Each row is appended and flushed to disk when its epoch ends,
 * so the file is current even if the run is killed. A resumed run appends to the same file
 * after {@link #resumeAfter} dropped the rows of epochs it will repeat. Missing metrics (epochs
 * without validation) are empty cells.
 */
public final class EpochCsv {

    private static final String LOSS_PREFIX = "loss_";
    private static final String METRIC_PREFIX = "metric_";
    private static final int FIXED_LEADING_COLUMNS = 3;

    private final Path file;
    private final List<String> lossNames;
    private final List<String> metricNames;

    /**
     * Opens {@code file}, writing the header if it does not exist yet; an existing file must
     * have exactly this header (a log of a differently shaped run is not silently extended).
     */
    public EpochCsv(Path file, List<String> lossNames, List<String> metricNames) throws IOException {
        this.file = file;
        this.lossNames = List.copyOf(lossNames);
        this.metricNames = List.copyOf(metricNames);
        String header = String.join(",", header());
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(header)) {
                throw new IOException("training log " + file + " has columns "
                        + (lines.isEmpty() ? "none" : lines.get(0)) + " but this run writes " + header);
            }
        } else {
            Files.writeString(file, header + "\n", StandardCharsets.UTF_8);
        }
    }

    /** Appends one epoch's row and forces it to the file. */
    public void append(EpochRecord record) throws IOException {
        List<String> cells = new ArrayList<>();
        cells.add(Integer.toString(record.epoch()));
        cells.add(cell(record.learningRate()));
        cells.add(cell(record.rampWeight()));
        lossNames.forEach(name -> cells.add(cell(record.losses().getOrDefault(name, Double.NaN))));
        cells.add(cell(record.imagesPerSecond()));
        cells.add(cell(record.dataWaitShare()));
        metricNames.forEach(name -> cells.add(cell(record.metrics().getOrDefault(name, Double.NaN))));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            out.write(String.join(",", cells) + "\n");
        }
    }

    /**
     * Prepares the log for a run resumed after {@code completedEpochs} epochs: rows of epochs
     * {@code >= completedEpochs} (logged after the checkpoint was taken) are removed, atomically.
     */
    public void resumeAfter(int completedEpochs) throws IOException {
        keepEpochsBefore(file, completedEpochs);
    }

    /**
     * Removes, atomically, the rows of epochs {@code >= completedEpochs} from a CSV whose header
     * is its first line and whose first column is the 0-based epoch (this log, fau_attention.csv).
     */
    public static void keepEpochsBefore(Path file, int completedEpochs) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        List<String> kept = new ArrayList<>(lines.subList(0, 1));
        for (String line : lines.subList(1, lines.size())) {
            if (Integer.parseInt(line.substring(0, line.indexOf(','))) < completedEpochs) {
                kept.add(line);
            }
        }
        // createFile, not createTempFile: the log keeps the umask's modes (e.g. 644), not owner-only 600.
        Path temporary = Files.createFile(
                file.toAbsolutePath().getParent().resolve(".epochs-" + UUID.randomUUID() + ".csv.tmp"));
        Files.write(temporary, kept, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** All rows of a log written by this class. */
    public static List<EpochRecord> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException("training log " + file + " is empty");
        }
        String[] header = lines.get(0).split(",", -1);
        List<EpochRecord> records = new ArrayList<>();
        for (int row = 1; row < lines.size(); row++) {
            String[] cells = lines.get(row).split(",", -1);
            if (cells.length != header.length) {
                throw new IOException("training log " + file + " line " + (row + 1) + " has " + cells.length
                        + " cells, the header " + header.length);
            }
            Map<String, Double> losses = new LinkedHashMap<>();
            Map<String, Double> metrics = new LinkedHashMap<>();
            double imagesPerSecond = Double.NaN;
            double dataWaitShare = Double.NaN;
            for (int column = FIXED_LEADING_COLUMNS; column < header.length; column++) {
                String name = header[column];
                double value = parse(cells[column]);
                if (name.startsWith(LOSS_PREFIX)) {
                    losses.put(name.substring(LOSS_PREFIX.length()), value);
                } else if (name.startsWith(METRIC_PREFIX)) {
                    metrics.put(name.substring(METRIC_PREFIX.length()), value);
                } else if (name.equals("images_per_s")) {
                    imagesPerSecond = value;
                } else {
                    dataWaitShare = value;
                }
            }
            records.add(new EpochRecord(Integer.parseInt(cells[0]), parse(cells[1]), parse(cells[2]), losses,
                    imagesPerSecond, dataWaitShare, metrics));
        }
        return records;
    }

    private List<String> header() {
        List<String> columns = new ArrayList<>(List.of("epoch", "lr", "ramp"));
        lossNames.forEach(name -> columns.add(LOSS_PREFIX + name));
        columns.add("images_per_s");
        columns.add("data_wait_share");
        metricNames.forEach(name -> columns.add(METRIC_PREFIX + name));
        return columns;
    }

    private static String cell(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }

    private static double parse(String cell) {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }
}
