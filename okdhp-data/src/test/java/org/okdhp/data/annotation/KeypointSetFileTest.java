package org.okdhp.data.annotation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeypointSetFileTest {

    private static final String KEYPOINTS = "keypoints: [nose, left_ear, right_ear, left_paw, right_paw, tail]\n";

    @TempDir
    Path dir;

    @Test
    void readsEveryFieldByName() throws IOException {
        JointSet set = KeypointSetFile.read(write("quadruped.yaml", "name: quad6\n" + KEYPOINTS
                + "flip_pairs: [[left_ear, right_ear], [left_paw, right_paw]]\n"
                + "skeleton: [[nose, left_ear], [nose, right_ear], [nose, tail]]\n"
                + "sigmas: [0.026, 0.035, 0.035, 0.089, 0.089, 0.1]\n"
                + "weights: [1, 1, 1, 1.5, 1.5, 0.5]\n"));
        assertEquals("quad6", set.name());
        assertEquals(List.of("nose", "left_ear", "right_ear", "left_paw", "right_paw", "tail"), set.jointNames());
        assertArrayEquals(new int[][] {{1, 2}, {3, 4}}, set.flipPairs());
        assertArrayEquals(new int[][] {{0, 1}, {0, 2}, {0, 5}}, set.skeleton());
        assertEquals(List.of(0.026, 0.035, 0.035, 0.089, 0.089, 0.1), set.sigmas());
        assertEquals(List.of(1.0, 1.0, 1.0, 1.5, 1.5, 0.5), set.weights());
        assertArrayEquals(new int[] {0, 2, 1, 4, 3, 5}, set.flipPermutation());
    }

    @Test
    void optionalFieldsDefaultAndJsonWorksToo() throws IOException {
        JointSet set = KeypointSetFile.read(write("corners.json", "{\"keypoints\": [\"a\", \"b\", \"c\"]}"));
        assertEquals("corners", set.name(), "the file's name when it names no set");
        assertEquals(0, set.flipPairs().length);
        assertEquals(List.of(), set.sigmas());
        assertEquals(List.of(1.0, 1.0, 1.0), set.weights());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "keypoints: [a, b, a]|keypoints[2]: 'a' is listed twice",
        "keypoints: []|keypoints: missing or empty",
        "name: x|keypoints: missing or empty",
        "keypoints: [a, b]\\nflip_pairs: [[a, c]]|flip_pairs[0]: 'c' is not a keypoint (keypoints: a, b)",
        "keypoints: [a, b, c]\\nflip_pairs: [[a, b], [b, c]]|flip_pairs[1]: 'b' is in more than one flip pair",
        "keypoints: [a, b]\\nflip_pairs: [[a, a]]|flip_pairs[0]: 'a' is in more than one flip pair, or paired with itself",
        "keypoints: [a, b]\\nflip_pairs: [[a]]|flip_pairs[0]: expected a pair [name, name]",
        "keypoints: [a, b]\\nskeleton: [[a, z]]|skeleton[0]: 'z' is not a keypoint",
        "keypoints: [a, b]\\nsigmas: [0.1]|sigmas: expected 2 numbers, one per keypoint, got 1",
        "keypoints: [a, b]\\nsigmas: [0.1, 0]|sigmas[1]: 0 is not a positive finite number",
        "keypoints: [a, b]\\nsigmas: [0.1, 1e999]|is not a positive finite number",
        "keypoints: [a, b]\\nweights: [1, 2, 3]|weights: expected 2 numbers, one per keypoint, got 3",
        "keypoints: [a, b]\\nweights: [1, -1]|weights[1]: -1 is not a non-negative finite number",
        "keypoints: [a, b]\\nweights: [0, 0]|weights: every weight is 0",
        "keypoints: [a, b]\\nflip: [[a, b]]|flip: unknown field",
        "- a\\n- b|expected a mapping with 'keypoints'",
    })
    void aProblemNamesTheFileAndTheField(String text, String expected) throws IOException {
        Path file = write("set.yaml", text.replace("\\n", "\n"));
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> KeypointSetFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void flipPairsAreFoundFromLeftAndRightNames() {
        List<String> names = List.of("nose", "left_eye", "right_eye", "l_ankle", "r_ankle", "front_Left_paw",
                "front_Right_paw", "L-hip", "R-hip", "left_only", "tail", "clear");
        assertArrayEquals(new int[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}}, FlipPairs.inferred(names));
        assertEquals("left_eye <-> right_eye, l_ankle <-> r_ankle, front_Left_paw <-> front_Right_paw, L-hip <-> R-hip",
                FlipPairs.describe(names, FlipPairs.inferred(names)));
        assertArrayEquals(JointSet.COCO.flipPairs(), FlipPairs.inferred(JointSet.COCO.jointNames()));
        assertArrayEquals(normalised(JointSet.MPII.flipPairs()), normalised(FlipPairs.inferred(JointSet.MPII.jointNames())),
                "MPII's r_/l_ pairs, each found from its left member");
    }

    @Test
    void aNamesSideIsItsOneSideToken() {
        assertEquals(FlipPairs.Side.LEFT, FlipPairs.side("front_left_paw"));
        assertEquals(FlipPairs.Side.LEFT, FlipPairs.side("l_ankle"));
        assertEquals(FlipPairs.Side.RIGHT, FlipPairs.side("R-hip"));
        assertEquals(FlipPairs.Side.RIGHT, FlipPairs.side("back_Right_knee"));
        assertEquals(FlipPairs.Side.NONE, FlipPairs.side("nose"));
        assertEquals(FlipPairs.Side.NONE, FlipPairs.side("clear"), "no token, only letters");
        assertEquals(FlipPairs.Side.NONE, FlipPairs.side("left_to_right"), "two side tokens: ambiguous");
    }

    @Test
    void aCocoCategoryGivesNamesSkeletonPairsAndCocoSigmasOnlyForCocosNames() {
        JointSet animal = JointSet.fromCocoCategory(new CocoCategory(3, "cat", List.of("nose", "left_ear", "right_ear"),
                List.of(new int[] {1, 2}, new int[] {1, 3})));
        assertEquals("cat", animal.name());
        assertArrayEquals(new int[][] {{0, 1}, {0, 2}}, animal.skeleton());
        assertArrayEquals(new int[][] {{1, 2}}, animal.flipPairs());
        assertEquals(List.of(), animal.sigmas());
        JointSet people = JointSet.fromCocoCategory(new CocoCategory(1, "person", JointSet.COCO.jointNames()));
        assertEquals(JointSet.COCO.sigmas(), people.sigmas());
    }

    /** Each pair as {smaller, larger}, pairs by their smaller index. */
    private static int[][] normalised(int[][] pairs) {
        return java.util.Arrays.stream(pairs).map(p -> new int[] {Math.min(p[0], p[1]), Math.max(p[0], p[1])})
                .sorted(java.util.Comparator.comparingInt((int[] p) -> p[0])).toArray(int[][]::new);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
