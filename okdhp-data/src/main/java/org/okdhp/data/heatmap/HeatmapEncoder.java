package org.okdhp.data.heatmap;

/**
 * Gaussian heatmap targets (spec section 5; HRNet's {@code generate_target}, Gaussian type).
 * Each joint at crop position p px becomes a map of {@code heatmapWidth x heatmapHeight} with
 * exp(-d^2 / (2 sigma^2)) around mu = (int) (p / stride + 0.5), cut to the (6 sigma + 1)^2 patch
 * and to the map. Strides are input / heatmap per axis (4 and 4 for 256x256 -> 64x64 and
 * 256x192 -> 64x48). Thread-safe and allocation-free apart from the returned arrays.
 *
 * @param inputWidth network input width, px
 * @param inputHeight network input height, px
 * @param heatmapWidth heatmap width, cells
 * @param heatmapHeight heatmap height, cells
 * @param sigma Gaussian sigma, heatmap cells (2 in the spec)
 */
record HeatmapEncoder(int inputWidth, int inputHeight, int heatmapWidth, int heatmapHeight, double sigma) {

    /** Patch half-size in sigmas: the patch is (6 sigma + 1) wide. */
    private static final double PATCH_RADIUS_SIGMAS = 3;

    public HeatmapEncoder {
        if (inputWidth <= 0 || inputHeight <= 0 || heatmapWidth <= 0 || heatmapHeight <= 0 || sigma <= 0) {
            throw new IllegalArgumentException("sizes and sigma must be positive");
        }
    }

    public double strideX() {
        return (double) inputWidth / heatmapWidth;
    }

    public double strideY() {
        return (double) inputHeight / heatmapHeight;
    }

    /**
     * @param joints [J][2] joint positions in input (crop) px
     * @param visibility [J] 1 labelled, 0 not
     */
    public HeatmapTarget encode(float[][] joints, float[] visibility) {
        float[] heatmaps = new float[joints.length * heatmapWidth * heatmapHeight];
        float[] weights = new float[joints.length];
        encode(joints, visibility, heatmaps, 0, weights, 0);
        return new HeatmapTarget(heatmaps, weights);
    }

    /**
     * Writes into caller-owned arrays (a batch buffer). The heatmap region must hold zeros.
     *
     * @param heatmaps receives [J][h][w] from {@code heatmapOffset}
     * @param weights receives [J] from {@code weightOffset}
     */
    public void encode(float[][] joints, float[] visibility, float[] heatmaps, int heatmapOffset,
            float[] weights, int weightOffset) {
        double radius = PATCH_RADIUS_SIGMAS * sigma;
        double twoSigmaSq = 2 * sigma * sigma;
        int plane = heatmapWidth * heatmapHeight;
        float[] gx = new float[heatmapWidth];
        float[] gy = new float[heatmapHeight];
        for (int j = 0; j < joints.length; j++) {
            weights[weightOffset + j] = 0;
            // A non-finite position (an annotation of 1e39 px overflows float; a rotation then
            // mixes +inf and -inf into NaN) lies off every map, so it gets no map and no weight
            // rather than (int) NaN = 0, a patch in the corner.
            if (visibility[j] <= 0 || !Float.isFinite(joints[j][0]) || !Float.isFinite(joints[j][1])) {
                continue;
            }
            // Java's (int) truncates toward zero like Python's int(), which HRNet uses.
            int muX = (int) (joints[j][0] / strideX() + 0.5);
            int muY = (int) (joints[j][1] / strideY() + 0.5);
            int x0 = Math.max(0, (int) (muX - radius));
            int y0 = Math.max(0, (int) (muY - radius));
            int x1 = Math.min(heatmapWidth, (int) (muX + radius + 1));
            int y1 = Math.min(heatmapHeight, (int) (muY + radius + 1));
            // Patch entirely off the map. (HRNet tests br < 0, which keeps weight 1 with an empty
            // map when br == 0; the spec's "entirely outside" is br <= 0.)
            if (x0 >= x1 || y0 >= y1) {
                continue;
            }
            weights[weightOffset + j] = visibility[j];
            // The Gaussian is separable: exp(-(dx^2 + dy^2) / 2s^2) = exp(-dx^2 / 2s^2) exp(-dy^2 / 2s^2).
            for (int x = x0; x < x1; x++) {
                gx[x] = (float) Math.exp(-(double) (x - muX) * (x - muX) / twoSigmaSq);
            }
            for (int y = y0; y < y1; y++) {
                gy[y] = (float) Math.exp(-(double) (y - muY) * (y - muY) / twoSigmaSq);
            }
            int base = heatmapOffset + j * plane;
            for (int y = y0; y < y1; y++) {
                int row = base + y * heatmapWidth;
                float vy = gy[y];
                for (int x = x0; x < x1; x++) {
                    heatmaps[row + x] = vy * gx[x];
                }
            }
        }
    }
}
