package org.okdhp.train.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.okdhp.core.model.Backbone;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.config.Dataset;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.data.ValidationData;
import org.okdhp.train.data.TrainingDataFactory;
import org.okdhp.train.export.ModelMetadata;
import org.okdhp.train.export.PoseModel;
import org.okdhp.train.predict.InferenceEngine;
import org.okdhp.train.predict.PoseCodec;
import org.okdhp.train.loop.ValidationResult;
import org.okdhp.train.loop.ValidationTable;
import org.okdhp.train.loop.Validator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code okdhp evaluate}: score an exported model on a dataset's validation split
 * ({@code --model DIR --dataset ...}), or score saved predictions with the paper's protocols
 * ({@code coco} and {@code mpii} subcommands).
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        header = "Scores an exported model on a validation split, or saved predictions (COCO AP, MPII PCKh).",
        description = {
            "Score an exported model on a validation split (--model DIR --dataset mpii|coco|synthetic), or saved",
            "predictions: COCO keypoint AP (pycocotools semantics) or MPII PCKh (HRNet protocol)."
        },
        subcommands = {EvaluateCocoCommand.class, EvaluateMpiiCommand.class})
public final class EvaluateCommand implements Callable<Integer> {

    /** The preset whose data layout each dataset's validation split is read with. */
    private static final String MPII_PRESET = "mpii-hg4";
    private static final String COCO_PRESET = "coco-hg4";
    private static final String SYNTHETIC_PRESET = "demo";
    /** With --set data.keypoints=FILE: a custom COCO-format keypoint dataset. */
    private static final String CUSTOM_PRESET = "coco-custom";
    private static final int BATCH = 16;
    /** Keys the model fixes: its input and output sizes and colour order. */
    private static final List<String> FROM_THE_MODEL = List.of("data.input_size", "data.heatmap_size", "data.color_order");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "an exported model folder (okdhp export / okdhp train)")
    Path model;

    @Option(names = "--dataset", description = "mpii, coco or synthetic")
    Dataset dataset;

    @Mixin
    ConfigOverrides overrides;

    @Option(names = "--engine", defaultValue = "djl", converter = EngineConverter.class, paramLabel = "djl|onnx",
            description = "run model.params with DJL, or model.onnx with ONNX Runtime (default ${DEFAULT-VALUE})")
    InferenceEngine engine;

    @Option(names = "--no-flip", description = "skip the flip test")
    boolean noFlip;

    @Option(names = "--json", paramLabel = "OUT.json", description = "also write the numbers as JSON")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (model == null && dataset == null) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
        if (model == null || dataset == null) {
            throw new IllegalArgumentException("scoring a model needs both --model DIR and --dataset mpii|coco|synthetic");
        }
        for (String assignment : overrides.keys) {
            String key = assignment.split("=", 2)[0].trim();
            if (FROM_THE_MODEL.contains(key)) {
                throw new IllegalArgumentException("--set " + assignment + ": evaluate takes " + key + " from the model ("
                        + model.resolve(PoseModel.METADATA_FILE) + "), which was trained at one size and colour order");
            }
        }
        try (PoseModel pose = PoseModel.load(model, engine, 0)) {
            boolean customKeypoints = overrides.keys.stream().anyMatch(a -> a.split("=", 2)[0].trim().equals("data.keypoints"));
            TrainingConfig config = ConfigLoader.load(customKeypoints ? CUSTOM_PRESET : preset(dataset),
                    dataOverrides(pose.metadata()));
            int joints = pose.metadata().codec().jointSet().size();
            if (joints != config.model().joints()) {
                throw new IllegalArgumentException(model + " predicts " + joints + " joints ("
                        + pose.metadata().codec().jointSet().name() + ") but --dataset " + dataset.name().toLowerCase()
                        + " has " + config.model().joints());
            }
            ValidationData data = TrainingDataFactory.openValidation(config.data(), config.run().seed());
            var crops = config.data().topDown().withNormalization(pose.metadata().codec().normalization());
            boolean flipTest = !noFlip && data.validation().jointSet().flipPairs().length > 0;
            try (Validator validator = Validator.of(data, crops, BATCH, config.data().workers(), flipTest);
                    NDManager manager = NDManager.newBaseManager()) {
                ValidationResult result = validator.validate(pose::heatmaps, manager);
                var out = spec.commandLine().getOut();
                out.printf("%s on the %s validation split (%d people), flip test %s, %s engine:%n%s", model, dataset,
                        data.validation().instances().size(), flipTest ? "on" : noFlip ? "off" : "off (the keypoint set has no flip pairs)", engine,
                        ValidationTable.render(result));
                out.flush();
                if (json != null) {
                    JsonOutput.write(json, result.branches().get(0));
                }
            }
        }
        return 0;
    }

    /**
     * The dataset's own layout, at the model's input size and colour order, for the model's network
     * (a light student's input sizes follow its backbone's rule), then the user's keys.
     */
    private List<String> dataOverrides(ModelMetadata metadata) {
        PoseCodec codec = metadata.codec();
        List<String> fromModel = new ArrayList<>(List.of(
                "data.input_size=" + codec.inputSize(),
                "data.heatmap_size=" + codec.heatmapSize(),
                "data.color_order=" + codec.normalization().order()));
        Backbone backbone = metadata.architecture().backbone();
        if (backbone.isStudent()) {
            fromModel.addAll(List.of("model.backbone=" + backbone, "model.shared_stacks=0", "model.branches=1"));
        }
        return overrides.after(fromModel);
    }

    private static String preset(Dataset dataset) {
        return switch (dataset) {
            case MPII -> MPII_PRESET;
            case COCO -> COCO_PRESET;
            case SYNTHETIC -> SYNTHETIC_PRESET;
        };
    }
}
