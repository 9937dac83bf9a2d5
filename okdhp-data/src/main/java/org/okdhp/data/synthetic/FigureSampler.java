package org.okdhp.data.synthetic;

import java.awt.Color;
import java.util.random.RandomGenerator;
import org.okdhp.data.synthetic.FigureScene.HeadEllipse;

/**
 * Samples an articulated figure with MPII joint semantics, facing the camera (the person's right
 * on the image left before rotation), then places it in the image. Lengths are fractions of the
 * standing height; joint angles stay within human-like ranges; segments are foreshortened at
 * random as a 3-D pose seen in 2-D would be.
 */
final class FigureSampler {

    // MPII joint indices (spec section 5).
    static final int R_ANKLE = 0, R_KNEE = 1, R_HIP = 2, L_HIP = 3, L_KNEE = 4, L_ANKLE = 5, PELVIS = 6,
            THORAX = 7, UPPER_NECK = 8, HEAD_TOP = 9, R_WRIST = 10, R_ELBOW = 11, R_SHOULDER = 12,
            L_SHOULDER = 13, L_ELBOW = 14, L_WRIST = 15;
    static final int JOINTS = 16;

    // Segment lengths as fractions of the standing height.
    private static final double TORSO = 0.30;
    private static final double NECK = 0.05;
    private static final double HEAD = 0.13;
    private static final double HIP_HALF_WIDTH = 0.085;
    private static final double SHOULDER_HALF_WIDTH = 0.11;
    private static final double SHOULDER_DROP = 0.02;
    private static final double THIGH = 0.24;
    private static final double SHIN = 0.24;
    private static final double UPPER_ARM = 0.17;
    private static final double FOREARM = 0.15;
    private static final double LEG_WIDTH = 0.065;
    private static final double ARM_WIDTH = 0.048;
    /** Head ellipse: across / along. */
    private static final double HEAD_ASPECT = 0.72;

    // Angle limits, degrees.
    private static final double TORSO_LEAN_SD = 10, TORSO_LEAN_MAX = 30;
    private static final double HEAD_TILT_SD = 12, HEAD_TILT_MAX = 35;
    private static final double FIGURE_ROTATION_SD = 15, FIGURE_ROTATION_MAX = 45;
    private static final double THIGH_MIN = -20, THIGH_MAX = 60, THIGH_RAISED_MAX = 110, THIGH_RAISED_P = 0.15;
    private static final double KNEE_MAX = 130, KNEE_STRAIGHT_MAX = 15, KNEE_STRAIGHT_P = 0.5;
    private static final double ARM_MIN = -25, ARM_MAX = 175;
    private static final double ELBOW_MAX = 145;
    private static final double FORESHORTEN_MIN = 0.65;

    /** Figure extent (longer side of its joint box) as a fraction of the shorter image side. */
    private static final double EXTENT_MIN = 0.55, EXTENT_MAX = 0.85;
    /** MPII's box: 1.25 x the person's size (spec section 5's scale *= 1.25). */
    private static final double BOX_PER_EXTENT = 1.25;
    /** How much of a truncated figure lies beyond the image edge. */
    private static final double CUT_MIN = 0.1, CUT_MAX = 0.35;
    /** Occluder size as a fraction of the figure extent, and its offset from the covered joint. */
    private static final double OCCLUDER_MIN = 0.12, OCCLUDER_MAX = 0.26, OCCLUDER_JITTER = 0.3;

    private final SyntheticConfig config;

    FigureSampler(SyntheticConfig config) {
        this.config = config;
    }

    FigureScene sample(RandomGenerator random) {
        double[][] body = pose(random);
        rotate(body, gaussianClip(random, FIGURE_ROTATION_SD, FIGURE_ROTATION_MAX));

        // Scale the unit-height figure so its extent fills the chosen share of the image.
        double[] bounds = bounds(body);
        double extent = Math.max(bounds[2] - bounds[0], bounds[3] - bounds[1]);
        double height = uniform(random, EXTENT_MIN, EXTENT_MAX) * Math.min(config.imageSize().width(), config.imageSize().height())
                / extent;
        double[] shift = placement(random, bounds, height);
        float[][] joints = new float[JOINTS][2];
        for (int j = 0; j < JOINTS; j++) {
            joints[j][0] = (float) (body[j][0] * height + shift[0]);
            joints[j][1] = (float) (body[j][1] * height + shift[1]);
        }
        HeadEllipse head = head(joints);
        double centerX = (bounds[0] + bounds[2]) / 2 * height + shift[0];
        double centerY = (bounds[1] + bounds[3]) / 2 * height + shift[1];
        double scale = BOX_PER_EXTENT * extent * height / 200.0;

        FigureStyle style = style(random, height);
        Occluder occluder = random.nextDouble() < config.occlusionProbability()
                ? occluder(random, joints, extent * height)
                : null;
        float[] visibility = visibility(joints, occluder);
        return new FigureScene(joints, visibility, head, centerX, centerY, scale, style, occluder, random.nextLong());
    }

