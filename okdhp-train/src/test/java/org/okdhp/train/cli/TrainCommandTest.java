package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.train.data.DataFolders;
import us.hebi.matlab.mat.format.Mat5;

/**
 * {@code okdhp train} on inputs a user gets wrong. Each is refused with one line on standard error
 * naming the file, record and field or the configuration key, exit code 1 and no stack trace.
 * The MPII folder made here: 4 training people on a.jpg .. d.jpg, 1 validation person on a.jpg.
 */
class TrainCommandTest {

    /** A network and batch small enough to train in seconds. */
    private static final List<String> TINY = List.of(
            "model.features=8", "model.shared_stacks=1", "model.branches=1,1", "data.input_size=64x64",
            "data.heatmap_size=16x16", "data.workers=0", "optim.epochs=1", "optim.batch_size=2");
    private static final List<String> IMAGES = List.of("a.jpg", "b.jpg", "c.jpg", "d.jpg");

    @TempDir
    Path root;

    private Path trainJson;

    @BeforeEach
    void layOutMpii() throws IOException {
        List<Map<String, Object>> people = new ArrayList<>();
        for (String image : IMAGES) {
            DataFolders.image(root.resolve("images").resolve(image), 200, 200);
            people.add(person(image));
        }
        trainJson = DataFolders.json(root.resolve("annot/train.json"), people);
        DataFolders.json(root.resolve("annot/valid.json"), List.of(person("a.jpg")));
        DataFolders.groundTruthMat(root.resolve("annot/gt_valid.mat"), new double[][] {{1, 1, 31, 41}});
    }

