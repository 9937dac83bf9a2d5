package org.okdhp.data.annotation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MpiiJsonReaderTest {

    @TempDir
    Path dir;

    @Test
    void appliesTheSpecAdjustmentAndShiftsToZeroBased() throws IOException {
        Path json = write("[" + record("a.jpg", "[100, 200]", "2", joints(16), flags(16)) + ","
                + record("b.jpg", "[-1, -1]", "1", joints(16), flags(16)) + ","
                + record("a.jpg", "[50, 60]", "1", joints(16), flags(16)) + "]");
        List<PoseInstance> people = MpiiJsonReader.read(json, dir);

        PoseInstance first = people.get(0);
        assertEquals(dir.resolve("a.jpg"), first.image());
        assertEquals(99, first.centerX());
        assertEquals(200 + 15 * 2 - 1, first.centerY(), "y moves down 15 px per unit of scale, then 1-based to 0-based");
        assertEquals(2 * 1.25, first.scale());
        assertArrayEquals(new float[] {0, 1}, first.joints()[0]);
        assertArrayEquals(new float[] {15, 16}, first.joints()[15]);
        assertEquals(0, first.visibility()[3], "joints_vis[3] is 0 in the fixture text");
        assertEquals(1, first.visibility()[4]);

        PoseInstance unknownCenter = people.get(1);
        assertEquals(-2, unknownCenter.centerX());
        assertEquals(-2, unknownCenter.centerY(), "no shift when center x is -1");
        assertEquals(1, unknownCenter.scale(), "no padding when center x is -1");

        assertEquals(List.of(0L, 1L, 0L), people.stream().map(PoseInstance::imageId).toList(),
                "image ids number distinct images in order of first appearance");
    }

    @Test
    void testSplitRecordsWithoutJointsHaveNoneLabelled() throws IOException {
        Path json = write("[{\"image\": \"t.jpg\", \"center\": [10, 10], \"scale\": 1}]");
        PoseInstance person = MpiiJsonReader.read(json, dir).get(0);
        assertEquals(16, person.jointCount());
        assertEquals(0, IntStream.range(0, 16).mapToDouble(j -> person.visibility()[j]).sum());
    }

    @Test
    void namesFileRecordAndProblem() throws IOException {
        String good = record("a.jpg", "[1, 2]", "1", joints(16), flags(16));
        assertFails("[" + good + "," + record("b.jpg", "[1, 2]", "1", joints(15), flags(16)) + "]",
                "record[1] (image b.jpg)", "'joints' has 15 entries instead of 16");
        assertFails("[" + record("b.jpg", "[1, 2]", "-3", joints(16), flags(16)) + "]",
                "record[0] (image b.jpg)", "scale -3.0 is not a positive number");
        assertFails("[{\"center\": [1, 2], \"scale\": 1}]", "record[0]", "missing field 'image'");
        assertFails("[" + record("b.jpg", "\"middle\"", "1", joints(16), flags(16)) + "]",
                "record[0] (image b.jpg)", "'center' is the string \"middle\", not an array");
        assertFails("[" + record("b.jpg", "[1, 2]", "1", joints(16), "[" + "2,".repeat(15) + "2]") + "]",
                "record[0] (image b.jpg)", "joints_vis[0] is 2.0, not 0 or 1");
        assertFails("[{\"image\": \"b.jpg\", \"center\": [1, 2], \"scale\": 1, \"joints\": " + joints(16) + "}]",
                "record[0] (image b.jpg)", "missing field 'joints_vis'");
        assertFails("[" + record("b.jpg", "[1, 2]", "1", joints(16).replaceFirst("\\[\\[[^,]*,", "[[1e999,"), flags(16)) + "]",
                "record[0] (image b.jpg)", "'joints[0][0]' is Infinity, not a finite number");
        assertFails("[" + record("b.jpg", "[1, 2]", "-1e400", joints(16), flags(16)) + "]",
                "record[0] (image b.jpg)", "'scale' is -Infinity, not a finite number");
        assertFails("{\"image\": \"b.jpg\"}", "", "the top level is an object, expected an array of records");
        assertFails("[" + good + ",", "", "malformed JSON at line 1");
    }

    @Test
    void reportsMissingImagesByName() throws IOException {
        Path json = write("[" + record("there.jpg", "[1, 2]", "1", joints(16), flags(16)) + ","
                + record("gone.jpg", "[1, 2]", "1", joints(16), flags(16)) + "]");
        Files.createFile(dir.resolve("there.jpg"));
        List<PoseInstance> people = MpiiJsonReader.read(json, dir);
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class,
                () -> ImageFiles.requireAll(json, people));
        assertTrue(e.getMessage().startsWith(json + ": person 1: image " + dir.resolve("gone.jpg") + " does not exist"),
                e.getMessage());
    }

    @Test
    void readsTheSharedFixture() throws IOException {
        Path mpii = Path.of(System.getProperty("okdhp.shared", "../shared"), "fixtures", "mpii");
        Assumptions.assumeTrue(Files.isDirectory(mpii), mpii + " absent, skipping");
        Path json = mpii.resolve("test_mpii.json");
        List<PoseInstance> people = MpiiJsonReader.read(json, mpii);
        ImageFiles.requireAll(json, people);
        assertEquals(5, people.size());
        PoseInstance first = people.get(0); // center [966, 340], scale 4.718488, joint 0 at [804, 711]
        assertEquals(mpii.resolve("005808361.jpg"), first.image());
        assertEquals(965, first.centerX(), 1e-9);
        assertEquals(340 + 15 * 4.718488 - 1, first.centerY(), 1e-9);
        assertEquals(4.718488 * 1.25, first.scale(), 1e-9);
        assertArrayEquals(new float[] {803, 710}, first.joints()[0]);
    }

    private void assertFails(String content, String record, String problem) throws IOException {
        Path json = write(content);
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> MpiiJsonReader.read(json, dir));
        String expectedStart = record.isEmpty() ? json + ": " : json + ": " + record + ": ";
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    private Path write(String content) throws IOException {
        Path json = Files.createTempFile(dir, "mpii", ".json");
        Files.writeString(json, content);
        return json;
    }

    private static String record(String image, String center, String scale, String joints, String flags) {
        return "{\"image\": \"" + image + "\", \"center\": " + center + ", \"scale\": " + scale
                + ", \"joints\": " + joints + ", \"joints_vis\": " + flags + "}";
    }

    /** Joint j at (j + 1, j + 2) in 1-based px. */
    private static String joints(int count) {
        return IntStream.range(0, count).mapToObj(j -> "[" + (j + 1) + ", " + (j + 2) + "]")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** Every joint labelled except joint 3. */
    private static String flags(int count) {
        return IntStream.range(0, count).mapToObj(j -> j == 3 ? "0" : "1").collect(Collectors.joining(", ", "[", "]"));
    }
}
