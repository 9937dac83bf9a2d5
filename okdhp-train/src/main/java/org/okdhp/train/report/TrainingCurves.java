package org.okdhp.train.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** PNG charts of a training log: loss terms per epoch, and each branch's and the ensemble's metric. */
public final class TrainingCurves {

    public static final String LOSS_CHART = "losses.png";
    public static final String METRIC_CHART = "metrics.png";
    private static final int WIDTH_PIXELS = 900;
    private static final int HEIGHT_PIXELS = 520;

    private TrainingCurves() {}

    /**
     * Writes {@link #LOSS_CHART} and, once some epoch has a metric, {@link #METRIC_CHART} into
     * {@code folder}.
     *
     * @return the charts written
     */
    public static List<Path> write(List<EpochRecord> records, Path folder) throws IOException {
        List<Path> written = new ArrayList<>();
        XYChart losses = chart("Training losses", "mean loss per epoch");
        boolean positive = addSeries(losses, records, EpochRecord::losses);
        // Loss terms differ by orders of magnitude (MSE ~1e-3, weighted KL ~1e-2): a log axis shows them all.
        losses.getStyler().setYAxisLogarithmic(positive);
        written.add(save(losses, folder.resolve(LOSS_CHART)));
        XYChart metrics = chart("Validation accuracy", "metric");
        addSeries(metrics, records, EpochRecord::metrics);
        if (!metrics.getSeriesMap().isEmpty()) {
            written.add(save(metrics, folder.resolve(METRIC_CHART)));
        }
        return written;
    }

    private static XYChart chart(String title, String yAxis) {
        XYChart chart = new XYChartBuilder().width(WIDTH_PIXELS).height(HEIGHT_PIXELS)
                .title(title).xAxisTitle("epoch").yAxisTitle(yAxis).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    /**
     * One series per name, skipping epochs where the value is missing.
     *
     * @return whether every plotted value is positive (a log axis can show them)
     */
    private static boolean addSeries(XYChart chart, List<EpochRecord> records, Function<EpochRecord, Map<String, Double>> values) {
        Set<String> names = new LinkedHashSet<>();
        records.forEach(record -> names.addAll(values.apply(record).keySet()));
        boolean positive = true;
        for (String name : names) {
            List<Double> epochs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (EpochRecord record : records) {
                Double value = values.apply(record).get(name);
                if (value != null && Double.isFinite(value)) {
                    epochs.add((double) record.epoch());
                    ys.add(value);
                    positive &= value > 0;
                }
            }
            if (!ys.isEmpty()) {
                chart.addSeries(name, epochs, ys);
            }
        }
        return positive && !chart.getSeriesMap().isEmpty();
    }

    private static Path save(XYChart chart, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
        return file;
    }
}
