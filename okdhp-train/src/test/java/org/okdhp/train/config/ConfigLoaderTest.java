package org.okdhp.train.config;

import org.okdhp.core.fau.FauVariant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.okdhp.core.model.Backbone;
import org.okdhp.core.model.ActivationLayout;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.heatmap.HeatmapDecoding;
import org.okdhp.data.image.ImageSize;

class ConfigLoaderTest {

    @TempDir
    Path folder;

    @Test
    void defaultsAreTheAuthorsMpiiRecipe() {
        TrainingConfig config = TrainingConfig.defaults();
        assertEquals(new ModelConfig(256, 16, 2, List.of(2, 2, 2), 4, FauVariant.RELEASED), config.model());
        DataConfig data = config.data();
        assertEquals(Dataset.MPII, data.dataset());
        assertEquals(new ImageSize(256, 256), data.inputSize());
        assertEquals(new ImageSize(64, 64), data.heatmapSize());
        assertEquals(List.of(2.0, 0.25, 30.0, 0.6, 0.5),
                List.of(data.sigma(), data.scaleFactor(), data.rotationDegrees(), data.rotationProbability(), data.flipProbability()));
        assertEquals(new OptimConfig(2.5e-4, List.of(0.9, 0.999), 1e-8, 0.0, List.of(90, 120), 0.1, 150, 16, 0.0, 0), config.optim());
        assertEquals(new DistillationConfig(2.0, 1.0, 90), config.distillation());
        assertTrue(config.optim().clipping().isEmpty());
        assertEquals(2.5e-6, config.optim().schedule().rateAt(120), 1e-21);
        ConfigLoader.check(config);
    }

    @Test
    void everyPresetLoadsAndSaysWhatItsNameSays() {
        assertEquals(TrainingConfig.defaults(), load("mpii-hg4"));
        assertEquals(List.of(1, List.of(1, 1, 1)), shape(load("mpii-hg2")));
        assertEquals(List.of(4, List.of(4, 4, 4)), shape(load("mpii-hg8")));
        TrainingConfig unbalanced = load("mpii-hg4-unbalanced");
        assertEquals(List.of(2, List.of(2, 4, 6)), shape(unbalanced));
        assertEquals(List.of(4, 6, 8), List.of(unbalanced.model().deployedStacks(0), unbalanced.model().deployedStacks(1),
                unbalanced.model().deployedStacks(2)));
        TrainingConfig coco = load("coco-hg4");
        assertEquals(17, coco.model().joints());
        assertEquals(new ImageSize(256, 192), coco.data().inputSize());
        assertEquals(new ImageSize(64, 48), coco.data().heatmapSize());
        assertEquals(List.of(40.0, 0.3, 140), List.of(coco.data().rotationDegrees(), coco.data().scaleFactor(), coco.optim().epochs()));
        assertEquals(List.of(90, 120), coco.optim().milestones());
        assertEquals(List.of("annotations/person_keypoints_train2017.json", "images/train2017",
                        "annotations/person_keypoints_val2017.json", "images/val2017"),
                List.of(coco.data().trainAnnotations(), coco.data().trainImages(), coco.data().valAnnotations(),
                        coco.data().valImages()));
        TrainingConfig demo = load("demo");
        assertEquals(Dataset.SYNTHETIC, demo.data().dataset());
        assertEquals(List.of(1, List.of(1, 1, 1)), shape(demo));
        assertEquals(new ImageSize(128, 128), demo.data().inputSize());
        assertEquals(DeviceKind.CPU, demo.run().device());
        assertEquals(List.of(2000, 200), List.of(demo.data().syntheticTrainSize(), demo.data().syntheticValSize()));
        assertEquals(Presets.names().size(), Presets.names().stream().map(this::load).count());
    }

    @Test
    void decodingIsTheQuarterShiftUnlessDarkIsAskedFor() {
        assertEquals(HeatmapDecoding.QUARTER_OFFSET, load("demo").data().codec().decoding());
        assertEquals(HeatmapDecoding.DARK,
                ConfigLoader.load("demo", List.of("data.decoding=dark")).data().codec().decoding());
        ConfigException wrong = assertThrows(ConfigException.class,
                () -> ConfigLoader.load("demo", List.of("data.decoding=taylor")));
        assertTrue(wrong.getMessage().contains("data.decoding") && wrong.getMessage().contains("dark"),
                wrong.getMessage());
    }

    @Test
    void yamlAndJsonFilesAreBothAccepted() throws IOException {
        Path yaml = Files.writeString(folder.resolve("a.yaml"), "model:\n  branches: [2, 4, 6]\noptim:\n  lr: 1e-3\n");
        Path json = Files.writeString(folder.resolve("a.json"), "{\"model\": {\"branches\": [2, 4, 6]}, \"optim\": {\"lr\": 0.001}}");
        TrainingConfig fromYaml = ConfigLoader.load(yaml.toString(), List.of());
        assertEquals(fromYaml, ConfigLoader.load(json.toString(), List.of()));
        assertEquals(1e-3, fromYaml.optim().lr());
        assertEquals(List.of(2, 4, 6), fromYaml.model().branches());
    }

