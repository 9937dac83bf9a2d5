package org.okdhp.train.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.Stem;
import org.okdhp.data.image.ImageSize;

/**
 * The rules a bound configuration must satisfy beyond its types. Each rule names the key it
 * concerns; the source is filled in from where that key's value came from.
 */
final class ConfigValidator {

    /** The largest rotation that still means something: a half turn each way. */
    private static final double MAX_ROTATION_DEGREES = 180.0;

    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Function<String, String> sourceOf;

    private ConfigValidator(Function<String, String> sourceOf) {
        this.sourceOf = sourceOf;
    }

    /** Every problem of {@code config}; empty when it is usable. */
    static List<ConfigProblem> problems(TrainingConfig config, Function<String, String> sourceOf) {
        ConfigValidator validator = new ConfigValidator(sourceOf);
        validator.checkModel(config.model());
        validator.checkData(config.data(), config.model());
        validator.checkOptim(config.optim(), config.run());
        validator.checkDistillation(config.distillation());
        validator.checkRun(config.run());
        return List.copyOf(validator.problems);
    }

    /** The architecture's own rules, each under the key of the field it concerns. */
    private void checkModel(ModelConfig model) {
        for (OkdhpArchitecture.Violation violation : OkdhpArchitecture.violations(model.features(), model.joints(),
                model.sharedStacks(), model.branches(), model.hourglassDepth(), model.backbone())) {
            problem("model." + snakeCase(violation.field()), violation.value(), violation.rule());
        }
        require(model.backboneWeights() == null || model.backbone().isStudent(), "model.backbone_weights",
                model.backboneWeights(), "applies to a student backbone (model.backbone resnet18, resnet34, resnet50"
                        + " or mobilenetv2), not to the hourglass");
        require(model.backboneWeights() == null || notBlank(model.backboneWeights()), "model.backbone_weights",
                model.backboneWeights(), "must name an .npz file when given");
    }

