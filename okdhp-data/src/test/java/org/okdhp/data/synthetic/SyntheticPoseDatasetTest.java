package org.okdhp.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.dataset.PoseSource;
import org.okdhp.data.image.RgbImage;

class SyntheticPoseDatasetTest {

    private static final int COUNT = 300;
    private static final SyntheticPoseDataset DATA = SyntheticPoseDataset.generate(COUNT, 42);

    @TempDir
    Path dir;

    @Test
    void sameSeedSameImagesAndLabelsOtherSeedOther() {
        SyntheticPoseDataset again = SyntheticPoseDataset.generate(COUNT, 42);
        SyntheticPoseDataset other = SyntheticPoseDataset.generate(COUNT, 43);
        for (int i : new int[] {0, 7, 299}) {
            PoseInstance a = DATA.instances().get(i);
            PoseInstance b = again.instances().get(i);
            assertArrayEquals(a.joints(), b.joints());
            assertArrayEquals(a.visibility(), b.visibility());
            assertEquals(a.centerX(), b.centerX());
            assertEquals(a.scale(), b.scale());
            assertArrayEquals(DATA.render(i).pixels(), again.render(i).pixels());
            assertFalse(Arrays.deepEquals(a.joints(), other.instances().get(i).joints()));
            assertFalse(Arrays.equals(DATA.render(i).pixels(), other.render(i).pixels()));
        }
        // A figure does not depend on how many were generated.
        assertArrayEquals(DATA.instances().get(5).joints(), SyntheticPoseDataset.generate(6, 42).instances().get(5).joints());
    }

    @Test
    void someJointsAreOccludedAndSomeOutsideTheImage() {
        int occluded = 0, outside = 0, figuresWithHiddenJoints = 0;
        for (PoseInstance p : DATA.instances()) {
            float[][] joints = p.joints();
            float[] vis = p.visibility();
            boolean hidden = false;
            for (int j = 0; j < joints.length; j++) {
                boolean inImage = joints[j][0] >= 0 && joints[j][1] >= 0 && joints[j][0] <= 255 && joints[j][1] <= 255;
                if (!inImage) {
                    outside++;
                    assertEquals(0, vis[j], "a joint outside the image is invisible");
                } else if (vis[j] == 0) {
                    occluded++;
                }
                hidden |= vis[j] == 0;
            }
            figuresWithHiddenJoints += hidden ? 1 : 0;
            assertTrue(sum(vis) >= 6, "most of a figure stays visible: " + Arrays.toString(vis));
        }
        assertTrue(occluded >= COUNT * 0.35 * 0.8, "occluded joints: " + occluded);
        assertTrue(outside >= COUNT * 0.15 * 0.8, "joints outside: " + outside);
        assertTrue(figuresWithHiddenJoints > COUNT * 0.3 && figuresWithHiddenJoints < COUNT * 0.7,
                "figures with hidden joints: " + figuresWithHiddenJoints);
    }

    @Test
    void boxesFrameTheFigureAndHeadBoxesTheHead() {
        for (PoseInstance p : DATA.instances()) {
            double half = p.scale() * 200 / 2;
            for (float[] joint : p.joints()) {
                assertTrue(Math.abs(joint[0] - p.centerX()) <= half && Math.abs(joint[1] - p.centerY()) <= half,
                        "joint inside the person box");
            }
            float[] head = p.headBox();
            float[][] joints = p.joints();
            for (int j : new int[] {FigureSampler.UPPER_NECK, FigureSampler.HEAD_TOP}) {
                assertTrue(joints[j][0] >= head[0] - 1e-3 && joints[j][0] <= head[2] + 1e-3
                        && joints[j][1] >= head[1] - 1e-3 && joints[j][1] <= head[3] + 1e-3, "head joint in head box");
            }
            // The person fills the box: box size is 1.25 x the figure's extent.
            double extent = Math.max(range(joints, 0), range(joints, 1));
            assertTrue(p.scale() * 200 >= extent && p.scale() * 200 <= 1.6 * extent, "box vs figure");
            assertTrue(p.scale() * 200 >= 0.5 * 256 && p.scale() * 200 <= 1.25 * 0.85 * 256 + 1, "box size " + p.scale());
        }
    }

