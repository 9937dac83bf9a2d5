package org.okdhp.train.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.train.checkpoint.Checkpoint;
import org.okdhp.train.checkpoint.CheckpointFile;
import org.okdhp.train.checkpoint.CheckpointStore;
import org.okdhp.train.checkpoint.ModelWeights;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.data.image.ImageSize;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.export.BestBranchExporter;
import org.okdhp.train.export.BranchScore;
import org.okdhp.train.export.ExportInfo;
import org.okdhp.train.loop.RunFolder;
import org.okdhp.train.report.EpochCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code okdhp export}: a run's best branch as a self-contained model folder. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        header = "Exports the best branch of a training run as a self-contained model folder.",
        description = {
            "Rebuilds the trained network of a run folder from a checkpoint (its configuration is stored inside),",
            "keeps the branch with the best headline metric in the last validation of RUN_DIR/metrics.csv",
            "(up to the checkpoint's epoch) and writes it as a model folder: model.params, hourglass.npz,",
            "metadata.json, README.md, SHA256SUMS. An earlier export is replaced only once the new one is complete;",
            "a folder holding other files is never replaced."
        })
final class ExportCommand implements Callable<Integer> {

    static final String CHECKPOINTS_FOLDER = "checkpoints";
    static final String METRICS_FILE = "metrics.csv";

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "The run folder.")
    Path run;

    @Option(names = "--branch", paramLabel = "B", description = "Export this branch (0-based) instead of the best one.")
    Integer branch;

    @Option(names = "--checkpoint", defaultValue = "best", paramLabel = "last|best|FILE",
            description = "RUN_DIR/checkpoints/best.ckpt, last.ckpt, or a checkpoint file (default: ${DEFAULT-VALUE}).")
    String checkpoint;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Model folder to write (default: RUN_DIR/"
            + BestBranchExporter.DEFAULT_FOLDER + "); with --format onnx the file (default: RUN_DIR/"
            + BestBranchExporter.DEFAULT_FOLDER + ".onnx).")
    Path output;

    /** What to write. */
    enum Format { folder, onnx }

    @Option(names = "--format", defaultValue = "folder", paramLabel = "folder|onnx",
            description = "folder: the whole model folder (model.onnx included); onnx: only the ONNX model (default:"
                    + " ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws IOException {
        Path file = checkpointFile();
        Checkpoint saved = CheckpointFile.read(file);
        new RunFolder(run).requireSameRun(file, saved.runId());
        TrainingConfig config = ConfigLoader.fromJson(saved.configJson(), "checkpoint " + file);
        OkdhpArchitecture architecture = config.model().architecture();
        List<BranchScore> scores = scores(architecture.branchCount(), saved.completedEpochs());
        int chosen = chooseBranch(architecture.branchCount(), scores);
        Map<String, Double> metrics = scores.isEmpty() ? Map.of() : Map.of(BranchScore.HEADLINE, scores.get(chosen).metric());
        Path folder = output != null ? output
                : run.resolve(BestBranchExporter.DEFAULT_FOLDER + (format == Format.onnx ? ".onnx" : ""));
        try (NDManager manager = NDManager.newBaseManager()) {
            OkdhpNetwork trained = OkdhpNetwork.of(architecture);
            ImageSize input = config.data().inputSize();
            trained.initialize(manager, DataType.FLOAT32, new Shape(1, 3, input.height(), input.width()));
            try {
                ModelWeights.restore(saved.model(), trained.okdhpParameters().asMap());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
            ExportInfo info = ExportInfo.of(config, saved.keypointSet().orElse(config.data().dataset().jointSet()), metrics, saved.globalStep());
            if (format == Format.onnx) {
                BestBranchExporter.exportOnnx(trained, chosen, info, folder);
            } else {
                BestBranchExporter.export(trained, chosen, info, folder);
            }
        }
        String why = scores.isEmpty() ? "" : String.format(Locale.ROOT, " (headline %s in epoch %d%s)",
                scores.get(chosen).metric(), scores.get(chosen).epoch(), branch == null ? ", the best" : "");
        spec.commandLine().getOut().println("exported branch " + chosen + why + " of " + file + " to " + folder);
        return 0;
    }

    private Path checkpointFile() {
        return switch (checkpoint) {
            case "best" -> run.resolve(CHECKPOINTS_FOLDER).resolve(CheckpointStore.BEST);
            case "last" -> run.resolve(CHECKPOINTS_FOLDER).resolve(CheckpointStore.LAST);
            default -> Path.of(checkpoint);
        };
    }

    /** The last validation the checkpoint had seen; empty when --branch is given and there is no log. */
    private List<BranchScore> scores(int branches, int completedEpochs) throws IOException {
        Path metrics = run.resolve(METRICS_FILE);
        if (!Files.exists(metrics)) {
            if (branch != null) {
                return List.of();
            }
            throw new IOException(metrics + ": no such file, so no validation to pick the best branch by; pass --branch");
        }
        List<BranchScore> scores = BranchScore.lastValidated(EpochCsv.read(metrics), branches, completedEpochs);
        if (scores.isEmpty() && branch == null) {
            throw new IllegalArgumentException(metrics + ": no epoch before " + completedEpochs + " has a metric_"
                    + BranchScore.metricName(0) + " .. metric_" + BranchScore.metricName(branches - 1)
                    + " value for every branch; pass --branch");
        }
        return scores;
    }

    private int chooseBranch(int branches, List<BranchScore> scores) {
        if (branch == null) {
            return BranchScore.best(scores).branch();
        }
        if (branch < 0 || branch >= branches) {
            throw new IllegalArgumentException("--branch " + branch + ": the network has branches 0.." + (branches - 1));
        }
        return branch;
    }
}