    @Test
    void overridesAreTypedByTheirKey() {
        TrainingConfig config = ConfigLoader.load("coco-hg4", List.of(
                "optim.lr=1e-3", "model.branches=2,4,6", "data.input_size=320x256", "data.heatmap_size=80x64",
                "run.device=gpu", "run.device_ids=0,1", "data.data_root=2024", "data.detection_file=dets.json",
                "run.flip_test=false", "optim.betas=0.8, 0.99", "run.seed=123456789012",
                "run.activation_layout=channels_last"));
        assertEquals(1e-3, config.optim().lr());
        assertEquals(List.of(2, 4, 6), config.model().branches());
        assertEquals(new ImageSize(320, 256), config.data().inputSize());
        assertEquals(List.of(0, 1), config.run().deviceIds());
        assertEquals("2024", config.data().dataRoot());
        assertEquals("dets.json", config.data().detectionFile());
        assertEquals(false, config.run().flipTest());
        assertEquals(List.of(0.8, 0.99), config.optim().betas());
        assertEquals(123456789012L, config.run().seed());
        assertEquals(ActivationLayout.CHANNELS_LAST, config.run().activationLayout());
        assertEquals(ActivationLayout.AUTO, ConfigLoader.load("demo", List.of()).run().activationLayout());
        assertEquals(null, ConfigLoader.load("coco-hg4", List.of("data.detection_file=dets.json", "data.detection_file=null"))
                .data().detectionFile());
        DataConfig data = ConfigLoader.load("demo", List.of("data.synthetic_train_size=64", "data.synthetic_val_size=8",
                "data.val_headboxes=mpii_human_pose_v1_u12_1.mat", "data.detection_min_score=0.5")).data();
        assertEquals(List.of(64, 8), List.of(data.syntheticTrainSize(), data.syntheticValSize()));
        assertEquals("mpii_human_pose_v1_u12_1.mat", data.valHeadboxes());
        assertEquals(0.5, data.detectionMinScore());
    }

    @Test
    void wrongTypesAreRefusedNamingKeyAndSource() {
        assertProblem(List.of("model.features=abc"), "model.features", "--set model.features=abc", "whole number");
        assertProblem(List.of("model.features=2.5"), "model.features", "--set model.features=2.5", "whole number");
        assertProblem(List.of("run.flip_test=1"), "run.flip_test", "--set run.flip_test=1", "true or false");
        assertProblem(List.of("model.fau=fancy"), "model.fau", "--set model.fau=fancy", "[released, paper]");
        assertProblem(List.of("run.activation_layout=nhwc"), "run.activation_layout", "--set run.activation_layout=nhwc",
                "[auto, channels_first, channels_last]");
        assertProblem(List.of("optim.lr=NaN"), "optim.lr", "--set optim.lr=NaN", "is NaN, not a finite number");
        assertProblem(List.of("optim.lr=1e999"), "optim.lr", "--set optim.lr=1e999", "is Infinity, not a finite number");
        assertProblem(List.of("distillation.lambda_kd=-Infinity"), "distillation.lambda_kd",
                "--set distillation.lambda_kd=-Infinity", "not a finite number");
        assertProblem(List.of("model.branches=2,x"), "model.branches[1]", "--set model.branches=2,x", "whole number");
        assertProblem(List.of("data.input_size=256"), "data.input_size", "--set data.input_size=256", "HEIGHTxWIDTH");
    }

