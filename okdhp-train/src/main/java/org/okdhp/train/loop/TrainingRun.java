package org.okdhp.train.loop;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import org.okdhp.core.weights.PretrainedBackbone;
import org.okdhp.core.loss.OkdhpLoss;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.data.annotation.FlipPairs;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.dataset.LoaderConfig;
import org.okdhp.data.dataset.PoseBatch;
import org.okdhp.data.dataset.PoseBatchLoader;
import org.okdhp.data.dataset.TopDownConfig;
import org.okdhp.data.dataset.TopDownDataset;
import org.okdhp.data.image.ImageReadException;
import org.okdhp.train.checkpoint.Checkpoint;
import org.okdhp.train.checkpoint.CheckpointStore;
import org.okdhp.train.checkpoint.ModelWeights;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.data.TrainingData;
import org.okdhp.train.device.DeviceSet;
import org.okdhp.train.device.EngineVerification;
import org.okdhp.train.export.BestBranchExporter;
import org.okdhp.train.export.ExportInfo;
import org.okdhp.train.export.PoseModel;
import org.okdhp.train.optim.AdamOptimizer;
import org.okdhp.train.optim.LinearWarmup;
import org.okdhp.train.report.ConsoleProgress;
import org.okdhp.train.report.EpochCsv;
import org.okdhp.train.report.EpochMeter;
import org.okdhp.train.report.EpochRecord;
import org.okdhp.train.report.TrainingCurves;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OKDHP training run, on one device ({@link TrainingStep}) or data-parallel over several
 * ({@link DataParallelStep}, the first device holding the master weights): epochs of steps over the training split,
 * validation of every branch and the ensemble, the epoch log and curves, and an atomic checkpoint
 * after every epoch from which {@link #resume} continues exactly.
 *
 * <p>Determinism: the engine is seeded from the config before the network is initialised, and the
 * data pipeline derives each epoch's order and each sample's augmentation from (seed, epoch, index),
 * so on a CPU a resumed run ends with the same weights as an uninterrupted one.
 */
public final class TrainingRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private final TrainingConfig config;
    private final String configJson;
    private String runId;
    private final RunFolder folder;
    private final NDManager manager;
    private final OkdhpNetwork network;
    private final Map<String, Parameter> parameters;
    private final AdamOptimizer optimizer;
    private final OkdhpLoss loss;
    private final BatchStep step;
    private final PoseBatchLoader trainLoader;
    private final Validator validator;
    private final CheckpointStore checkpoints;
    private final EpochCsv log;
    private final List<EpochRecord> records = new ArrayList<>();
    private final JointSet jointSet;
    private final PrintStream out;
    private TrainingListener listener = TrainingListener.NONE;
    private int startEpoch;
    private long globalStep;
    private OptionalDouble best = OptionalDouble.empty();

    /** @param fresh whether no checkpoint will be restored, so that the weights start as configured */
    private TrainingRun(TrainingConfig config, TrainingData data, RunFolder folder, DeviceSet devices, PrintStream out,
            UnaryOperator<OutputStream> checkpointStreams, EngineVerification engine, boolean fresh) throws IOException {
        requireBatches(data, config.optim().batchSize());
        if (data.train().jointSet().size() != config.model().joints()) {
            throw new IllegalArgumentException("model.joints is " + config.model().joints() + " but the data's keypoint"
                    + " set " + data.train().jointSet().name() + " has " + data.train().jointSet().size() + " keypoints");
        }
        engine.before("training", devices, config.run().allowEngineFaults());
        this.config = config;
        this.configJson = config.toJson();
        this.folder = folder;
        this.out = out;
        long seed = config.run().seed();
        Engine.getInstance().setRandomSeed((int) seed);
        manager = NDManager.newBaseManager(devices.master());
        network = OkdhpNetwork.of(config.model().architecture(), config.run().activationLayout());
        TopDownConfig topDown = config.data().topDown();
        Shape inputShape = new Shape(1, 3, topDown.inputSize().height(), topDown.inputSize().width());
        network.initialize(manager, DataType.FLOAT32, inputShape);
        if (fresh && config.model().backboneWeights() != null) {
            Path weights = Path.of(config.model().backboneWeights());
            PretrainedBackbone.load(network.backboneParameters(), weights);
            out.println("backbone " + config.model().backbone() + " starts from " + weights);
        }
        parameters = network.okdhpParameters().asMap();
        optimizer = new AdamOptimizer(config.optim().adam(), manager);
        loss = config.distillation().loss();
        TrainingStep single = new TrainingStep(network, loss, optimizer, config.optim().clipping());
        step = devices.size() == 1 ? single : new DataParallelStep(single, devices.devices(), manager, inputShape);
        int workers = config.data().workers();
        int batch = config.optim().batchSize();
        trainLoader = new PoseBatchLoader(
                TopDownDataset.builder().source(data.train()).config(topDown).train(seed).build(),
                LoaderConfig.training(batch).withThreads(workers).withSkipUnreadable(config.run().skipUnreadableSamples()));
        jointSet = data.train().jointSet();
        if (config.data().keypointsFromCategory()) {
            out.println("keypoint set '" + jointSet.name() + "' from the category in " + config.data().keypointSource()
                    + ": " + jointSet.size() + " keypoints; flip pairs found by left/right names: "
                    + FlipPairs.describe(jointSet.jointNames(), jointSet.flipPairs()) + "; OKS sigmas: "
                    + (jointSet.hasSigmas() ? "COCO's person sigmas" : "none (validation reports PCK@0.2 of the box)"));
        }
        boolean flippable = jointSet.flipPairs().length > 0;
        if (!flippable) {
            out.println("keypoint set " + jointSet.name() + " has no flip pairs: no flip augmentation and no flip test");
        }
        validator = Validator.of(data, topDown, batch, workers, config.run().flipTest() && flippable);
        checkpoints = new CheckpointStore(folder.checkpoints(), config.run().keepCheckpointEvery(), checkpointStreams);
        log = new EpochCsv(folder.metrics(), StepLosses.NAMES, metricColumns(config));
    }

    /** Starts a new run on one device in {@code folder}, which must not hold one already. */
    public static TrainingRun start(TrainingConfig config, TrainingData data, RunFolder folder, Device device,
            PrintStream out) throws IOException {
        return start(config, data, folder, new DeviceSet(List.of(device)), out, UnaryOperator.identity(),
                EngineVerification.standard());
    }

    /** Starts a new run in {@code folder}, which must not hold one already; data-parallel over several devices. */
    public static TrainingRun start(TrainingConfig config, TrainingData data, RunFolder folder, DeviceSet devices,
            PrintStream out) throws IOException {
        return start(config, data, folder, devices, out, UnaryOperator.identity(), EngineVerification.standard());
    }

    /**
     * Fault-injection seam for tests: {@code checkpointStreams} wraps every checkpoint file's
     * stream (see {@link CheckpointStore}), e.g. to fill the disk or kill the writer mid-file;
     * {@code engine} checks the engine before anything is written (a wrong operation must stop the run).
     */
    static TrainingRun start(TrainingConfig config, TrainingData data, RunFolder folder, DeviceSet devices,
            PrintStream out, UnaryOperator<OutputStream> checkpointStreams, EngineVerification engine)
            throws IOException {
        folder.requireNoRun();
        Path configFile = folder.configOfNewRun();
        TrainingRun run = new TrainingRun(config, data, folder, devices, out, checkpointStreams, engine, true);
        try {
            run.runId = folder.newRunId();
            config.writeYaml(configFile);
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
        if (!configFile.equals(folder.root().resolve("config.yaml"))) {
            out.println("config.yaml in " + folder.root() + " is not this run's; the resolved configuration is "
                    + configFile.getFileName());
        }
        return run;
    }

    /** Continues the run in {@code folder} on one device from its last checkpoint. */
    public static TrainingRun resume(RunFolder folder, TrainingData data, Device device, PrintStream out)
            throws IOException {
        return resume(folder, data, new DeviceSet(List.of(device)), out);
    }

    /** Continues the run in {@code folder} from its last checkpoint, with the configuration stored there. */
    public static TrainingRun resume(RunFolder folder, TrainingData data, DeviceSet devices, PrintStream out)
            throws IOException {
        return resume(folder, storedConfig(folder), data, devices, out);
    }

    /**
     * Continues the run in {@code folder} from its last checkpoint with {@code config}: the stored
     * configuration with only what {@code ResumeChanges} lets change on resume changed. Nothing in
     * the folder is rewritten before the checkpoint has been restored.
     */
    public static TrainingRun resume(RunFolder folder, TrainingConfig config, TrainingData data, DeviceSet devices,
            PrintStream out) throws IOException {
        Optional<Checkpoint> last = hasCheckpoint(folder) ? Optional.of(lastCheckpoint(folder)) : Optional.empty();
        if (last.isEmpty() && folder.runId().isEmpty()) {
            lastCheckpoint(folder); // says there is nothing to resume
        }
        if (last.isPresent()) {
            folder.requireSameRun(folder.checkpoints().resolve(CheckpointStore.LAST), last.get().runId());
        }
        TrainingRun run = new TrainingRun(config, data, folder, devices, out, UnaryOperator.identity(),
                EngineVerification.standard(), last.isEmpty());
        try {
            if (last.isPresent()) {
                run.restore(last.get());
            } else {
                run.restartFromEpochZero(folder.runId().orElseThrow());
            }
            config.writeYaml(folder.config());
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    /** The configuration stored in a run folder's last checkpoint (to open its data before resuming). */
    public static TrainingConfig storedConfig(RunFolder folder) throws IOException {
        return configOf(lastCheckpoint(folder), folder);
    }

    /** The last checkpoint of the run in {@code folder}; creates nothing when there is none. */
    public static Checkpoint lastCheckpoint(RunFolder folder) throws IOException {
        if (!hasCheckpoint(folder)) {
            throw new IllegalArgumentException(folder.root() + " has no checkpoint to resume from ("
                    + folder.checkpoints().resolve(CheckpointStore.LAST) + " does not exist)");
        }
        return new CheckpointStore(folder.checkpoints(), 0).loadLast().orElseThrow(
                () -> new IllegalArgumentException(folder.root() + " has no checkpoint to resume from"));
    }

    private static TrainingConfig configOf(Checkpoint checkpoint, RunFolder folder) {
        return ConfigLoader.fromJson(checkpoint.configJson(), folder.checkpoints().resolve(CheckpointStore.LAST).toString());
    }

    /** Whether the run in {@code folder} has written a checkpoint yet. */
    public static boolean hasCheckpoint(RunFolder folder) {
        return Files.isRegularFile(folder.checkpoints().resolve(CheckpointStore.LAST));
    }

    /** Takes up a run that was stopped before its first checkpoint: the same run, from epoch 0. */
    private void restartFromEpochZero(String id) throws IOException {
        runId = id;
        log.resumeAfter(0);
        if (Files.exists(folder.attention())) {
            EpochCsv.keepEpochsBefore(folder.attention(), 0);
        }
        LOG.info("{} has no checkpoint yet: its run starts again from epoch 1", folder.root());
    }

    private void restore(Checkpoint checkpoint) throws IOException {
        ModelWeights.restore(checkpoint.model(), parameters);
        optimizer.importState(checkpoint.optimizer(), parameters);
        startEpoch = checkpoint.completedEpochs();
        globalStep = checkpoint.globalStep();
        best = checkpoint.bestMetric();
        log.resumeAfter(startEpoch);
        if (Files.exists(folder.attention())) {
            EpochCsv.keepEpochsBefore(folder.attention(), startEpoch);
        }
        records.addAll(EpochCsv.read(folder.metrics()));
        runId = checkpoint.runId().isPresent() ? checkpoint.runId().get() : folder.newRunId();
        LOG.info("resumed {} after epoch {} (step {})", folder.root(), startEpoch, globalStep);
    }

    public TrainingRun withListener(TrainingListener value) {
        this.listener = value;
        return this;
    }

    public TrainingConfig config() {
        return config;
    }

    public RunFolder folder() {
        return folder;
    }

    /** Trains the remaining epochs; validates at least after the last one. */
    public TrainingOutcome train() throws IOException {
        int epochs = config.optim().epochs();
        ValidationResult last = null;
        for (int epoch = startEpoch; epoch < epochs; epoch++) {
            double rate = config.optim().schedule().rateAt(epoch);
            optimizer.setLearningRate(rate);
            EpochMeter meter;
            try {
                meter = runEpoch(epoch, epochs, rate);
            } catch (NonFiniteLossException e) {
                throw e.withAdvice(adviceAfterNonFinite());
            }
            boolean finalEpoch = epoch == epochs - 1;
            ValidationResult validation = (epoch + 1) % config.run().validateEvery() == 0 || finalEpoch
                    ? validate(epoch) : null;
            last = validation == null ? last : validation;
            EpochRecord record = new EpochRecord(epoch, rate, loss.ramp().at(epoch), meter.meanLosses(),
                    meter.imagesPerSecond(), meter.dataWaitShare(),
                    validation == null ? Map.of() : validation.headline());
            log.append(record);
            records.add(record);
            TrainingCurves.write(records, folder.root());
            if ((epoch + 1) % config.run().checkpointEvery() == 0 || finalEpoch) {
                checkpoint(epoch, rate, validation);
            }
            listener.afterEpoch(epoch);
        }
        if (last == null) {
            last = validate(epochs - 1);
        }
        return new TrainingOutcome(network, last, folder, globalStep, trainLoader.skippedCount());
    }

    private EpochMeter runEpoch(int epoch, int epochs, double rate) {
        LinearWarmup warmup = config.optim().warmup();
        EpochMeter meter = new EpochMeter(trainLoader.batchCount());
        ConsoleProgress progress = ConsoleProgress.on(out);
        long skippedBefore = trainLoader.skippedCount();
        Iterator<PoseBatch> batches = trainLoader.epoch(epoch, manager).iterator();
        while (true) {
            long waitStart = System.nanoTime();
            if (!hasNextBatch(batches)) {
                break;
            }
            try (PoseBatch batch = batches.next()) {
                long waited = System.nanoTime() - waitStart;
                if (warmup.ramps(globalStep) || warmup.ramps(globalStep - 1)) {
                    optimizer.setLearningRate(rate * warmup.factor(globalStep));
                }
                StepLosses losses = step.run(batch.input(), batch.target(), batch.targetWeight(), epoch, globalStep,
                        batch.manager());
                globalStep++;
                meter.recordBatch(batch.size(), waited, losses.byName());
                meter.recordGradientNorm(losses.gradientNorm());
                progress.update(epoch, epochs, meter);
            }
            listener.afterStep(epoch, globalStep);
        }
        progress.finish(epoch, epochs, meter);
        long skipped = trainLoader.skippedCount() - skippedBefore;
        if (skipped > 0) {
            out.printf("epoch %d: skipped %d unreadable training samples (run.skip_unreadable_samples; %d in this run)%n",
                    epoch + 1, skipped, trainLoader.skippedCount());
        }
        return meter;
    }

    /** What is on disk after a non-finite loss, and so what to do: resume from a checkpoint or start again. */
    private String adviceAfterNonFinite() {
        String fix = "lower optim.lr or set optim.grad_clip_norm";
        if (!Files.exists(folder.checkpoints().resolve(CheckpointStore.LAST))) {
            return "before any checkpoint was written: " + fix + " and start the run again";
        }
        return "the last checkpoint (" + folder.checkpoints().resolve(CheckpointStore.LAST) + ") is intact: resume with"
                + " --resume " + folder.root() + " and --set to " + fix;
    }

    /** The loader's "image X cannot be read", plus what the user can do about it. */
    private static boolean hasNextBatch(Iterator<PoseBatch> batches) {
        try {
            return batches.hasNext();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ImageReadException unreadable) {
                throw new UncheckedIOException(new ImageReadException(unreadable.file(), unreadable.problem()
                        + "; set run.skip_unreadable_samples=true to skip and count unreadable samples", unreadable));
            }
            throw e;
        }
    }

    /**
     * Fails before any file is written when an epoch would hold no training batch (the last
     * partial batch is dropped) or there is nothing to validate on.
     */
    private static void requireBatches(TrainingData data, int batchSize) {
        int train = data.train().instances().size();
        if (train < batchSize) {
            throw new IllegalArgumentException("the training split has " + train + " people, fewer than optim.batch_size "
                    + batchSize + ", so an epoch would hold no batch; lower optim.batch_size or add training data");
        }
        if (data.validation().instances().isEmpty()) {
            throw new IllegalArgumentException("the validation split is empty; there is nothing to validate on");
        }
    }

    private ValidationResult validate(int epoch) {
        ValidationResult result = validator.validate(network, manager);
        out.printf("validation after epoch %d (%s):%n%s", epoch + 1, result.metricName(), ValidationTable.render(result));
        if (result.attention() != null) {
            ValidationTable.appendAttention(folder.attention(), epoch, result.attention(), jointSet.jointNames());
        }
        return result;
    }

    private void checkpoint(int epoch, double rate, ValidationResult validation) throws IOException {
        boolean improved = false;
        if (validation != null) {
            double metric = validation.branchMetric(validation.bestBranch());
            improved = best.isEmpty() || metric > best.getAsDouble();
            best = improved ? OptionalDouble.of(metric) : best;
        }
        Checkpoint checkpoint = new Checkpoint(epoch + 1, globalStep, rate, loss.ramp().at(epoch),
                configJson, best,
                ModelWeights.capture(parameters), optimizer.exportState(), Optional.of(runId),
                config.data().customKeypoints() ? Optional.of(jointSet) : Optional.empty());
        checkpoints.save(checkpoint, improved);
    }

    /**
     * Prunes the trained network to the branch that scored best in {@code validation} and exports
     * it as a standalone model folder ({@link RunFolder#bestBranch()}).
     */
    public Path exportBestBranch(ValidationResult validation) throws IOException {
        int branch = validation.bestBranch();
        ExportInfo info = ExportInfo.of(config, jointSet, validation.branches().get(branch), globalStep);
        return BestBranchExporter.export(network, branch, info, folder.bestBranch());
    }

    /** Scores an exported model folder on this run's validation split, loaded as a user loads it. */
    public ValidationResult validateExported(Path modelFolder) throws IOException {
        try (PoseModel model = PoseModel.load(modelFolder)) {
            return validator.validate(model.network(), manager);
        }
    }

    /** Every weight and running statistic by PyTorch name, for tests and export. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    private static List<String> metricColumns(TrainingConfig config) {
        List<String> columns = new ArrayList<>();
        int branches = config.model().branches().size();
        for (int b = 0; b < branches; b++) {
            columns.add(ValidationResult.branchColumn(b));
        }
        if (branches > 1) {
            columns.add(ValidationResult.ENSEMBLE_COLUMN);
        }
        return columns;
    }

    @Override
    public void close() {
        trainLoader.close();
        validator.close();
        optimizer.close();
        manager.close();
    }
}
