package org.okdhp.data.synthetic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.random.RandomGenerator;

/**
 * Background clutter: a colour gradient, then random rectangles, ellipses, polygons and thick
 * lines (some limb-like, so the network must use the figure's structure, not just "thick stroke").
 */
final class ClutterPainter {

    private static final int MIN_SHAPES = 8, MAX_SHAPES = 25;
    /** Shape size as a fraction of the image's longer side. */
    private static final double MIN_SIZE = 0.04, MAX_SIZE = 0.4;
    private static final float MIN_ALPHA = 0.35f;
    private static final float MAX_LINE_WIDTH = 12;

    private ClutterPainter() {
    }

    static void paint(Graphics2D g, int width, int height, RandomGenerator random) {
        g.setPaint(new GradientPaint(
                (float) (random.nextDouble() * width), (float) (random.nextDouble() * height), mutedColor(random, 1f),
                (float) (random.nextDouble() * width), (float) (random.nextDouble() * height), mutedColor(random, 1f)));
        g.fillRect(0, 0, width, height);
        int shapes = MIN_SHAPES + random.nextInt(MAX_SHAPES - MIN_SHAPES + 1);
        int longer = Math.max(width, height);
        for (int i = 0; i < shapes; i++) {
            g.setColor(mutedColor(random, MIN_ALPHA + (1 - MIN_ALPHA) * random.nextFloat()));
            double x = random.nextDouble() * width;
            double y = random.nextDouble() * height;
            double w = size(random, longer);
            double h = size(random, longer);
            switch (random.nextInt(4)) {
                case 0 -> g.fill(new Rectangle2D.Double(x - w / 2, y - h / 2, w, h));
                case 1 -> g.fill(new Ellipse2D.Double(x - w / 2, y - h / 2, w, h));
                case 2 -> g.fill(polygon(random, x, y, w));
                default -> {
                    g.setStroke(new BasicStroke(1 + random.nextFloat() * MAX_LINE_WIDTH, BasicStroke.CAP_ROUND,
                            BasicStroke.JOIN_ROUND));
                    double angle = random.nextDouble() * 2 * Math.PI;
                    g.draw(new Line2D.Double(x, y, x + w * Math.cos(angle), y + w * Math.sin(angle)));
                }
            }
        }
    }

    private static double size(RandomGenerator random, int longer) {
        return (MIN_SIZE + (MAX_SIZE - MIN_SIZE) * random.nextDouble()) * longer;
    }

    private static Polygon polygon(RandomGenerator random, double x, double y, double radius) {
        int corners = 3 + random.nextInt(4);
        Polygon polygon = new Polygon();
        for (int i = 0; i < corners; i++) {
            double angle = 2 * Math.PI * (i + random.nextDouble() * 0.8) / corners;
            double r = radius * (0.4 + 0.6 * random.nextDouble());
            polygon.addPoint((int) Math.round(x + r * Math.cos(angle)), (int) Math.round(y + r * Math.sin(angle)));
        }
        return polygon;
    }

    /** Any hue, moderate saturation, so the background rarely matches the figure's strong colours. */
    private static Color mutedColor(RandomGenerator random, float alpha) {
        Color c = Color.getHSBColor(random.nextFloat(), 0.6f * random.nextFloat(), 0.15f + 0.8f * random.nextFloat());
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.round(alpha * 255));
    }
}