    private static String snakeCase(String field) {
        return field.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private void checkData(DataConfig data, ModelConfig model) {
        // With a custom keypoint set, the loader checks model.joints against the file it reads.
        int joints = data.dataset().jointSet().size();
        require(data.customKeypoints() || joints == model.joints(), "model.joints", model.joints(),
                "does not match data.dataset " + data.dataset().name().toLowerCase(Locale.ROOT) + " (" + joints + " joints)");
        require(!data.customKeypoints() || data.dataset() == Dataset.COCO, "data.keypoints", data.keypoints(),
                "applies to data.dataset coco only (a COCO-format keypoint dataset)");
        require(data.categoryId() >= 0, "data.category_id", data.categoryId(),
                "must be a COCO category id, or " + DataConfig.ONLY_KEYPOINT_CATEGORY + " for the files' only keypoint category");
        require(data.categoryId() == DataConfig.ONLY_KEYPOINT_CATEGORY || data.customKeypoints(), "data.category_id",
                data.categoryId(), "applies only with data.keypoints (COCO's people are category 1 by definition)");
        boolean files = data.dataset() != Dataset.SYNTHETIC;
        require(!files || notBlank(data.dataRoot()), "data.data_root", data.dataRoot(), "is required for real data");
        require(!files || notBlank(data.trainAnnotations()), "data.train_annotations", data.trainAnnotations(), "is required for real data");
        require(!files || notBlank(data.valAnnotations()), "data.val_annotations", data.valAnnotations(), "is required for real data");
        require(!files || notBlank(data.trainImages()), "data.train_images", data.trainImages(), "is required for real data");
        require(!files || notBlank(data.valImages()), "data.val_images", data.valImages(), "is required for real data");
        require(Double.isFinite(data.detectionMinScore()), "data.detection_min_score", data.detectionMinScore(),
                "must be a finite number");
        require(data.syntheticTrainSize() >= 1, "data.synthetic_train_size", data.syntheticTrainSize(), "must be at least 1");
        require(data.syntheticValSize() >= 1, "data.synthetic_val_size", data.syntheticValSize(), "must be at least 1");
        require(data.detectionFile() == null || (data.dataset() == Dataset.COCO && notBlank(data.detectionFile())),
                "data.detection_file", data.detectionFile(), "applies to coco only and, when given, must name a file");
        ImageSize input = data.inputSize();
        OkdhpArchitecture.inputSizeProblem(model.backbone(), model.hourglassDepth(), input.height(), input.width())
                .ifPresent(rule -> problem("data.input_size", input, rule));
        require(data.heatmapSize().equals(input.dividedBy(Stem.STRIDE)), "data.heatmap_size", data.heatmapSize(),
                "must be data.input_size / " + Stem.STRIDE + " = " + input.dividedBy(Stem.STRIDE));
        require(data.sigma() > 0, "data.sigma", data.sigma(), "must be > 0");
        require(data.scaleFactor() >= 0 && data.scaleFactor() < 1, "data.scale_factor", data.scaleFactor(), "must be in [0, 1)");
        require(data.rotationDegrees() >= 0 && data.rotationDegrees() <= MAX_ROTATION_DEGREES, "data.rotation_degrees",
                data.rotationDegrees(), "must be in [0, 180]");
        requireProbability("data.rotation_probability", data.rotationProbability());
        requireProbability("data.flip_probability", data.flipProbability());
        require(data.workers() >= 0, "data.workers", data.workers(), "cannot be negative");
    }

    private void checkOptim(OptimConfig optim, RunConfig run) {
        require(optim.lr() > 0 && Double.isFinite(optim.lr()), "optim.lr", optim.lr(), "must be > 0");
        require(optim.betas().size() == 2 && optim.betas().stream().allMatch(beta -> beta != null && beta >= 0 && beta < 1),
                "optim.betas", optim.betas(), "must be two numbers in [0, 1)");
        require(optim.eps() > 0, "optim.eps", optim.eps(), "must be > 0");
        require(optim.weightDecay() >= 0, "optim.weight_decay", optim.weightDecay(), "cannot be negative");
        List<Integer> milestones = optim.milestones();
        boolean increasing = milestones.stream().allMatch(epoch -> epoch != null && epoch >= 1);
        for (int i = 1; increasing && i < milestones.size(); i++) {
            increasing = milestones.get(i) > milestones.get(i - 1);
        }
        require(increasing, "optim.milestones", milestones, "must be positive epochs in strictly increasing order");
        require(optim.gamma() > 0 && Double.isFinite(optim.gamma()), "optim.gamma", optim.gamma(), "must be > 0");
        require(optim.epochs() >= 1, "optim.epochs", optim.epochs(), "must be at least 1");
        require(optim.batchSize() >= 1, "optim.batch_size", optim.batchSize(), "must be at least 1");
        require(optim.batchSize() >= run.deviceIds().size(), "optim.batch_size", optim.batchSize(),
                "must be at least the number of devices in run.device_ids (" + run.deviceIds().size() + ")");
        require(optim.warmupSteps() >= 0, "optim.warmup_steps", optim.warmupSteps(), "cannot be negative (0 turns warm-up off)");
        require(optim.gradClipNorm() >= 0, "optim.grad_clip_norm", optim.gradClipNorm(), "cannot be negative (0 turns clipping off)");
    }

    private void checkDistillation(DistillationConfig distillation) {
        require(distillation.lambdaKd() >= 0, "distillation.lambda_kd", distillation.lambdaKd(), "cannot be negative");
        require(distillation.lambdaEns() >= 0, "distillation.lambda_ens", distillation.lambdaEns(), "cannot be negative");
        require(distillation.rampLength() >= 0, "distillation.ramp_length", distillation.rampLength(), "cannot be negative");
    }

    private void checkRun(RunConfig run) {
        require(run.validateEvery() >= 1, "run.validate_every", run.validateEvery(), "must be at least 1 epoch");
        require(run.checkpointEvery() >= 1, "run.checkpoint_every", run.checkpointEvery(), "must be at least 1 epoch");
        require(run.keepCheckpointEvery() >= 0, "run.keep_checkpoint_every", run.keepCheckpointEvery(), "cannot be negative (0 keeps none)");
        require(run.device() == DeviceKind.GPU || run.deviceIds().isEmpty(), "run.device_ids", run.deviceIds(), "apply to run.device gpu only");
        require(run.deviceIds().stream().allMatch(id -> id != null && id >= 0), "run.device_ids", run.deviceIds(), "must be GPU ordinals >= 0");
        require(new HashSet<>(run.deviceIds()).size() == run.deviceIds().size(), "run.device_ids", run.deviceIds(), "must not repeat a device");
        require(notBlank(run.outputDir()), "run.output_dir", run.outputDir(), "is required");
    }

    private void requireProbability(String key, double value) {
        require(value >= 0 && value <= 1, key, value, "must be a probability in [0, 1]");
    }

    /** Records a problem unless {@code valid}; comparisons are written so that NaN is invalid. */
    private void require(boolean valid, String key, Object value, String rule) {
        if (!valid) {
            problem(key, value, rule);
        }
    }

    private void problem(String key, Object value, String rule) {
        problems.add(new ConfigProblem(key, sourceOf.apply(key), rule + ", got " + value));
    }

    private static boolean notBlank(String text) {
        return text != null && !text.isBlank();
    }
}
