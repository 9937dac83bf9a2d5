package org.okdhp.data.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.dataset.PoseSample;
import org.okdhp.data.dataset.PoseSource;
import org.okdhp.data.dataset.TopDownConfig;
import org.okdhp.data.dataset.TopDownDataset;
import org.okdhp.data.heatmap.DecodedPose;
import org.okdhp.data.heatmap.HeatmapDecoder;
import org.okdhp.data.image.FileImageSource;
import org.okdhp.data.synthetic.SyntheticPoseDataset;
import org.okdhp.data.transform.AffineCrop;

/** Writes preview images to target/preview (look at them) and checks what can be checked. */
class SamplePreviewTest {

    private static final Path OUT = Path.of("target", "preview");

    @Test
    void syntheticTrainingCrops() throws IOException {
        TopDownConfig config = TopDownConfig.mpii();
        TopDownDataset dataset = TopDownDataset.builder()
                .source(SyntheticPoseDataset.generate(8, 21).source()).config(config).train(4).build();
        List<PoseSample> samples = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            samples.add(dataset.sample(i, 0));
        }
        BufferedImage grid = SamplePreview.grid(samples, config, JointSet.MPII, 4);
        assertEquals(4 * (256 + 4) + 4, grid.getWidth());
        assertEquals(2 * (256 + 4) + 4, grid.getHeight());
        write(grid, "synthetic_train_crops.png");
    }

    /**
     * The real photos of the fixture, cropped as in evaluation. PoseInstances are built here from
     * the few json fields needed, with the spec's MPII adjustments (the real reader lives in the
     * annotation package).
     */
    @Test
    void realPhotoCropsLineUpWithTheirLabels() throws IOException {
        String shared = System.getProperty("okdhp.shared");
        Path dir = shared == null ? null : Path.of(shared, "fixtures", "mpii");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve("test_mpii.json")),
                "shared MPII fixture not available");
        List<PoseInstance> instances = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(dir.resolve("test_mpii.json").toFile())) {
            double scale = r.get("scale").asDouble();
            double cx = r.get("center").get(0).asDouble();
            double cy = r.get("center").get(1).asDouble();
            if (cx != -1) {
                cy += 15 * scale;
                scale *= 1.25;
            }
            float[][] joints = new float[16][2];
            float[] vis = new float[16];
            for (int j = 0; j < 16; j++) {
                joints[j][0] = (float) r.get("joints").get(j).get(0).asDouble() - 1;
                joints[j][1] = (float) r.get("joints").get(j).get(1).asDouble() - 1;
                vis[j] = (float) r.get("joints_vis").get(j).asDouble();
            }
            instances.add(new PoseInstance(Path.of(r.get("image").asText()), instances.size(), cx - 1, cy - 1, scale,
                    joints, vis, null, 0, 1));
        }
        TopDownConfig config = TopDownConfig.mpii();
        PoseSource source = new PoseSource(instances, JointSet.MPII, new FileImageSource(dir));
        TopDownDataset eval = TopDownDataset.builder().source(source).config(config).eval().build();
        TopDownDataset train = TopDownDataset.builder().source(source).config(config).train(8).build();
        List<PoseSample> samples = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            PoseSample s = eval.sample(i, 0);
            samples.add(s);
            DecodedPose decoded = HeatmapDecoder.decode(s.target(), 1, 16, 64, 64, List.of(s.meta().box())).get(0);
            double halfCellPx = 0.5 * instances.get(i).scale() * AffineCrop.PIXEL_STD / 64;
            for (int j = 0; j < 16; j++) {
                if (s.targetWeight()[j] > 0) {
                    assertEquals(instances.get(i).joints()[j][0], decoded.joints()[j][0], halfCellPx + 1e-3);
                    assertEquals(instances.get(i).joints()[j][1], decoded.joints()[j][1], halfCellPx + 1e-3);
                }
            }
            assertTrue(mean(s.input()) > -2 && mean(s.input()) < 2, "normalised input");
        }
        for (int i = 0; i < instances.size(); i++) {
            samples.add(train.sample(i, 1));
        }
        write(SamplePreview.grid(samples, config, JointSet.MPII, instances.size()), "mpii_fixture_crops.png");
    }

    private static double mean(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s / values.length;
    }

    private static void write(BufferedImage image, String name) throws IOException {
        Files.createDirectories(OUT);
        assertTrue(ImageIO.write(image, "png", OUT.resolve(name).toFile()));
    }
}
