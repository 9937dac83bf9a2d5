package org.okdhp.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.annotation.AnnotationFormatException;
import org.okdhp.data.annotation.FlipPairs;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.dataset.TopDownDataset;
import org.okdhp.data.heatmap.DecodedPose;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.synthetic.QuadrupedDataset;
import org.okdhp.train.config.ConfigException;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.config.DataConfig;
import org.okdhp.train.config.TrainingConfig;

/** A custom COCO-format keypoint set as training reads it: joints, category, checks, protocols, weights, flips. */
class CustomKeypointDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES = List.of("nose", "withers", "tail_base", "tail_tip", "front_left_knee",
            "front_left_paw", "front_right_knee", "front_right_paw", "back_left_knee", "back_left_paw",
            "back_right_knee", "back_right_paw");

    @TempDir
    Path root;

    @BeforeEach
    void writeDataset() throws IOException {
        QuadrupedDataset.write(root, 6, 11, new ImageSize(64, 64));
    }

    @Test
    void modelJointsFollowTheSetAndADifferentValueNamesBoth() {
        assertEquals(12, config().model().joints());
        ConfigException e = assertThrows(ConfigException.class, () -> config("model.joints=17"));
        assertTrue(e.getMessage().contains("model.joints") && e.getMessage().contains("is 17")
                && e.getMessage().contains("has 12 keypoints") && e.getMessage().contains("quadruped.yaml"), e.getMessage());
    }

    @Test
    void validationScoresApWithTheSetsSigmasOnItsCategory() throws IOException {
        TrainingData data = TrainingDataFactory.open(config().data(), 0);
        assertEquals("quadruped", data.train().jointSet().name());
        assertEquals(5, data.train().instances().size());
        assertEquals(CocoProtocol.METRIC, data.protocol().metricName());
        // The truth itself, every keypoint scoring 1, is a perfect prediction.
        assertEquals(1.0, data.protocol().evaluate(truth(data)).get(CocoProtocol.METRIC), 1e-9);
    }

    @Test
    void aSetWithoutSigmasScoresPckOfTheBoxPerKeypoint() throws IOException {
        keypointFile("name: quadruped\nkeypoints: " + NAMES + "\n");
        TrainingData data = TrainingDataFactory.open(config().data(), 0);
        assertInstanceOf(BoxPckProtocol.class, data.protocol());
        List<DecodedPose> truth = truth(data);
        Map<String, Double> perfect = data.protocol().evaluate(truth);
        assertEquals(100.0, perfect.get(BoxPckProtocol.METRIC), 1e-9);
        assertEquals(100.0, perfect.get(BoxPckProtocol.PREFIX + "back_right_paw"), 1e-9);
        // Every nose moved far outside 0.2 x the box: that keypoint drops to 0, the mean by a twelfth.
        List<DecodedPose> wrongNose = truth.stream().map(pose -> {
            float[][] joints = pose.joints();
            joints[0][0] += 1000;
            return new DecodedPose(joints, pose.scores());
        }).toList();
        Map<String, Double> scores = data.protocol().evaluate(wrongNose);
        assertEquals(0.0, scores.get(BoxPckProtocol.PREFIX + "nose"), 1e-9);
        assertEquals(100.0 * 11 / 12, scores.get(BoxPckProtocol.METRIC), 1e-9);
    }

    @Test
    void withoutFlipPairsNoSampleIsFlippedAndWeightsScaleTheTargetWeights() throws IOException {
        List<Double> weights = new ArrayList<>(java.util.Collections.nCopies(12, 1.0));
        weights.set(0, 3.0);
        keypointFile("keypoints: " + NAMES + "\nweights: " + weights + "\n");
        TrainingConfig config = config("data.flip_probability=1");
        TopDownDataset train = TopDownDataset.builder().source(TrainingDataFactory.open(config.data(), 0).train())
                .config(config.data().topDown()).train(5).build();
        for (int i = 0; i < train.instanceCount(); i++) {
            assertTrue(!train.augmentation(i, 0).flip());
            float[] targetWeights = train.sample(i, 0).targetWeight();
            assertTrue(targetWeights[0] == 0 || targetWeights[0] == 3, Arrays.toString(targetWeights));
            assertTrue(targetWeights[1] == 0 || targetWeights[1] == 1, Arrays.toString(targetWeights));
        }
    }

    @Test
    void aCategoryWhoseKeypointCountIsNotTheSetsIsNamedWithItsFile() throws IOException {
        keypointFile("keypoints: " + NAMES.subList(0, 11) + "\nsigmas: " + java.util.Collections.nCopies(11, 0.05) + "\n");
        DataConfig data = config("model.joints=11").data();
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> TrainingDataFactory.open(data, 0));
        assertEquals(root.resolve(QuadrupedDataset.TRAIN_ANNOTATIONS) + ": categories (id 2).keypoints: 12 keypoints,"
                + " but the keypoint set 'quadruped' of " + root.resolve(QuadrupedDataset.KEYPOINT_FILE) + " has 11",
                e.getMessage());
    }

    @Test
    void keypointTriplesOfTheWrongLengthAreNamedByAnnotation() throws IOException {
        Path train = root.resolve(QuadrupedDataset.TRAIN_ANNOTATIONS);
        ObjectNode coco = (ObjectNode) JSON.readTree(train.toFile());
        // A category without keypoint names: only the keypoint set says how many triples there are.
        ObjectNode category = (ObjectNode) coco.get("categories").get(0);
        category.putArray("keypoints").add("only");
        ((ObjectNode) coco.get("categories").get(0)).remove("skeleton");
        ArrayNode annotations = (ArrayNode) coco.get("annotations");
        for (var annotation : annotations) {
            ((ObjectNode) annotation).putArray("keypoints").add(10).add(10).add(2);
            ((ObjectNode) annotation).put("num_keypoints", 1);
        }
        JSON.writeValue(train.toFile(), coco);
        DataConfig data = config().data();
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> TrainingDataFactory.open(data, 0));
        assertTrue(e.getMessage().startsWith(train + ": categories (id 2).keypoints: 1 keypoints"), e.getMessage());
        category.remove("keypoints");
        JSON.writeValue(train.toFile(), coco);
        AnnotationFormatException none = assertThrows(AnnotationFormatException.class, () -> TrainingDataFactory.open(data, 0));
        assertEquals(train + ": categories: no category lists keypoints", none.getMessage());
    }

    @Test
    void severalKeypointCategoriesAreListedUnlessOneIsChosen() throws IOException {
        Path train = root.resolve(QuadrupedDataset.TRAIN_ANNOTATIONS);
        ObjectNode coco = (ObjectNode) JSON.readTree(train.toFile());
        ObjectNode second = ((ObjectNode) coco.get("categories").get(0)).deepCopy().put("id", 7).put("name", "goat");
        ((ArrayNode) coco.get("categories")).add(second);
        JSON.writeValue(train.toFile(), coco);
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class,
                () -> TrainingDataFactory.open(config().data(), 0));
        assertEquals(train + ": categories: several categories have keypoints: 2 (quadruped), 7 (goat);"
                + " choose one with data.category_id", e.getMessage());
        assertEquals(5, TrainingDataFactory.open(config("data.category_id=2").data(), 0).train().instances().size());
    }

    @Test
    void withoutAKeypointFileTheValidationFilesCategoryDescribesTheSet() throws IOException {
        TrainingConfig config = config("data.keypoints=" + DataConfig.KEYPOINTS_FROM_CATEGORY);
        assertEquals(12, config.model().joints());
        TrainingData data = TrainingDataFactory.open(config.data(), 0);
        JointSet set = data.train().jointSet();
        assertEquals(NAMES, set.jointNames());
        assertEquals("front_left_knee <-> front_right_knee, front_left_paw <-> front_right_paw, back_left_knee <->"
                + " back_right_knee, back_left_paw <-> back_right_paw", FlipPairs.describe(NAMES, set.flipPairs()));
        assertTrue(set.skeleton().length > 0, "the category's skeleton");
        assertFalse(set.hasSigmas(), "not COCO's 17 names: no sigmas");
        assertInstanceOf(BoxPckProtocol.class, data.protocol());

        Path valFile = root.resolve(QuadrupedDataset.VAL_ANNOTATIONS);
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> TrainingDataFactory.open(
                config("data.keypoints=category", "data.detection_file=detections.json").data(), 0));
        assertTrue(e.getMessage().startsWith(valFile + ": sigmas: missing") && e.getMessage().contains(
                "write a keypoint-set file with sigmas and set data.keypoints to it"), e.getMessage());
        ConfigException joints = assertThrows(ConfigException.class,
                () -> config("data.keypoints=category", "model.joints=9"));
        assertTrue(joints.getMessage().contains("has 12 keypoints") && joints.getMessage().contains(valFile.toString()),
                joints.getMessage());
    }

    private void keypointFile(String yaml) throws IOException {
        Files.writeString(root.resolve(QuadrupedDataset.KEYPOINT_FILE), yaml);
    }

    private TrainingConfig config(String... overrides) {
        List<String> settings = new ArrayList<>(List.of("data.data_root=" + root,
                "data.keypoints=" + QuadrupedDataset.KEYPOINT_FILE, "data.input_size=64x64", "data.heatmap_size=16x16",
                "model.features=8"));
        settings.addAll(Arrays.asList(overrides));
        return ConfigLoader.load("coco-custom", settings);
    }

    private static List<DecodedPose> truth(TrainingData data) {
        return data.validation().instances().stream().map(instance -> {
            float[] scores = new float[instance.jointCount()];
            Arrays.fill(scores, 1);
            return new DecodedPose(instance.joints(), scores);
        }).toList();
    }
}