    /** Joints of a unit-height figure, pelvis at the origin, y down. */
    private static double[][] pose(RandomGenerator random) {
        double[][] p = new double[JOINTS][];
        double lean = gaussianClip(random, TORSO_LEAN_SD, TORSO_LEAN_MAX);
        double[] down = turn(new double[] {0, 1}, lean);
        double[] up = {-down[0], -down[1]};
        double[] lateral = turn(new double[] {1, 0}, lean); // toward the person's left
        p[PELVIS] = new double[] {0, 0};
        p[THORAX] = along(p[PELVIS], up, TORSO);
        double[] neckDir = turn(up, gaussianClip(random, HEAD_TILT_SD, HEAD_TILT_MAX));
        p[UPPER_NECK] = along(p[THORAX], neckDir, NECK);
        p[HEAD_TOP] = along(p[UPPER_NECK], neckDir, HEAD);
        p[R_HIP] = along(p[PELVIS], lateral, -HIP_HALF_WIDTH);
        p[L_HIP] = along(p[PELVIS], lateral, HIP_HALF_WIDTH);
        double[] shoulderBase = along(p[THORAX], down, SHOULDER_DROP);
        p[R_SHOULDER] = along(shoulderBase, lateral, -SHOULDER_HALF_WIDTH);
        p[L_SHOULDER] = along(shoulderBase, lateral, SHOULDER_HALF_WIDTH);
        // Side sign: +1 turns "down" toward the image left (the person's right), -1 toward the left side.
        limb(random, p, R_HIP, R_KNEE, R_ANKLE, down, 1, legAngle(random), KNEE_MAX, THIGH, SHIN, true);
        limb(random, p, L_HIP, L_KNEE, L_ANKLE, down, -1, legAngle(random), KNEE_MAX, THIGH, SHIN, true);
        limb(random, p, R_SHOULDER, R_ELBOW, R_WRIST, down, 1, uniform(random, ARM_MIN, ARM_MAX), ELBOW_MAX,
                UPPER_ARM, FOREARM, false);
        limb(random, p, L_SHOULDER, L_ELBOW, L_WRIST, down, -1, uniform(random, ARM_MIN, ARM_MAX), ELBOW_MAX,
                UPPER_ARM, FOREARM, false);
        return p;
    }

    private static double legAngle(RandomGenerator random) {
        return random.nextDouble() < THIGH_RAISED_P
                ? uniform(random, THIGH_MAX, THIGH_RAISED_MAX)
                : uniform(random, THIGH_MIN, THIGH_MAX);
    }

    /** A two-segment limb from {@code root}: outward angle from "down", then a bend at the middle joint. */
    private static void limb(RandomGenerator random, double[][] p, int root, int middle, int end, double[] down,
            int side, double outwardDegrees, double maxBend, double upperLength, double lowerLength, boolean leg) {
        double[] upperDir = turn(down, side * outwardDegrees);
        double bend = leg && random.nextDouble() < KNEE_STRAIGHT_P
                ? uniform(random, 0, KNEE_STRAIGHT_MAX)
                : uniform(random, 0, maxBend);
        double[] lowerDir = turn(upperDir, (random.nextBoolean() ? 1 : -1) * bend);
        p[middle] = along(p[root], upperDir, upperLength * uniform(random, FORESHORTEN_MIN, 1));
        p[end] = along(p[middle], lowerDir, lowerLength * uniform(random, FORESHORTEN_MIN, 1));
    }

    private static HeadEllipse head(float[][] joints) {
        double dx = joints[HEAD_TOP][0] - joints[UPPER_NECK][0];
        double dy = joints[HEAD_TOP][1] - joints[UPPER_NECK][1];
        double along = Math.hypot(dx, dy) / 2;
        return new HeadEllipse((joints[HEAD_TOP][0] + joints[UPPER_NECK][0]) / 2.0,
                (joints[HEAD_TOP][1] + joints[UPPER_NECK][1]) / 2.0, along, along * HEAD_ASPECT, Math.atan2(dy, dx));
    }

