package org.okdhp.data.synthetic;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.image.ImageSize;

/**
 * A four-legged figure seen from the side, with its own 12-keypoint set: the non-human synthetic
 * data that exercises custom keypoint sets end to end. A figure facing right shows its left legs
 * in front (drawn lighter, over the body) and its right legs behind (darker, under it); one facing
 * left is the mirror image with left and right swapped, exactly what a horizontal flip with the
 * set's flip pairs produces. Lengths are fractions of the body length (withers to tail base).
 *
 * @param joints [12][2] keypoints in image px, in {@link #KEYPOINTS} order
 * @param bodyWidthPx the body's stroke width, px (the box is padded by half of it)
 */
public record QuadrupedFigure(float[][] joints, double bodyWidthPx, Color coat) {

    static final int NOSE = 0, WITHERS = 1, TAIL_BASE = 2, TAIL_TIP = 3, FRONT_LEFT_KNEE = 4, FRONT_LEFT_PAW = 5,
            FRONT_RIGHT_KNEE = 6, FRONT_RIGHT_PAW = 7, BACK_LEFT_KNEE = 8, BACK_LEFT_PAW = 9, BACK_RIGHT_KNEE = 10,
            BACK_RIGHT_PAW = 11;

    /**
     * The set: names, left/right leg pairs, bones, and OKS sigmas in the range of COCO's (small for
     * the nose and paws, larger for the withers and tail base, which are harder to place).
     */
    public static final JointSet KEYPOINTS = new JointSet("quadruped",
            List.of("nose", "withers", "tail_base", "tail_tip", "front_left_knee", "front_left_paw", "front_right_knee",
                    "front_right_paw", "back_left_knee", "back_left_paw", "back_right_knee", "back_right_paw"),
            new int[][] {{FRONT_LEFT_KNEE, FRONT_RIGHT_KNEE}, {FRONT_LEFT_PAW, FRONT_RIGHT_PAW},
                    {BACK_LEFT_KNEE, BACK_RIGHT_KNEE}, {BACK_LEFT_PAW, BACK_RIGHT_PAW}},
            new int[][] {{NOSE, WITHERS}, {WITHERS, TAIL_BASE}, {TAIL_BASE, TAIL_TIP}, {WITHERS, FRONT_LEFT_KNEE},
                    {FRONT_LEFT_KNEE, FRONT_LEFT_PAW}, {WITHERS, FRONT_RIGHT_KNEE}, {FRONT_RIGHT_KNEE, FRONT_RIGHT_PAW},
                    {TAIL_BASE, BACK_LEFT_KNEE}, {BACK_LEFT_KNEE, BACK_LEFT_PAW}, {TAIL_BASE, BACK_RIGHT_KNEE},
                    {BACK_RIGHT_KNEE, BACK_RIGHT_PAW}},
            List.of(0.026, 0.079, 0.079, 0.062, 0.072, 0.062, 0.072, 0.062, 0.072, 0.062, 0.072, 0.062),
            Collections.nCopies(12, 1.0));

    // Shape, in body lengths.
    private static final double NECK = 0.55, TAIL = 0.45, UPPER_LEG = 0.32, LOWER_LEG = 0.32;
    private static final double BODY_WIDTH = 0.34, LEG_WIDTH = 0.09, HEAD_DIAMETER = 0.22, LEG_DROP = 0.08;
    /** Near legs stand a little ahead of far ones, as seen slightly from the front. */
    private static final double NEAR_LEG_SHIFT = 0.05;
    // Angles, degrees: the neck above the horizontal, the tail below it, legs from the vertical.
    private static final double NECK_MIN = 10, NECK_MAX = 65, TAIL_MIN = -20, TAIL_MAX = 80;
    private static final double THIGH_SWING = 30, SHIN_SWING = 25, TILT_MAX = 15;
    /** The figure's extent (longer side of its keypoint box) as a fraction of the shorter image side. */
    private static final double EXTENT_MIN = 0.45, EXTENT_MAX = 0.75;
    /** Shades of the coat for the far legs and the near ones. */
    private static final float FAR_SHADE = 0.6f, NEAR_SHADE = 1.15f;

