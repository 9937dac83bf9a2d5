package org.okdhp.data.heatmap;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Objects;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.transform.CropBox;

/**
 * Joints to heatmaps and back (method doc section 5), in one place: the dataset encodes its
 * targets with it, validation and prediction decode with it (with or without the flip test), and
 * an exported model stores it. MMPose calls this a codec.
 *
 * @param inputSize the network input, px
 * @param heatmapSize the heatmaps, cells; input / heatmap is the stride on each axis
 * @param sigma the Gaussian targets' standard deviation, heatmap cells
 * @param decoding how a heatmap becomes a joint position
 */
public record HeatmapCodec(ImageSize inputSize, ImageSize heatmapSize, double sigma, HeatmapDecoding decoding) {

    /** The method's sigma: 2 heatmap cells. */
    public static final double DEFAULT_SIGMA = 2;

    public HeatmapCodec {
        Objects.requireNonNull(inputSize, "inputSize");
        Objects.requireNonNull(heatmapSize, "heatmapSize");
        Objects.requireNonNull(decoding, "decoding");
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        }
    }

    /** This codec decoding the other way. */
    public HeatmapCodec withDecoding(HeatmapDecoding other) {
        return new HeatmapCodec(inputSize, heatmapSize, sigma, other);
    }

    /** The method's codec for these sizes: sigma 2, quarter-offset decoding. */
    public static HeatmapCodec standard(ImageSize inputSize, ImageSize heatmapSize) {
        return new HeatmapCodec(inputSize, heatmapSize, DEFAULT_SIGMA, HeatmapDecoding.QUARTER_OFFSET);
    }

    /** Input width / height, which fixes the shape of every crop. */
    public double aspectRatio() {
        return (double) inputSize.width() / inputSize.height();
    }

    /**
     * The target of one person.
     *
     * @param joints [J][2] joint positions in input (crop) px
     * @param visibility [J] 1 labelled, 0 not
     */
    public HeatmapTarget encode(float[][] joints, float[] visibility) {
        return encoder().encode(joints, visibility);
    }

    /**
     * The same into caller-owned arrays (a batch buffer); the heatmap region must hold zeros.
     *
     * @param heatmaps receives [J][h][w] from {@code heatmapOffset}
     * @param weights receives [J] from {@code weightOffset}
     */
    public void encode(float[][] joints, float[] visibility, float[] heatmaps, int heatmapOffset, float[] weights,
            int weightOffset) {
        encoder().encode(joints, visibility, heatmaps, heatmapOffset, weights, weightOffset);
    }

    private HeatmapEncoder encoder() {
        return new HeatmapEncoder(inputSize.width(), inputSize.height(), heatmapSize.width(), heatmapSize.height(), sigma);
    }

    /** Joints in image px from heatmaps [N, J, h, w] of the N crops {@code boxes} (copied to the host). */
    public List<DecodedPose> decode(NDArray heatmaps, List<CropBox> boxes) {
        return HeatmapDecoder.decode(heatmaps, boxes, decoding);
    }

    /**
     * The same with the flip test: {@code flipped} are the heatmaps of the mirrored crops, merged
     * with the plain ones first ({@link #flipMerge}). Intermediates attach to the heatmaps'
     * manager: call inside a scope that is closed after.
     */
    public List<DecodedPose> decode(NDArray heatmaps, NDArray flipped, JointSet jointSet, List<CropBox> boxes) {
        return decode(flipMerge(heatmaps, flipped, jointSet), boxes);
    }

    /** The network input of the flip test's second pass: {@code [N, C, H, W]} mirrored along W. */
    public static NDArray flipInput(NDArray input) {
        return FlipTest.flipInput(input);
    }

    /** The flip test's average of plain and mirrored heatmaps, {@code [N, J, h, w]}; see {@link FlipTest}. */
    public NDArray flipMerge(NDArray plain, NDArray flipped, JointSet jointSet) {
        return FlipTest.merge(plain, flipped, jointSet);
    }
}