    /** {minX, minY, maxX, maxY} of the joints, widened by the head's half width around the head. */
    private static double[] bounds(double[][] p) {
        double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] q : p) {
            b[0] = Math.min(b[0], q[0]);
            b[1] = Math.min(b[1], q[1]);
            b[2] = Math.max(b[2], q[0]);
            b[3] = Math.max(b[3], q[1]);
        }
        double headHalfWidth = HEAD / 2 * HEAD_ASPECT;
        double cx = (p[HEAD_TOP][0] + p[UPPER_NECK][0]) / 2;
        double cy = (p[HEAD_TOP][1] + p[UPPER_NECK][1]) / 2;
        b[0] = Math.min(b[0], cx - headHalfWidth);
        b[1] = Math.min(b[1], cy - headHalfWidth);
        b[2] = Math.max(b[2], cx + headHalfWidth);
        b[3] = Math.max(b[3], cy + headHalfWidth);
        return b;
    }

    /** Image offset of the scaled figure: inside the image, or cut by one edge when truncated. */
    private double[] placement(RandomGenerator random, double[] bounds, double height) {
        double w = config.imageSize().width();
        double h = config.imageSize().height();
        double minX = bounds[0] * height;
        double minY = bounds[1] * height;
        double bw = (bounds[2] - bounds[0]) * height;
        double bh = (bounds[3] - bounds[1]) * height;
        double x = uniform(random, 0, Math.max(0, w - 1 - bw)) - minX;
        double y = uniform(random, 0, Math.max(0, h - 1 - bh)) - minY;
        if (random.nextDouble() < config.truncationProbability()) {
            double cut = uniform(random, CUT_MIN, CUT_MAX);
            switch (random.nextInt(4)) {
                case 0 -> x = -cut * bw - minX;                  // off the left edge
                case 1 -> x = (w - 1) - (1 - cut) * bw - minX;   // off the right edge
                case 2 -> y = -cut * bh - minY;                  // off the top edge
                default -> y = (h - 1) - (1 - cut) * bh - minY;  // off the bottom edge
            }
        }
        return new double[] {x, y};
    }

    private static FigureStyle style(RandomGenerator random, double height) {
        float warm = (float) uniform(random, -0.03, 0.09);   // red .. orange
        float cool = (float) uniform(random, 0.50, 0.66);    // cyan .. blue
        float saturation = (float) uniform(random, 0.75, 1.0);
        Color torso = Color.getHSBColor((float) random.nextDouble(), (float) uniform(random, 0, 0.3),
                (float) uniform(random, 0.35, 0.85));
        Color skin = Color.getHSBColor((float) uniform(random, 0.04, 0.1), (float) uniform(random, 0.25, 0.6),
                (float) uniform(random, 0.45, 0.95));
        return new FigureStyle(
                Color.getHSBColor(wrap(warm), saturation, 0.62f), Color.getHSBColor(wrap(warm + 0.04f), saturation, 0.95f),
                Color.getHSBColor(cool, saturation, 0.62f), Color.getHSBColor(cool - 0.04f, saturation, 0.95f),
                torso, skin, LEG_WIDTH * height, ARM_WIDTH * height);
    }

    /** Centered on a random limb joint, so that joint is certainly covered. */
    private static Occluder occluder(RandomGenerator random, float[][] joints, double extent) {
        int[] limbJoints = {R_ANKLE, R_KNEE, L_KNEE, L_ANKLE, R_WRIST, R_ELBOW, L_ELBOW, L_WRIST, R_HIP, L_HIP};
        float[] target = joints[limbJoints[random.nextInt(limbJoints.length)]];
        double w = uniform(random, OCCLUDER_MIN, OCCLUDER_MAX) * extent;
        double h = uniform(random, OCCLUDER_MIN, OCCLUDER_MAX) * extent;
        // An offset of at most 0.3 * sqrt(2) * min(w, h) < min(w, h) / 2 keeps the joint inside the
        // circle inscribed in the rectangle or ellipse, whatever the rotation.
        double dx = uniform(random, -OCCLUDER_JITTER, OCCLUDER_JITTER) * Math.min(w, h);
        double dy = uniform(random, -OCCLUDER_JITTER, OCCLUDER_JITTER) * Math.min(w, h);
        Color color = Color.getHSBColor((float) random.nextDouble(), (float) uniform(random, 0, 0.5),
                (float) uniform(random, 0.2, 0.9));
        return new Occluder(target[0] + dx, target[1] + dy, w, h, uniform(random, 0, 180), random.nextBoolean(), color);
    }

    private float[] visibility(float[][] joints, Occluder occluder) {
        java.awt.Shape cover = occluder == null ? null : occluder.shape();
        float[] v = new float[JOINTS];
        for (int j = 0; j < JOINTS; j++) {
            float x = joints[j][0];
            float y = joints[j][1];
            boolean inside = x >= 0 && y >= 0 && x <= config.imageSize().width() - 1 && y <= config.imageSize().height() - 1;
            boolean covered = cover != null && cover.contains(x, y);
            v[j] = inside && !covered ? 1 : 0;
        }
        return v;
    }

    private static void rotate(double[][] p, double degrees) {
        for (int j = 0; j < p.length; j++) {
            p[j] = turn(p[j], degrees);
        }
    }

    /** (x, y) turned by {@code degrees}; in y-down image coordinates positive turns clockwise. */
    static double[] turn(double[] v, double degrees) {
        double r = Math.toRadians(degrees);
        double c = Math.cos(r);
        double s = Math.sin(r);
        return new double[] {v[0] * c - v[1] * s, v[0] * s + v[1] * c};
    }

    private static double[] along(double[] from, double[] dir, double length) {
        return new double[] {from[0] + dir[0] * length, from[1] + dir[1] * length};
    }

    private static double gaussianClip(RandomGenerator random, double sd, double max) {
        return Math.max(-max, Math.min(max, random.nextGaussian() * sd));
    }

    private static double uniform(RandomGenerator random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    private static float wrap(float hue) {
        return hue < 0 ? hue + 1 : hue;
    }
}
