package org.okdhp.train.export;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.heatmap.HeatmapCodec;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.image.RgbImage;
import org.okdhp.data.transform.Normalization;
import org.okdhp.train.predict.PoseCodec;

/** Small trained-looking networks, their exports and test photos, for tests that run in seconds. */
public final class TinyModels {

    /** Two 64x64 inputs: the smallest side a depth-3 hourglass takes is 4 * 2^3 = 32. */
    public static final Shape INPUT = new Shape(2, 3, 64, 64);
    public static final int FEATURES = 8;
    public static final int DEPTH = 3;
    public static final long TRAINING_STEPS = 123;
    /** MPII joints, 64x64 in, 16x16 out, the authors' BGR order (so the order is not just the default). */
    public static final PoseCodec CODEC = new PoseCodec(JointSet.MPII,
            HeatmapCodec.standard(ImageSize.square(64), ImageSize.square(16)), Normalization.imagenetBgr());

    private TinyModels() {
    }

    /**
     * A seeded network of 1 shared stack and branches [1, 2] whose BatchNorm running statistics
     * have moved away from (0, 1), as after training.
     */
    public static OkdhpNetwork trained(NDManager manager, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        OkdhpNetwork net = OkdhpNetwork.builder().features(FEATURES).joints(16).sharedStacks(1).branches(1, 2)
                .hourglassDepth(DEPTH).build();
        net.initialize(manager, DataType.FLOAT32, INPUT);
        net.forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(INPUT)), true);
        return net;
    }

    public static ExportInfo info(Map<String, Double> metrics) {
        return new ExportInfo(CODEC, metrics, TRAINING_STEPS);
    }

    /** Branch 1 of {@link #trained} (a 3-stack hourglass) exported into {@code folder}. */
    public static Path exported(Path folder) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            return BestBranchExporter.export(trained(manager, 11), 1, info(Map.of(BranchScore.HEADLINE, 71.5)), folder);
        }
    }

    /** A noisy picture with a bright stick figure, so crops of different places differ. */
    public static BufferedImage photo(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom random = new SplittableRandom(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillOval(width / 2 - 6, height / 5, 12, 12);
            g.fillRect(width / 2 - 3, height / 5 + 12, 6, height / 3);
            g.drawLine(width / 2, height / 2, width / 3, height - 5);
            g.drawLine(width / 2, height / 2, 2 * width / 3, height - 5);
        } finally {
            g.dispose();
        }
        return image;
    }

    public static RgbImage rgbPhoto(int width, int height, long seed) {
        return RgbImage.of(photo(width, height, seed));
    }
}
