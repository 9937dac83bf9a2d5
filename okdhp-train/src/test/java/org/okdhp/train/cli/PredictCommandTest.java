package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.train.export.TinyModels;

/**
 * {@code okdhp predict} with a tiny untrained model: its joints are arbitrary, but they must come
 * back named, inside the crop the options describe, and drawn over the right image.
 */
class PredictCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Overlays kept for a person to look at. */
    private static final Path PREVIEW = Path.of("target", "preview");

    @TempDir
    static Path models;
    private static Path model;

    @TempDir
    Path dir;

    @BeforeAll
    static void export() throws IOException {
        model = TinyModels.exported(models.resolve("best-branch"));
    }

    @Test
    void mpiiPhotoWithCenterAndScale() throws IOException {
        Path photo = Path.of(System.getProperty("okdhp.shared", "../shared"), "fixtures/mpii/005808361.jpg");
        Assumptions.assumeTrue(Files.exists(photo), photo + " is absent (property okdhp.shared), skipping");
        Path json = dir.resolve("preds.json");
        Path png = dir.resolve("out.png");
        CommandRun run = CommandRun.of("predict", "--model", model.toString(), "--image", photo.toString(),
                "--center", "966,340", "--scale", "4.718488", "--output", json.toString(), "--overlay", png.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("wrote 16 joints"), run.out());

        JsonNode result = JSON.readTree(json.toFile());
        assertEquals(photo.toString(), result.get("image").asText());
        assertEquals(966, result.at("/crop/center_x").asDouble());
        assertEquals(4.718488, result.at("/crop/scale").asDouble());
        // A 943.7 px square crop around (966, 340).
        assertJointsInside(result, 966 - 471.85, 340 - 471.85, 966 + 471.85, 340 + 471.85);
        BufferedImage overlay = ImageIO.read(png.toFile());
        assertEquals(1280, overlay.getWidth());
        assertEquals(720, overlay.getHeight());
        keep(png, "predict_mpii.png");
    }

    /** ONNX Runtime on model.onnx and DJL on model.params find the same joints on every MPII fixture photo. */
    @Test
    void onnxAndDjlEnginesAgreeOnTheMpiiPhotos() throws IOException {
        Path folder = Path.of(System.getProperty("okdhp.shared", "../shared"), "fixtures/mpii");
        Assumptions.assumeTrue(Files.isDirectory(folder), folder + " is absent (property okdhp.shared), skipping");
        List<Path> photos;
        try (var files = Files.list(folder)) {
            photos = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        assertFalse(photos.isEmpty());
        for (Path photo : photos) {
            JsonNode djl = predicted(photo, "djl");
            JsonNode onnx = predicted(photo, "onnx");
            assertEquals(16, onnx.get("joints").size());
            for (int j = 0; j < 16; j++) {
                for (String axis : new String[] {"x", "y"}) {
                    double a = djl.at("/joints/" + j + "/" + axis).asDouble();
                    double b = onnx.at("/joints/" + j + "/" + axis).asDouble();
                    assertEquals(a, b, 1e-3, photo.getFileName() + " joint " + j + " " + axis);
                }
            }
        }
    }

    private JsonNode predicted(Path photo, String engine) throws IOException {
        CommandRun run = CommandRun.of("predict", "--model", model.toString(), "--image", photo.toString(),
                "--engine", engine);
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    @Test
    void selfMadeImageAsAWholeOrInABox() throws IOException {
        Path image = dir.resolve("person.png");
        ImageIO.write(TinyModels.photo(160, 120, 9), "png", image.toFile());

        CommandRun whole = CommandRun.of("predict", "--model", model.toString(), "--image", image.toString(), "--no-flip");
        assertEquals(0, whole.exitCode(), whole.err());
        JsonNode wholeResult = JSON.readTree(whole.out());
        assertFalse(wholeResult.get("flip_test").asBoolean());
        assertEquals("quarter_offset", wholeResult.get("decoding").asText());
        CommandRun dark = CommandRun.of("predict", "--model", model.toString(), "--image", image.toString(), "--no-flip",
                "--decoding", "dark");
        assertEquals(0, dark.exitCode(), dark.err());
        JsonNode darkResult = JSON.readTree(dark.out());
        assertEquals("dark", darkResult.get("decoding").asText());
        assertEquals(wholeResult.get("joints").size(), darkResult.get("joints").size());
        // The whole 160x120 image padded by 1.25 into a 200 px square around its middle.
        assertJointsInside(wholeResult, 79.5 - 100, 59.5 - 100, 79.5 + 100, 59.5 + 100);

        Path png = dir.resolve("boxed.png");
        CommandRun boxed = CommandRun.of("predict", "--model", model.toString(), "--image", image.toString(),
                "--box", "60,20,40,90", "--overlay", png.toString());
        assertEquals(0, boxed.exitCode(), boxed.err());
        JsonNode boxedResult = JSON.readTree(boxed.out());
        assertTrue(boxed.err().contains("overlay"), "status goes to stderr when the JSON goes to stdout");
        // 90 px high, padded to 112.5 px, square: around the box center (80, 65).
        assertJointsInside(boxedResult, 80 - 56.25, 65 - 56.25, 80 + 56.25, 65 + 56.25);
        assertEquals(160, ImageIO.read(png.toFile()).getWidth());
        keep(png, "predict_self_made.png");
    }

    @Test
    void badOptionsAreOneLine() throws IOException {
        Path image = dir.resolve("person.png");
        ImageIO.write(TinyModels.photo(40, 40, 1), "png", image.toFile());
        CommandRun center = CommandRun.of("predict", "--model", model.toString(), "--image", image.toString(),
                "--center", "1,2,3", "--scale", "1");
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, center.exitCode());
        assertTrue(center.err().contains("--center takes x,y"), center.err());

        CommandRun both = CommandRun.of("predict", "--model", model.toString(), "--image", image.toString(),
                "--box", "1,2,3,4", "--center", "1,2", "--scale", "1");
        assertTrue(both.exitCode() != 0 && both.err().contains("mutually exclusive"), both.err());

        CommandRun noImage = CommandRun.of("predict", "--model", model.toString(), "--image", dir.resolve("none.jpg").toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, noImage.exitCode());
        assertTrue(noImage.err().contains("none.jpg"), noImage.err());
        CommandRun nan = CommandRun.of("predict", "--model", model.toString(), "--image", image.toString(),
                "--box", "NaN,10,100,100");
        assertTrue(nan.exitCode() != 0 && nan.err().contains("--box") && nan.err().contains("'NaN' is not a finite number"),
                nan.err());
        CommandRun infinite = CommandRun.of("predict", "--model", model.toString(), "--image", image.toString(),
                "--center", "10,10", "--scale", "1e999");
        assertTrue(infinite.exitCode() != 0 && infinite.err().contains("--scale") && infinite.err().contains("1e999"),
                infinite.err());
        CommandRun outside = CommandRun.of("predict", "--model", model.toString(), "--image", image.toString(),
                "--box", "500,500,20,20");
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, outside.exitCode());
        assertTrue(outside.err().contains("--box 500,500,20,20 lies entirely outside") && outside.err().contains("40x40 px, height x width"),
                outside.err());
        CommandRun outsideCenter = CommandRun.of("predict", "--model", model.toString(), "--image", image.toString(),
                "--center", "-300,20", "--scale", "1");
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, outsideCenter.exitCode());
        assertTrue(outsideCenter.err().contains("lies entirely outside"), outsideCenter.err());
        byte[] photo = Files.readAllBytes(image);
        CommandRun overImage = CommandRun.of("predict", "--model", model.toString(), "--image", image.toString(),
                "--overlay", image.toString());
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, overImage.exitCode());
        assertTrue(overImage.err().contains("--overlay " + image + " is the file --image reads"), overImage.err());
        assertArrayEquals(photo, Files.readAllBytes(image), "the user's photo is untouched");
        for (CommandRun run : new CommandRun[] {center, both, noImage, nan, infinite, outside, outsideCenter, overImage}) {
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    /** Every joint is named as in MPII and lies within the crop (decoding maps heatmap cells into it). */
    private static void assertJointsInside(JsonNode result, double left, double top, double right, double bottom) {
        JsonNode joints = result.get("joints");
        assertEquals(16, joints.size());
        for (int j = 0; j < 16; j++) {
            JsonNode joint = joints.get(j);
            assertEquals(JointSet.MPII.jointNames().get(j), joint.get("name").asText());
            double x = joint.get("x").asDouble();
            double y = joint.get("y").asDouble();
            assertTrue(x >= left && x <= right && y >= top && y <= bottom, joint + " outside the crop");
            assertTrue(joint.get("score").isNumber(), joint.toString());
        }
    }

    private static void keep(Path png, String name) throws IOException {
        Files.createDirectories(PREVIEW);
        Files.copy(png, PREVIEW.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
