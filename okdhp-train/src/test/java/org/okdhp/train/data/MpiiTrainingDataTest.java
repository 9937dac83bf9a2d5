package org.okdhp.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.annotation.AnnotationFormatException;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.dataset.PoseSample;
import org.okdhp.data.dataset.TopDownDataset;
import org.okdhp.data.heatmap.DecodedPose;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.config.DataConfig;
import org.okdhp.train.data.DataFolders.ReleaseImage;
import org.okdhp.train.data.DataFolders.ReleaseRect;

/**
 * MPII in HRNet's layout, made here: a training person in a.jpg, validation people in b.jpg and
 * c.jpg (c's right ankle unlabelled), head boxes (1, 1)-(31, 41) 1-based in gt_valid.mat, so the
 * head size is 0.6 x 50 = 30 px and PCKh@0.5 allows 15 px.
 */
class MpiiTrainingDataTest {

    private static final int JOINTS = 16;
    private static final int WRIST_R = 10;
    private static final int WRIST_L = 15;
    private static final int ANKLE_R = 0;
    private static final int UPPER_NECK = 8;

    @TempDir
    Path root;

    @BeforeEach
    void layOutHrnetFolders() throws IOException {
        for (String name : List.of("a.jpg", "b.jpg", "c.jpg")) {
            DataFolders.image(root.resolve("images").resolve(name), 200, 200);
        }
        DataFolders.json(root.resolve("annot/train.json"), List.of(record("a.jpg", 100, 100, -1)));
        DataFolders.json(root.resolve("annot/valid.json"), List.of(record("b.jpg", 90, 110, -1), record("c.jpg", 110, 95, ANKLE_R)));
        DataFolders.groundTruthMat(root.resolve("annot/gt_valid.mat"), new double[][] {{1, 1, 31, 41}, {1, 1, 31, 41}});
    }

    @Test
    void opensTheHrnetLayout() throws IOException {
        TrainingData data = TrainingDataFactory.open(config(), 0);

        assertEquals(List.of(root.resolve("images/a.jpg")), images(data.train().instances()));
        assertEquals(List.of(root.resolve("images/b.jpg"), root.resolve("images/c.jpg")), images(data.validation().instances()));
        assertEquals(JointSet.MPII, data.validation().jointSet());
        PoseInstance b = data.validation().instances().get(0);
        assertEquals(89, b.centerX(), "1-based to 0-based");
        assertEquals(110 + 15 * 0.5 - 1, b.centerY(), "the spec's shift by 15 px per unit of scale");
        assertEquals(200, data.train().images().read(data.train().instances().get(0).image()).width());

        PckhProtocol protocol = assertInstanceOf(PckhProtocol.class, data.protocol());
        assertEquals("PCKh@0.5 Mean", protocol.metricName());
        assertArrayEquals(new double[] {0, 0, 30, 40}, protocol.truth().get(1).headBox(), "gt_valid.mat's box, 0-based");
    }