    public QuadrupedFigure {
        joints = Arrays.stream(joints).map(float[]::clone).toArray(float[][]::new);
    }

    @Override
    public float[][] joints() {
        return Arrays.stream(joints).map(float[]::clone).toArray(float[][]::new);
    }

    /** Draws a random figure's pose and places it wholly inside an image of {@code size}. */
    public static QuadrupedFigure sample(RandomGenerator random, ImageSize size) {
        double[][] body = new double[KEYPOINTS.size()][];
        body[WITHERS] = new double[] {0.5, 0};
        body[TAIL_BASE] = new double[] {-0.5, 0};
        body[NOSE] = polar(body[WITHERS], NECK, -uniform(random, NECK_MIN, NECK_MAX));
        body[TAIL_TIP] = polar(body[TAIL_BASE], TAIL, 180 - uniform(random, TAIL_MIN, TAIL_MAX));
        leg(random, body, WITHERS, FRONT_LEFT_KNEE, FRONT_LEFT_PAW, NEAR_LEG_SHIFT);
        leg(random, body, WITHERS, FRONT_RIGHT_KNEE, FRONT_RIGHT_PAW, 0);
        leg(random, body, TAIL_BASE, BACK_LEFT_KNEE, BACK_LEFT_PAW, NEAR_LEG_SHIFT);
        leg(random, body, TAIL_BASE, BACK_RIGHT_KNEE, BACK_RIGHT_PAW, 0);
        if (random.nextBoolean()) {
            body = mirrored(body);
        }
        double tilt = Math.toRadians(uniform(random, -TILT_MAX, TILT_MAX));
        double[] bounds = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] point : body) {
            double x = point[0] * Math.cos(tilt) - point[1] * Math.sin(tilt);
            double y = point[0] * Math.sin(tilt) + point[1] * Math.cos(tilt);
            point[0] = x;
            point[1] = y;
            bounds[0] = Math.min(bounds[0], x);
            bounds[1] = Math.min(bounds[1], y);
            bounds[2] = Math.max(bounds[2], x);
            bounds[3] = Math.max(bounds[3], y);
        }
        double extent = Math.max(bounds[2] - bounds[0], bounds[3] - bounds[1]) + BODY_WIDTH;
        double pxPerLength = uniform(random, EXTENT_MIN, EXTENT_MAX) * Math.min(size.height(), size.width()) / extent;
        double margin = BODY_WIDTH / 2 * pxPerLength;
        double left = margin - bounds[0] * pxPerLength;
        double top = margin - bounds[1] * pxPerLength;
        double freeX = size.width() - 2 * margin - (bounds[2] - bounds[0]) * pxPerLength;
        double freeY = size.height() - 2 * margin - (bounds[3] - bounds[1]) * pxPerLength;
        double shiftX = left + random.nextDouble() * Math.max(0, freeX);
        double shiftY = top + random.nextDouble() * Math.max(0, freeY);
        float[][] joints = new float[body.length][2];
        for (int k = 0; k < body.length; k++) {
            joints[k][0] = (float) (body[k][0] * pxPerLength + shiftX);
            joints[k][1] = (float) (body[k][1] * pxPerLength + shiftY);
        }
        Color coat = Color.getHSBColor(random.nextFloat(), 0.5f + 0.5f * random.nextFloat(), 0.45f + 0.4f * random.nextFloat());
        return new QuadrupedFigure(joints, BODY_WIDTH * pxPerLength, coat);
    }

    /** The figure over cluttered background, far legs first and near legs last. */
    public BufferedImage render(ImageSize size, RandomGenerator random) {
        BufferedImage image = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        ClutterPainter.paint(g, size.width(), size.height(), random);
        // The near side is the left one when the nose is to the right of the withers.
        boolean facingRight = joints[NOSE][0] >= joints[WITHERS][0];
        int[] far = facingRight ? new int[] {FRONT_RIGHT_KNEE, FRONT_RIGHT_PAW, BACK_RIGHT_KNEE, BACK_RIGHT_PAW}
                : new int[] {FRONT_LEFT_KNEE, FRONT_LEFT_PAW, BACK_LEFT_KNEE, BACK_LEFT_PAW};
        int[] near = facingRight ? new int[] {FRONT_LEFT_KNEE, FRONT_LEFT_PAW, BACK_LEFT_KNEE, BACK_LEFT_PAW}
                : new int[] {FRONT_RIGHT_KNEE, FRONT_RIGHT_PAW, BACK_RIGHT_KNEE, BACK_RIGHT_PAW};
        double legWidth = bodyWidthPx / BODY_WIDTH * LEG_WIDTH;
        drawLegs(g, far, shade(FAR_SHADE), legWidth);
        line(g, TAIL_BASE, TAIL_TIP, legWidth * 0.8, coat);
        line(g, TAIL_BASE, WITHERS, bodyWidthPx, coat);
        line(g, WITHERS, NOSE, legWidth * 1.5, coat);
        double head = bodyWidthPx / BODY_WIDTH * HEAD_DIAMETER;
        g.setColor(coat);
        g.fill(new Ellipse2D.Double(joints[NOSE][0] - head / 2, joints[NOSE][1] - head / 2, head, head));
        drawLegs(g, near, shade(NEAR_SHADE), legWidth);
        g.dispose();
        return image;
    }

    /** {x, y, width, height} of the keypoints padded by half the body width, clipped to the image, px. */
    public double[] box(ImageSize size) {
        double pad = bodyWidthPx / 2;
        double x1 = Double.MAX_VALUE, y1 = Double.MAX_VALUE, x2 = -Double.MAX_VALUE, y2 = -Double.MAX_VALUE;
        for (float[] joint : joints) {
            x1 = Math.min(x1, joint[0] - pad);
            y1 = Math.min(y1, joint[1] - pad);
            x2 = Math.max(x2, joint[0] + pad);
            y2 = Math.max(y2, joint[1] + pad);
        }
        x1 = Math.max(0, x1);
        y1 = Math.max(0, y1);
        x2 = Math.min(size.width() - 1, x2);
        y2 = Math.min(size.height() - 1, y2);
        return new double[] {x1, y1, x2 - x1, y2 - y1};
    }

    private void drawLegs(Graphics2D g, int[] kneesAndPaws, Color color, double width) {
        for (int i = 0; i < kneesAndPaws.length; i += 2) {
            int hip = kneesAndPaws[i] < BACK_LEFT_KNEE ? WITHERS : TAIL_BASE;
            line(g, hip, kneesAndPaws[i], width, color);
            line(g, kneesAndPaws[i], kneesAndPaws[i + 1], width, color);
        }
    }

    private void line(Graphics2D g, int from, int to, double width, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(joints[from][0], joints[from][1], joints[to][0], joints[to][1]));
    }

    private Color shade(float factor) {
        return new Color(Math.min(255, Math.round(coat.getRed() * factor)),
                Math.min(255, Math.round(coat.getGreen() * factor)), Math.min(255, Math.round(coat.getBlue() * factor)));
    }

    /** A leg hanging from {@code hip}: thigh and shin each swung about the vertical (y grows downwards). */
    private static void leg(RandomGenerator random, double[][] body, int hip, int knee, int paw, double shift) {
        double[] top = {body[hip][0] + shift, body[hip][1] + LEG_DROP};
        body[knee] = polar(top, UPPER_LEG, 90 + uniform(random, -THIGH_SWING, THIGH_SWING));
        body[paw] = polar(body[knee], LOWER_LEG, 90 + uniform(random, -SHIN_SWING, SHIN_SWING));
    }

    /** The figure turned to face the other way: x mirrored and each left keypoint become its right partner. */
    private static double[][] mirrored(double[][] body) {
        int[] partner = KEYPOINTS.flipPermutation();
        double[][] mirrored = new double[body.length][];
        for (int k = 0; k < body.length; k++) {
            mirrored[partner[k]] = new double[] {-body[k][0], body[k][1]};
        }
        return mirrored;
    }

    private static double[] polar(double[] from, double length, double degrees) {
        double radians = Math.toRadians(degrees);
        return new double[] {from[0] + length * Math.cos(radians), from[1] + length * Math.sin(radians)};
    }

    private static double uniform(RandomGenerator random, double min, double max) {
        return min + (max - min) * random.nextDouble();
    }
}