    @Test
    void rightLimbsAreWarmAndLeftLimbsCool() {
        // Sample the middle of each shin and forearm; arms may cross legs and occluders cover
        // limbs, so the colour claim must hold for a clear majority, not for every limb.
        int[][] limbs = {{FigureSampler.R_KNEE, FigureSampler.R_ANKLE, 1}, {FigureSampler.L_KNEE, FigureSampler.L_ANKLE, -1},
                {FigureSampler.R_ELBOW, FigureSampler.R_WRIST, 1}, {FigureSampler.L_ELBOW, FigureSampler.L_WRIST, -1}};
        int agree = 0, checked = 0;
        for (int i = 0; i < 60; i++) {
            PoseInstance p = DATA.instances().get(i);
            RgbImage image = DATA.render(i);
            float[][] j = p.joints();
            for (int[] limb : limbs) {
                int x = Math.round((j[limb[0]][0] + j[limb[1]][0]) / 2);
                int y = Math.round((j[limb[0]][1] + j[limb[1]][1]) / 2);
                if (x < 0 || y < 0 || x > 255 || y > 255) {
                    continue;
                }
                checked++;
                int redMinusBlue = image.get(x, y, 0) - image.get(x, y, 2);
                agree += Integer.signum(redMinusBlue) == limb[2] ? 1 : 0;
            }
        }
        assertTrue(agree > 0.8 * checked, agree + " of " + checked + " limbs have their side's colour");
    }

    @Test
    void writesMpiiStyleJsonAndPngsThatReadBack() throws IOException {
        SyntheticPoseDataset small = SyntheticPoseDataset.generate(4, 9);
        PoseSource written = small.writeTo(dir, SyntheticPoseDataset.ImageFormat.PNG);
        JsonNode records = new ObjectMapper().readTree(dir.resolve(SyntheticPoseDataset.ANNOTATION_FILE).toFile());
        assertEquals(4, records.size());
        for (int i = 0; i < 4; i++) {
            PoseInstance p = small.instances().get(i);
            JsonNode r = records.get(i);
            // A reader applying the spec's MPII adjustments recovers the instance.
            double scale = r.get("scale").asDouble();
            assertEquals(p.scale(), scale * 1.25, 1e-9);
            assertEquals(p.centerX(), r.get("center").get(0).asDouble() - 1, 1e-9);
            assertEquals(p.centerY(), r.get("center").get(1).asDouble() + 15 * scale - 1, 1e-9);
            assertEquals(p.joints()[3][0], r.get("joints").get(3).get(0).asDouble() - 1, 1e-4);
            assertEquals(p.visibility()[3], r.get("joints_vis").get(3).asDouble());
            assertEquals(p.headBox()[2], r.get("head_box").get(2).asDouble() - 1, 1e-4);
            assertTrue(Files.isRegularFile(dir.resolve(r.get("image").asText())));
            // PNG is lossless: the file decodes to the in-memory image.
            assertArrayEquals(small.render(i).pixels(), written.images().read(written.instances().get(i).image()).pixels());
        }
    }

    /** Not an assertion: a contact sheet in target/preview for a person to look at. */
    @Test
    void writesAContactSheet() throws IOException {
        int cols = 6, rows = 3;
        BufferedImage sheet = new BufferedImage(cols * 256, rows * 256, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        for (int i = 0; i < cols * rows; i++) {
            g.drawImage(DATA.render(i).toBufferedImage(), (i % cols) * 256, (i / cols) * 256, null);
        }
        g.dispose();
        Path out = Path.of("target", "preview", "synthetic_raw.png");
        Files.createDirectories(out.getParent());
        assertTrue(ImageIO.write(sheet, "png", out.toFile()));
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float x : v) {
            s += x;
        }
        return s;
    }

    private static double range(float[][] joints, int axis) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (float[] j : joints) {
            lo = Math.min(lo, j[axis]);
            hi = Math.max(hi, j[axis]);
        }
        return hi - lo;
    }

}
