package org.okdhp.train.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.okdhp.train.checkpoint.Checkpoint;
import org.okdhp.train.checkpoint.CheckpointStore;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.config.ResumeChanges;
import org.okdhp.train.config.ModelConfig;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.data.TrainingData;
import org.okdhp.train.data.TrainingDataFactory;
import org.okdhp.train.device.CudnnBenchmark;
import org.okdhp.train.device.DeviceSet;
import org.okdhp.train.loop.RunFolder;
import org.okdhp.train.loop.TrainingOutcome;
import org.okdhp.train.loop.TrainingRun;
import org.okdhp.train.loop.ValidationResult;
import org.okdhp.train.loop.ValidationTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code okdhp train}: one-stage OKDHP training, from a preset or a config file. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train an OKDHP network. With no arguments: a small network on the embedded synthetic dataset on the CPU.",
            "Presets: demo, mpii-hg2, mpii-hg4, mpii-hg8, mpii-hg4-unbalanced, coco-hg4; or a YAML/JSON file."
        })
public final class TrainCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, defaultValue = "demo", description = "preset name or config file (default ${DEFAULT-VALUE})")
    String config;

    @Mixin
    ConfigOverrides overrides;

    @Option(names = "--output", paramLabel = "DIR",
            description = "run folder, new or without a run's files (default <run.output_dir>/<date-time>)")
    Path output;

    @Spec
    CommandSpec spec;

    @Option(names = "--resume", paramLabel = "DIR", description = {"continue the run in DIR from its last checkpoint;",
            "--set may then change only optim.epochs, lr, grad_clip_norm, data.workers, data.data_root",
            "and run.device, device_ids, validate_every, checkpoint_every, keep_checkpoint_every,",
            "skip_unreadable_samples, output_dir"})
    Path resume;

    @Option(names = "--devices", paramLabel = "IDS",
            description = "GPUs to train on data-parallel, e.g. 0,1 (sets run.device=gpu and run.device_ids)")
    String devices;

    @Override
    public Integer call() throws Exception {
        List<String> keys = overrides.after(List.of());
        if (devices != null) {
            keys.add("run.device=gpu");
            keys.add("run.device_ids=" + devices);
        }
        TrainingConfig resolved;
        RunFolder folder;
        if (resume != null) {
            ParseResult parsed = spec.commandLine().getParseResult();
            if (parsed.hasMatchedOption("--config") || parsed.hasMatchedOption("--output")) {
                throw new IllegalArgumentException("--resume continues the run in " + resume
                        + " with its own configuration and folder; --config and --output do not apply (--set may change"
                        + " some keys, see --help)");
            }
            folder = new RunFolder(resume);
            ResumeChanges resumed;
            if (TrainingRun.hasCheckpoint(folder) || folder.runId().isEmpty() || !Files.isRegularFile(folder.config())) {
                Checkpoint last = TrainingRun.lastCheckpoint(folder);
                resumed = ResumeChanges.apply(last.configJson(), folder.checkpoints().resolve(CheckpointStore.LAST).toString(),
                        keys, last.completedEpochs());
            } else {
                System.out.println(folder.root() + " has no checkpoint yet (stopped in its first epochs): its run starts"
                        + " again from epoch 1 with " + folder.config().getFileName());
                resumed = ResumeChanges.apply(ConfigLoader.read(folder.config()).toJson(), folder.config().toString(), keys, 0);
            }
            resolved = resumed.config();
            resumed.changes().forEach(change -> System.out.println("resuming with " + change));
        } else {
            resolved = ConfigLoader.load(config, keys);
            folder = output != null ? new RunFolder(output) : RunFolder.timestamped(Path.of(resolved.run().outputDir()));
            folder.requireNoRun();
        }
        CudnnBenchmark.configure(resolved.run().device());
        DeviceSet deviceSet = DeviceSet.resolve(resolved.run().device(), resolved.run().deviceIds());
        TrainingData data = TrainingDataFactory.open(resolved.data(), resolved.run().seed());
        System.out.printf("training %s on %s (%d train / %d validation people) on %s, run folder %s%n",
                describe(resolved), resolved.data().dataset(), data.train().instances().size(),
                data.validation().instances().size(), deviceSet.devices(), folder.root());
        try (TrainingRun run = resume != null
                ? TrainingRun.resume(folder, resolved, data, deviceSet, System.out)
                : TrainingRun.start(resolved, data, folder, deviceSet, System.out)) {
            TrainingOutcome outcome = run.train();
            System.out.printf("%nfinal validation (%s, best branch marked *):%n%s", outcome.validation().metricName(),
                    ValidationTable.render(outcome.validation()));
            if (outcome.skippedSamples() > 0) {
                System.out.printf("%d unreadable training samples were skipped (run.skip_unreadable_samples)%n",
                        outcome.skippedSamples());
            }
            int best = outcome.validation().bestBranch();
            Path exported = run.exportBestBranch(outcome.validation());
            ValidationResult check = run.validateExported(exported);
            System.out.printf("exported branch %d (%s) to %s%n", best, deployed(resolved.model(), best), exported);
            System.out.printf("exported model, reloaded from disk: %s = %.2f on the validation split%n",
                    check.metricName(), check.branchMetric(0));
            System.out.printf("run folder: %s (%s, metrics.csv, losses.png, metrics.png, fau_attention.csv, checkpoints/)%n",
                    folder.root(), folder.config().getFileName());
            System.out.printf("next: ./okdhp predict --model %s --image IMG --overlay out.png%n", exported);
        }
        return 0;
    }

    private static String describe(TrainingConfig config) {
        var model = config.model();
        if (model.backbone().isStudent()) {
            return String.format("OKDHP student: %s backbone + %d SimpleBaseline heads", model.backbone(),
                    model.branches().size());
        }
        return String.format("OKDHP F=%d, %d shared + branches %s", model.features(), model.sharedStacks(), model.branches());
    }

    private static String deployed(ModelConfig model, int branch) {
        return model.backbone().isStudent() ? model.backbone() + " with its head"
                : "a plain " + model.deployedStacks(branch) + "-stack hourglass";
    }
}