    @Test
    void aSectionGivenAValueIsNamedWithoutATrailingDot() throws IOException {
        Path file = Files.writeString(folder.resolve("flat.yaml"), "model: 5\n");
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of()));
        assertEquals("model", error.problems().get(0).key(), error.getMessage());
        assertFalse(error.getMessage().contains("model. "), error.getMessage());
        assertProblem(List.of("model.=3"), "model.", "--set model.=3", "is not a key");
    }

    @Test
    void unknownKeysAreRefusedListingTheKnownOnes() throws IOException {
        assertProblem(List.of("optim.lrr=1"), "optim.lrr", "--set optim.lrr=1", "known keys here: [lr, betas");
        assertProblem(List.of("training.lr=1"), "training.lr", "--set training.lr=1", "known keys here: [model, data");
        assertProblem(List.of("optim=1"), "optim", "--set optim=1", "is a section");
        Path file = Files.writeString(folder.resolve("typo.yaml"), "optim:\n  learning_rate: 0.1\n");
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file.toString(), List.of()));
        assertEquals(new ConfigProblem("optim.learning_rate", "file " + file, error.problems().get(0).message()), error.problems().get(0));
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    @Test
    void impossibleValuesAreAllReportedWithTheirKeys() {
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load("mpii-hg4", List.of(
                "model.shared_stacks=-1", "data.input_size=250x250", "data.heatmap_size=32x32", "model.branches=",
                "optim.lr=0", "optim.batch_size=0", "data.flip_probability=1.5", "optim.milestones=120,90",
                "run.device_ids=0", "distillation.lambda_kd=-2", "model.features=30", "data.train_images=",
                "data.synthetic_train_size=0", "data.synthetic_val_size=-1", "data.detection_min_score=NaN")));
        Set<String> keys = error.problems().stream().map(ConfigProblem::key).collect(Collectors.toSet());
        assertEquals(Set.of("model.shared_stacks", "data.input_size", "data.heatmap_size", "model.branches", "optim.lr",
                "optim.batch_size", "data.flip_probability", "optim.milestones", "run.device_ids", "distillation.lambda_kd",
                "model.features", "data.train_images", "data.synthetic_train_size", "data.synthetic_val_size",
                "data.detection_min_score"), keys);
        assertTrue(error.getMessage().contains("data.input_size (--set data.input_size=250x250): must be a multiple of 64"),
                error.getMessage());
    }

    @Test
    void crossSectionRulesAndValueSourcesFromFiles() throws IOException {
        assertProblem(List.of("model.joints=16"), "coco-hg4", "model.joints", "--set model.joints=16", "coco (17 joints)");
        assertProblem(List.of("data.dataset=coco"), "mpii-hg4", "model.joints", "preset mpii-hg4", "coco (17 joints)");
        assertProblem(List.of("data.detection_file=dets.json"), "mpii-hg4", "data.detection_file",
                "--set data.detection_file=dets.json", "coco only");
        Path file = Files.writeString(folder.resolve("bad.yaml"), "optim:\n  lr: -1.0\n");
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file.toString(), List.of()));
        assertEquals(new ConfigProblem("optim.lr", "file " + file, "must be > 0, got -1.0"), error.problems().get(0));
    }

    @Test
    void lightStudentsAreConfiguredByTheirBackboneAndKeepTheirOwnRules() {
        TrainingConfig student = load("coco-res50");
        assertEquals(Backbone.RESNET50, student.model().architecture().backbone());
        assertEquals(List.of(0, List.of(1, 1, 1)), shape(student));
        assertEquals(Backbone.HOURGLASS, load("mpii-hg4").model().backbone());
        assertEquals(Backbone.MOBILENETV2, ConfigLoader.load("demo-mbv2", List.of("data.input_size=96x64",
                "data.heatmap_size=24x16", "model.backbone_weights=mbv2.npz")).model().backbone(),
                "any multiple of 32; ImageNet weights by file");
        assertProblem(List.of("model.backbone=resnet18"), "model.shared_stacks", "preset mpii-hg4",
                "must be 0 with backbone resnet18");
        assertProblem(List.of("model.branches=1,2"), "demo-mbv2", "model.branches", "--set model.branches=1,2",
                "must all be 1");
        assertProblem(List.of("model.backbone_weights=r.npz"), "model.backbone_weights",
                "--set model.backbone_weights=r.npz", "not to the hourglass");
        assertProblem(List.of("data.input_size=112x112", "data.heatmap_size=28x28"), "demo-mbv2", "data.input_size",
                "--set data.input_size=112x112", "multiple of 32");
        assertProblem(List.of("model.backbone=vgg16"), "model.backbone", "--set model.backbone=vgg16", "mobilenetv2");
    }

    @Test
    void resolvedConfigWrittenAsYamlReadsBackIdentically() throws IOException {
        TrainingConfig config = ConfigLoader.load("coco-hg4", List.of("optim.lr=3.3e-4", "data.data_root=1e-3",
                "data.detection_file=true", "run.output_dir=runs/x y", "optim.grad_clip_norm=5"));
        Path written = folder.resolve("resolved.yaml");
        config.writeYaml(written);
        assertEquals(config, ConfigLoader.read(written));
        assertEquals(config, ConfigLoader.fromJson(config.toJson(), "checkpoint"));
        assertTrue(Files.readString(written).contains("input_size: \"256x192\""), Files.readString(written));
    }

    @Test
    void malformedInputIsReportedWithItsSource() throws IOException {
        Path file = Files.writeString(folder.resolve("broken.yaml"), "optim: [unclosed\n");
        ConfigException syntax = assertThrows(ConfigException.class, () -> ConfigLoader.load(file.toString(), List.of()));
        assertEquals("file " + file, syntax.problems().get(0).source());
        assertProblem(List.of("optim.lr"), "optim.lr", "--set optim.lr", "key=value");
        ConfigException missing = assertThrows(ConfigException.class, () -> ConfigLoader.load("no-such-preset", List.of()));
        assertTrue(missing.getMessage().contains("mpii-hg4"), missing.getMessage());
    }

    private TrainingConfig load(String preset) {
        return ConfigLoader.load(preset, List.of());
    }

    private static List<Object> shape(TrainingConfig config) {
        return List.of(config.model().sharedStacks(), config.model().branches());
    }

    private static void assertProblem(List<String> overrides, String key, String source, String messagePart) {
        assertProblem(overrides, "mpii-hg4", key, source, messagePart);
    }

    private static void assertProblem(List<String> overrides, String preset, String key, String source, String messagePart) {
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(preset, overrides));
        ConfigProblem problem = error.problems().get(0);
        assertEquals(key, problem.key(), error.getMessage());
        assertEquals(source, problem.source(), error.getMessage());
        assertTrue(problem.message().contains(messagePart), error.getMessage());
    }
}