    @Test
    void perfectPredictionsScoreHundredAndShiftsLowerItByTheJointsTheyPushOut() throws IOException {
        TrainingData data = TrainingDataFactory.open(config(), 0);
        ValidationProtocol protocol = data.protocol();

        Map<String, Double> perfect = protocol.evaluate(predictions(data, (person, joint) -> 0f));
        assertEquals(List.of("PCKh@0.5 Head", "PCKh@0.5 Shoulder", "PCKh@0.5 Elbow", "PCKh@0.5 Wrist", "PCKh@0.5 Hip",
                "PCKh@0.5 Knee", "PCKh@0.5 Ankle", "PCKh@0.5 Mean", "PCKh@0.1 Mean", "PCKh@0.5 AllJoints"),
                List.copyOf(perfect.keySet()));
        perfect.forEach((name, value) -> assertEquals(100, value, 1e-9, name));

        Map<String, Double> within = protocol.evaluate(predictions(data, (person, joint) -> 14f));
        assertEquals(100, within.get("PCKh@0.5 Mean"), 1e-9, "14 px < 0.5 x 30 px");
        assertEquals(0, within.get("PCKh@0.1 Mean"), 1e-9, "14 px > 0.1 x 30 px");

        // Wrists 16 px off, c's unlabelled right ankle 500 px off (it does not count).
        Map<String, Double> wristsOut = protocol.evaluate(predictions(data,
                (person, joint) -> joint == WRIST_R || joint == WRIST_L ? 16f : person == 1 && joint == ANKLE_R ? 500f : 0f));
        assertEquals(0, wristsOut.get("PCKh@0.5 Wrist"), 1e-9);
        assertEquals(100, wristsOut.get("PCKh@0.5 Ankle"), 1e-9);
        // Labelled without pelvis and thorax: 14 (b) + 13 (c) = 27, of which 4 wrists; of all 16: 16 + 15 = 31.
        assertEquals(100.0 * 23 / 27, wristsOut.get("PCKh@0.5 Mean"), 1e-9);
        assertEquals(100.0 * 27 / 31, wristsOut.get("PCKh@0.5 AllJoints"), 1e-9);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> protocol.evaluate(List.of()));
        assertEquals("0 predictions for 2 validation people", e.getMessage());
    }

    /**
     * Training from the official release: its labelled people of training images except the
     * validation json's images; without gt_valid.mat the head boxes come from the release too.
     */
    @Test
    void theReleaseTrainsWithoutTheValidationImagesAndGivesTheHeadBoxes() throws IOException {
        Files.delete(root.resolve("annot/gt_valid.mat"));
        DataFolders.releaseMat(root.resolve("mpii_human_pose_v1_u12_1.mat"), List.of(
                new ReleaseImage("a.jpg", true, List.of(releaseRect(100, 100, 0))),
                new ReleaseImage("b.jpg", true, List.of(releaseRect(90, 110, 10))),
                new ReleaseImage("c.jpg", true, List.of(releaseRect(110, 95, 20))),
                new ReleaseImage("test.jpg", false, List.of(releaseRect(50, 50, 0)))));

        TrainingData data = TrainingDataFactory.open(config("data.train_annotations=mpii_human_pose_v1_u12_1.mat"), 0);

        assertEquals(List.of(root.resolve("images/a.jpg")), images(data.train().instances()));
        assertArrayEquals(new float[] {99, 99, 129, 139}, data.train().instances().get(0).headBox());
        List<double[]> headBoxes = ((PckhProtocol) data.protocol()).truth().stream().map(t -> t.headBox()).toList();
        assertArrayEquals(new double[] {109, 109, 139, 149}, headBoxes.get(0), "b's rectangle, found by its center");
        assertArrayEquals(new double[] {119, 119, 149, 159}, headBoxes.get(1), "c's rectangle");
        assertEquals(100, data.protocol().evaluate(predictions(data, (person, joint) -> 0f)).get("PCKh@0.5 Mean"), 1e-9);
    }

    @Test
    void missingFilesAreNamedWithWhatBelongsThere() throws IOException {
        DataLayoutException noRoot = assertThrows(DataLayoutException.class,
                () -> TrainingDataFactory.open(config("data.data_root=" + root.resolve("nowhere")), 0));
        assertEquals("data.data_root " + root.resolve("nowhere") + " is not a folder; expected HRNet's MPII layout:"
                + " annot/train.json, annot/valid.json, annot/gt_valid.mat and images/*.jpg", noRoot.getMessage());

        DataLayoutException noTrain = assertThrows(DataLayoutException.class,
                () -> TrainingDataFactory.open(config("data.train_annotations=annot/trainval.json"), 0));
        assertEquals("data root " + root + " has no annot/trainval.json; expected the MPII training annotations"
                + " (HRNet's annot/train.json, or the official release mpii_human_pose_v1_u12_1.mat) there, or set"
                + " data.train_annotations", noTrain.getMessage());

        DataLayoutException noImages = assertThrows(DataLayoutException.class,
                () -> TrainingDataFactory.open(config("data.val_images=pictures"), 0));
        assertTrue(noImages.getMessage().startsWith("data root " + root + " has no pictures; expected the MPII images"),
                noImages.getMessage());

        DataLayoutException releaseAsValidation = assertThrows(DataLayoutException.class,
                () -> TrainingDataFactory.open(config("data.val_annotations=annot/gt_valid.mat"), 0));
        assertEquals("data.val_annotations " + root.resolve("annot/gt_valid.mat") + " is a .mat, but the MPII release has"
                + " no validation split; set it to a json such as HRNet's annot/valid.json", releaseAsValidation.getMessage());

        Files.delete(root.resolve("annot/gt_valid.mat"));
        DataLayoutException noHeadBoxes = assertThrows(DataLayoutException.class, () -> TrainingDataFactory.open(config(), 0));
        assertEquals("data root " + root + " has no annot/gt_valid.mat; expected the validation head boxes PCKh needs"
                + " (HRNet's annot/gt_valid.mat, or the official release mpii_human_pose_v1_u12_1.mat) there, or set"
                + " data.val_headboxes", noHeadBoxes.getMessage());
    }

    @Test
    void aMissingImageIsNamedBeforeTrainingStarts() throws IOException {
        Files.delete(root.resolve("images/c.jpg"));
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> TrainingDataFactory.open(config(), 0));
        assertEquals(root.resolve("annot/valid.json") + ": person 1: image " + root.resolve("images/c.jpg")
                + " does not exist (1 of 2 images are missing)", e.getMessage());
    }

    @Test
    void anAnnotationFileWithoutPeopleIsRefusedNamingIt() throws IOException {
        Path train = DataFolders.json(root.resolve("annot/train.json"), List.of());
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> TrainingDataFactory.open(config(), 0));
        assertEquals(train + ": holds no people; data.train_annotations must name a file with at least one", e.getMessage());

        DataFolders.json(root.resolve("annot/train.json"), List.of(record("a.jpg", 100, 100, -1)));
        Path valid = DataFolders.json(root.resolve("annot/valid.json"), List.of());
        e = assertThrows(AnnotationFormatException.class, () -> TrainingDataFactory.open(config(), 0));
        assertEquals(valid + ": holds no people; data.val_annotations must name a file with at least one", e.getMessage());
    }

    /**
     * Joints far outside the image, or so far that float overflows, train as unlabelled ones: no
     * target map, weight 0, whatever crop, rotation and flip the augmentation picks.
     */
    @Test
    void jointsOutsideTheImageGetWeightZeroInEveryAugmentedSample() throws IOException {
        Map<String, Object> person = record("a.jpg", 100, 100, -1);
        double[][] joints = (double[][]) person.get("joints");
        joints[ANKLE_R] = new double[] {-500, -500};
        joints[WRIST_R] = new double[] {5000, 5000};
        joints[WRIST_L] = new double[] {1e39, -1e39};
        DataFolders.json(root.resolve("annot/train.json"), List.of(person));
        TrainingData data = TrainingDataFactory.open(config(), 0);
        TopDownDataset train = TopDownDataset.builder().source(data.train()).config(config().topDown()).train(5).build();
        int[] outside = {ANKLE_R, WRIST_R, WRIST_L};
        int[] mirrored = {JointSet.MPII.flipPermutation()[ANKLE_R], WRIST_L, WRIST_R};
        for (int epoch = 0; epoch < 12; epoch++) {
            PoseSample sample = train.sample(0, epoch);
            for (int joint : sample.meta().flipped() ? mirrored : outside) {
                assertEquals(0, sample.targetWeight()[joint], "epoch " + epoch + ", joint " + joint);
            }
            assertEquals(1, sample.targetWeight()[UPPER_NECK], "a joint near the center still counts");
            for (float value : sample.target()) {
                assertTrue(Float.isFinite(value));
            }
        }
    }

    @Test
    void aValidationSplitWithoutLabelledJointsIsRefusedUpFrontNamingTheFile() throws IOException {
        Path valid = root.resolve("annot/valid.json");
        DataFolders.groundTruthMat(root.resolve("annot/gt_valid.mat"), new double[][] {{1, 1, 31, 41}});
        DataFolders.json(valid, List.of(DataFolders.mpiiRecord("b.jpg", new double[] {90, 110}, 0.5,
                DataFolders.mpiiJoints(90, 110), new int[JOINTS])));
        AnnotationFormatException none = assertThrows(AnnotationFormatException.class,
                () -> TrainingDataFactory.open(config(), 0));
        assertTrue(none.getMessage().startsWith(valid + ": its 1 people have 0 labelled joints, none of them for PCKh@0.5 Head"),
                none.getMessage());
        assertTrue(none.getMessage().contains("data.val_annotations"), none.getMessage());

        int[] headless = new int[JOINTS];
        java.util.Arrays.fill(headless, 1);
        headless[9] = 0;
        DataFolders.json(valid, List.of(DataFolders.mpiiRecord("b.jpg", new double[] {90, 110}, 0.5,
                DataFolders.mpiiJoints(90, 110), headless)));
        AnnotationFormatException noHead = assertThrows(AnnotationFormatException.class,
                () -> TrainingDataFactory.open(config(), 0));
        assertTrue(noHead.getMessage().contains("15 labelled joints, none of them for PCKh@0.5 Head,"), noHead.getMessage());
    }

    private DataConfig config(String... overrides) {
        List<String> settings = new ArrayList<>(List.of("data.data_root=" + root));
        settings.addAll(Arrays.asList(overrides));
        return ConfigLoader.load("mpii-hg4", settings).data();
    }

    private static Map<String, Object> record(String image, double x, double y, int unlabelledJoint) {
        int[] visible = new int[JOINTS];
        Arrays.fill(visible, 1);
        if (unlabelledJoint >= 0) {
            visible[unlabelledJoint] = 0;
        }
        return DataFolders.mpiiRecord(image, new double[] {x, y}, 0.5, DataFolders.mpiiJoints(x, y), visible);
    }

    /** A release rectangle for the json person at (x, y), its head box offset by {@code offset} px. */
    private static ReleaseRect releaseRect(double x, double y, double offset) {
        return new ReleaseRect(new double[] {100 + offset, 100 + offset, 130 + offset, 140 + offset}, 0.5,
                new double[] {x, y}, DataFolders.mpiiJoints(x, y));
    }

    /** The validation joints, each moved right by {@code shift(person, joint)} px. */
    private static List<DecodedPose> predictions(TrainingData data, BiFunction<Integer, Integer, Float> shift) {
        List<DecodedPose> poses = new ArrayList<>();
        List<PoseInstance> people = data.validation().instances();
        for (int n = 0; n < people.size(); n++) {
            float[][] joints = people.get(n).joints();
            for (int j = 0; j < JOINTS; j++) {
                joints[j][0] += shift.apply(n, j);
            }
            poses.add(new DecodedPose(joints, new float[JOINTS]));
        }
        return poses;
    }

    private static List<Path> images(List<PoseInstance> people) {
        return people.stream().map(PoseInstance::image).toList();
    }
}
