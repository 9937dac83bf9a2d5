package org.okdhp.data.eval;

import java.util.List;
import org.okdhp.data.annotation.JointSet;

/**
 * Object keypoint similarity (OKS), COCO's analogue of box IoU for keypoints:
 * mean over keypoints of exp(-d^2 / (2 s^2 (2 sigma)^2)) with s^2 the object's area, for a keypoint
 * set's per-keypoint sigmas (pycocotools' {@code kpt_oks_sigmas}). Keypoints are flattened
 * K x {x, y, v-or-score} in px.
 */
public final class ObjectKeypointSimilarity {

    /** OKS of COCO's person keypoints, with pycocotools' default sigmas. */
    public static final ObjectKeypointSimilarity COCO_PERSON = of(JointSet.COCO);
    /** pycocotools' {@code np.spacing(1)}: keeps a zero area from dividing by zero. */
    static final double EPSILON = Math.ulp(1.0);
    private static final int VALUES_PER_KEYPOINT = 3;

    private final double[] sigmas;

    /** OKS with these per-keypoint sigmas, in keypoint order; each positive and finite. */
    public ObjectKeypointSimilarity(List<Double> sigmas) {
        if (sigmas.isEmpty() || sigmas.stream().anyMatch(s -> !(s > 0) || !Double.isFinite(s))) {
            throw new IllegalArgumentException("OKS sigmas must be positive finite numbers, got " + sigmas);
        }
        this.sigmas = sigmas.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The OKS of a keypoint set; fails naming what to add when the set's sigmas are unknown. */
    public static ObjectKeypointSimilarity of(JointSet set) {
        if (!set.hasSigmas()) {
            throw new IllegalArgumentException("keypoint set '" + set.name() + "' has no OKS sigmas, which COCO-style AP"
                    + " needs: give them in a keypoint-set file (sigmas: [...], one per keypoint, in keypoint order)");
        }
        return new ObjectKeypointSimilarity(set.sigmas());
    }

    /** The number of keypoints these sigmas are for. */
    public int keypoints() {
        return sigmas.length;
    }

    /**
     * COCOeval's {@code computeOks} for one ground truth and one detection. Only keypoints the
     * ground truth labels (v > 0) count; when it labels none, each detected keypoint's distance is
     * measured to a box twice the ground-truth box's size around it (zero inside).
     *
     * @param truthBox the ground truth's {x, y, width, height}
     * @param truthArea the ground truth's area, px^2
     */
    public double againstTruth(double[] truth, double[] truthBox, double truthArea, double[] detection) {
        requireKeypoints(truth);
        requireKeypoints(detection);
        boolean anyLabelled = false;
        for (int k = 0; k < sigmas.length; k++) {
            anyLabelled |= truth[k * VALUES_PER_KEYPOINT + 2] > 0;
        }
        double x0 = truthBox[0] - truthBox[2];
        double x1 = truthBox[0] + truthBox[2] * 2;
        double y0 = truthBox[1] - truthBox[3];
        double y1 = truthBox[1] + truthBox[3] * 2;
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < sigmas.length; k++) {
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
    public double between(double[] a, double areaA, double[] b, double areaB) {
        requireKeypoints(a);
        requireKeypoints(b);
        double area = (areaA + areaB) / 2;
        double sum = 0;
        for (int k = 0; k < sigmas.length; k++) {
            double dx = b[k * VALUES_PER_KEYPOINT] - a[k * VALUES_PER_KEYPOINT];
            double dy = b[k * VALUES_PER_KEYPOINT + 1] - a[k * VALUES_PER_KEYPOINT + 1];
            sum += Math.exp(-falloff(k, dx, dy, area));
        }
        return sum / sigmas.length;
    }

    /** The exponent d^2 / vars / (area + eps) / 2, evaluated in pycocotools' order. */
    private double falloff(int keypoint, double dx, double dy, double area) {
        double variance = (sigmas[keypoint] * 2) * (sigmas[keypoint] * 2);
        return (dx * dx + dy * dy) / variance / (area + EPSILON) / 2;
    }

    void requireKeypoints(double[] keypoints) {
        if (keypoints.length != sigmas.length * VALUES_PER_KEYPOINT) {
            throw new IllegalArgumentException(keypoints.length / VALUES_PER_KEYPOINT
                    + " keypoints, but this OKS has sigmas for " + sigmas.length);
        }
    }
}