    @Test
    void brokenImagesStopTrainingNamingTheImageOrAreSkippedWhenAsked() throws IOException {
        Path text = Files.writeString(root.resolve("images/b.jpg"), "not an image");
        byte[] jpeg = Files.readAllBytes(root.resolve("images/c.jpg"));
        Files.write(root.resolve("images/c.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));

        CommandRun failed = train(root, root.resolve("failed"), "mpii-hg4");
        failed.assertOneLineError("okdhp train: " + root.resolve("images"), "; set run.skip_unreadable_samples=true");
        assertTrue(failed.err().contains(text.toString()) || failed.err().contains(root.resolve("images/c.jpg").toString()),
                failed.err());

        CommandRun skipping = train(root, root.resolve("skipping"), "mpii-hg4", "--set", "run.skip_unreadable_samples=true");
        assertEquals(0, skipping.exitCode(), skipping.err());
        assertTrue(Files.isRegularFile(root.resolve("skipping/best-branch/model.params")), "trained and exported");
    }

    @Test
    void badAnnotationsAreOneLineNamingFileRecordAndField() throws IOException {
        writeTrainPerson("scale", null);
        train("mpii-hg4").assertOneLineError(trainJson + ": record[0] (image a.jpg): missing field 'scale'");
        writeTrainPerson("scale", "big");
        train("mpii-hg4")
                .assertOneLineError(trainJson + ": record[0] (image a.jpg): 'scale' is the string \"big\", not a number");

        DataFolders.json(trainJson, List.of());
        train("mpii-hg4").assertOneLineError(trainJson + ": holds no people; data.train_annotations must name a file");

        Path notTheRelease = root.resolve("annot/release.mat");
        Mat5.writeToFile(Mat5.newMatFile().addArray("annolist", Mat5.newScalar(1)), notTheRelease.toFile());
        train("mpii-hg4", "--set", "data.train_annotations=annot/release.mat")
                .assertOneLineError(notTheRelease + ": has no variable 'RELEASE'");
        Path headBoxes = root.resolve("annot/gt_valid.mat");
        Mat5.writeToFile(Mat5.newMatFile().addArray("headboxes_src", Mat5.newMatrix(2, 2)), headBoxes.toFile());
        DataFolders.json(trainJson, List.of(person("a.jpg")));
        train("mpii-hg4").assertOneLineError(headBoxes + ": is neither the MPII release (no variable RELEASE) nor a"
                + " ground-truth file (no variable pos_gt_src)");
    }

    @Test
    void badCocoFilesAreOneLineNamingFileRecordAndField() throws IOException {
        for (String split : List.of("train2017", "val2017")) {
            DataFolders.image(root.resolve("coco/images").resolve(split).resolve("1.jpg"), 640, 480);
        }
        Path train = root.resolve("coco/annotations/person_keypoints_train2017.json");
        Path val = root.resolve("coco/annotations/person_keypoints_val2017.json");
        Map<String, Object> image = DataFolders.cocoImage(1, "1.jpg", 640, 480);
        double[] keypoints = new double[17 * 3];
        Arrays.fill(keypoints, 2);
        Map<String, Object> person = DataFolders.cocoPerson(7, 1, new double[] {100, 100, 100, 200}, 20000, keypoints, false);
        DataFolders.cocoFile(train, List.of(image), List.of(person));
        Map<String, Object> noWidth = new HashMap<>(image);
        noWidth.remove("width");
        DataFolders.cocoFile(val, List.of(noWidth), List.of(person));
        train(root.resolve("coco"), root.resolve("run"), "coco-hg4")
                .assertOneLineError(val + ": images[0] (id 1): missing field 'width'");

        Map<String, Object> textId = new HashMap<>(image);
        textId.put("id", "1");
        DataFolders.cocoFile(train, List.of(textId), List.of(person));
        train(root.resolve("coco"), root.resolve("run"), "coco-hg4")
                .assertOneLineError(train + ": images[0]: field 'id' is the string \"1\", not an integer");

        DataFolders.cocoFile(train, List.of(image),
                List.of(DataFolders.cocoPerson(7, 1, new double[] {100, 100, 0, 0}, 0, keypoints, false)));
        train(root.resolve("coco"), root.resolve("run"), "coco-hg4")
                .assertOneLineError(train + ": holds no person of category \"person\"");
    }

    @Test
    void badConfigurationsAreOneLineNamingTheKey() throws IOException {
        Path typo = Files.writeString(root.resolve("typo.yaml"), "optim:\n  learning_rate: 0.1\n");
        train(typo.toString())
                .assertOneLineError("okdhp train: invalid training configuration: optim.learning_rate (file "
                + typo + "): unknown key; known keys here: [lr, betas");
        train("mpii-hg4", "--set", "model.shared_stacks=-1")
                .assertOneLineError("model.shared_stacks (--set model.shared_stacks=-1): cannot be negative, got -1");
        train("mpii-hg4", "--set", "model.branches=2,-2")
                .assertOneLineError("model.branches (--set model.branches=2,-2):"
                + " every branch needs at least 1 stack");
        train("mpii-hg4", "--set", "data.input_size=96x96", "--set", "data.heatmap_size=24x24")
                .assertOneLineError("data.input_size (--set data.input_size=96x96): must be a multiple of 64");
        train("mpii-hg4", "--set", "data.heatmap_size=32x32")
                .assertOneLineError("data.heatmap_size (--set data.heatmap_size=32x32): must be data.input_size / 4 = 16x16");
        train("demo", "--set", "data.synthetic_train_size=0")
                .assertOneLineError("data.synthetic_train_size (--set data.synthetic_train_size=0): must be at least 1");
        train("demo", "--set", "data.synthetic_train_size=1")
                .assertOneLineError("the training split has 1 people, fewer than optim.batch_size 2");
    }

    /** {@code okdhp train --config CONFIG} on the MPII folder with the tiny network, then {@code args}. */
    private CommandRun train(String config, String... args) {
        return train(root, root.resolve("run"), config, args);
    }

    private static CommandRun train(Path dataRoot, Path output, String config, String... args) {
        List<String> command = new ArrayList<>(List.of("train", "--config", config, "--data-root", dataRoot.toString(),
                "--output", output.toString()));
        TINY.forEach(setting -> command.addAll(List.of("--set", setting)));
        command.addAll(List.of(args));
        return CommandRun.of(command.toArray(String[]::new));
    }

    private void writeTrainPerson(String field, Object value) throws IOException {
        Map<String, Object> person = new HashMap<>(person("a.jpg"));
        if (value == null) {
            person.remove(field);
        } else {
            person.put(field, value);
        }
        DataFolders.json(trainJson, List.of(person));
    }

    private static Map<String, Object> person(String image) {
        int[] visible = new int[16];
        Arrays.fill(visible, 1);
        return DataFolders.mpiiRecord(image, new double[] {100, 100}, 0.5, DataFolders.mpiiJoints(100, 100), visible);
    }

}
