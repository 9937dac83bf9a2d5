package org.okdhp.data.eval;

/**
 * Object keypoint similarity (OKS), COCO's analogue of box IoU for keypoints:
 * mean over keypoints of exp(-d^2 / (2 s^2 (2 sigma)^2)) with s^2 the object's area. Keypoints are
 * flattened K x {x, y, v-or-score} in px; the constants are COCO's 17 person keypoints.
 */
public final class ObjectKeypointSimilarity {

    /** Per-keypoint standard deviations of human labels, COCO order (pycocotools' {@code sigmas}). */
    private static final double[] SIGMAS = {.26 / 10.0, .25 / 10.0, .25 / 10.0, .35 / 10.0, .35 / 10.0,
            .79 / 10.0, .79 / 10.0, .72 / 10.0, .72 / 10.0, .62 / 10.0, .62 / 10.0, 1.07 / 10.0, 1.07 / 10.0,
            .87 / 10.0, .87 / 10.0, .89 / 10.0, .89 / 10.0};
    /** pycocotools' {@code np.spacing(1)}: keeps a zero area from dividing by zero. */
    static final double EPSILON = Math.ulp(1.0);
    private static final int VALUES_PER_KEYPOINT = 3;

    public static final int KEYPOINTS = SIGMAS.length;

    private ObjectKeypointSimilarity() {}

    /**
     * COCOeval's {@code computeOks} for one ground truth and one detection. Only keypoints the
     * ground truth labels (v > 0) count; when it labels none, each detected keypoint's distance is
     * measured to a box twice the ground-truth box's size around it (zero inside).
     *
     * @param truthBox the ground truth's {x, y, width, height}
     * @param truthArea the ground truth's area, px^2
     */
    public static double againstTruth(double[] truth, double[] truthBox, double truthArea, double[] detection) {
        requireKeypoints(truth);
        requireKeypoints(detection);
        boolean anyLabelled = false;
        for (int k = 0; k < KEYPOINTS; k++) {
            anyLabelled |= truth[k * VALUES_PER_KEYPOINT + 2] > 0;
        }
        double x0 = truthBox[0] - truthBox[2];
        double x1 = truthBox[0] + truthBox[2] * 2;
        double y0 = truthBox[1] - truthBox[3];
        double y1 = truthBox[1] + truthBox[3] * 2;
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < KEYPOINTS; k++) {
            double xd = detection[k * VALUES_PER_KEYPOINT];
            double yd = detection[k * VALUES_PER_KEYPOINT + 1];
            double dx;
            double dy;
            if (anyLabelled) {
                if (!(truth[k * VALUES_PER_KEYPOINT + 2] > 0)) {
                    continue;
                }
                dx = xd - truth[k * VALUES_PER_KEYPOINT];
                dy = yd - truth[k * VALUES_PER_KEYPOINT + 1];
            } else {
                dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
                dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
            }
            sum += Math.exp(-falloff(k, dx, dy, truthArea));
            counted++;
        }
        return sum / counted;
    }

    /**
     * HRNet's {@code oks_iou} between two predicted people, as its OKS-NMS uses it: every keypoint
     * counts and the scale is the mean of the two areas.
     */
    public static double between(double[] a, double areaA, double[] b, double areaB) {
        requireKeypoints(a);
        requireKeypoints(b);
        double area = (areaA + areaB) / 2;
        double sum = 0;
        for (int k = 0; k < KEYPOINTS; k++) {
            double dx = b[k * VALUES_PER_KEYPOINT] - a[k * VALUES_PER_KEYPOINT];
            double dy = b[k * VALUES_PER_KEYPOINT + 1] - a[k * VALUES_PER_KEYPOINT + 1];
            sum += Math.exp(-falloff(k, dx, dy, area));
        }
        return sum / KEYPOINTS;
    }

    /** The exponent d^2 / vars / (area + eps) / 2, evaluated in pycocotools' order. */
    private static double falloff(int keypoint, double dx, double dy, double area) {
        double variance = (SIGMAS[keypoint] * 2) * (SIGMAS[keypoint] * 2);
        return (dx * dx + dy * dy) / variance / (area + EPSILON) / 2;
    }

    static void requireKeypoints(double[] keypoints) {
        if (keypoints.length != KEYPOINTS * VALUES_PER_KEYPOINT) {
            throw new IllegalArgumentException(keypoints.length / VALUES_PER_KEYPOINT
                    + " keypoints, but COCO's OKS is defined for " + KEYPOINTS);
        }
    }
}
