package org.okdhp.data.preview;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.dataset.PoseSample;
import org.okdhp.data.dataset.TopDownConfig;
import org.okdhp.data.transform.Normalization;

/**
 * Pictures of what the network is fed: the denormalised input crop, the target heatmaps
 * (maximum over joints, upsampled, in a heat colour map) blended over it, and the skeleton drawn
 * from the sample's crop joints (only joints with target weight &gt; 0; warm = the person's
 * right, cool = left, like the synthetic figures).
 */
public final class SamplePreview {

    private static final float SKELETON_LINE_WIDTH = 2f;
    /** How much the heat overlay covers the crop where the target is 1. */
    private static final float HEAT_OPACITY = 0.65f;
    private static final int GAP = 4;

    private SamplePreview() {
    }

    /** One tile of {@code inputWidth x inputHeight}. */
    public static BufferedImage render(PoseSample sample, TopDownConfig config, JointSet jointSet) {
        int w = config.inputSize().width();
        int h = config.inputSize().height();
        BufferedImage tile = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] heat = maxOverJoints(sample.target(), sample.targetWeight().length, config.heatmapSize().width() * config.heatmapSize().height());
        Normalization norm = config.normalization();
        float[] input = sample.input();
        int plane = w * h;
        float[] rgb = new float[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[norm.sourceChannel(c)] = norm.denormalize(input[c * plane + y * w + x], c);
                }
                float t = upsampled(heat, config.heatmapSize().width(), config.heatmapSize().height(),
                        (x + 0.5f) * config.heatmapSize().width() / w - 0.5f, (y + 0.5f) * config.heatmapSize().height() / h - 0.5f);
                int[] hot = heatColor(t);
                float a = HEAT_OPACITY * t;
                int r = blend(rgb[0], hot[0], a);
                int g = blend(rgb[1], hot[1], a);
                int b = blend(rgb[2], hot[2], a);
                tile.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        drawSkeleton(tile, sample, jointSet);
        return tile;
    }

    /** Tiles in rows of {@code columns}, each captioned with its dataset index. */
    public static BufferedImage grid(List<PoseSample> samples, TopDownConfig config, JointSet jointSet, int columns) {
        int cols = Math.max(1, Math.min(columns, samples.size()));
        int rows = (samples.size() + cols - 1) / cols;
        int w = config.inputSize().width();
        int h = config.inputSize().height();
        BufferedImage grid = new BufferedImage(cols * (w + GAP) + GAP, rows * (h + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        try {
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            for (int i = 0; i < samples.size(); i++) {
                int x = GAP + (i % cols) * (w + GAP);
                int y = GAP + (i / cols) * (h + GAP);
                PoseSample s = samples.get(i);
                g.drawImage(render(s, config, jointSet), x, y, null);
                String caption = "#" + s.meta().index()
                        + String.format(Locale.ROOT, " r%.0f s%.2f", s.meta().box().rotationDegrees(), s.meta().box().scale())
                        + (s.meta().flipped() ? " flip" : "");
                g.setColor(Color.BLACK);
                g.drawString(caption, x + 5, y + 15);
                g.setColor(Color.WHITE);
                g.drawString(caption, x + 4, y + 14);
            }
        } finally {
            g.dispose();
        }
        return grid;
    }

    /** The target joints (those with weight &gt; 0) as the skeleton over the tile. */
    private static void drawSkeleton(BufferedImage tile, PoseSample sample, JointSet jointSet) {
        float[] weight = sample.targetWeight();
        float[] opacity = new float[weight.length];
        for (int j = 0; j < weight.length; j++) {
            opacity[j] = weight[j] > 0 ? 1 : 0;
        }
        SkeletonDrawing.draw(tile, jointSet, sample.joints(), opacity, SKELETON_LINE_WIDTH);
    }

    private static float[] maxOverJoints(float[] target, int joints, int plane) {
        float[] max = new float[plane];
        for (int j = 0; j < joints; j++) {
            for (int i = 0; i < plane; i++) {
                max[i] = Math.max(max[i], target[j * plane + i]);
            }
        }
        return max;
    }

    /** Bilinear lookup with clamped edges. */
    private static float upsampled(float[] map, int w, int h, float x, float y) {
        x = Math.max(0, Math.min(w - 1, x));
        y = Math.max(0, Math.min(h - 1, y));
        int x0 = Math.min((int) x, w - 2);
        int y0 = Math.min((int) y, h - 2);
        float fx = x - x0;
        float fy = y - y0;
        float top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x0 + 1] * fx;
        float bottom = map[(y0 + 1) * w + x0] * (1 - fx) + map[(y0 + 1) * w + x0 + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    /** Black-red-yellow-white ramp for t in [0, 1]. */
    private static int[] heatColor(float t) {
        float v = Math.max(0, Math.min(1, t)) * 3;
        return new int[] {
            Math.round(255 * Math.min(1, v)), Math.round(255 * Math.max(0, Math.min(1, v - 1))),
            Math.round(255 * Math.max(0, Math.min(1, v - 2)))};
    }

    private static int blend(float base, int overlay, float alpha) {
        float v = base * (1 - alpha) + overlay * alpha;
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
