package org.okdhp.train.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.heatmap.DecodedPose;
import org.okdhp.data.heatmap.HeatmapCodec;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.image.RgbImage;
import org.okdhp.data.transform.AffineCrop;
import org.okdhp.data.transform.BilinearWarp;
import org.okdhp.data.transform.CropBox;
import org.okdhp.data.transform.Normalization;

/**
 * A trained model's contract with its pixels: how a person is cropped and normalised into the
 * network input, and how the last stack's heatmaps turn back into named joints in image px
 * (through the model's {@link HeatmapCodec}, with or without the flip test). {@code PoseModel} and
 * {@link PoseTranslator} both go through it, so they give the same joints.
 *
 * @param jointSet names, flip pairs and skeleton of the model's joints
 * @param heatmaps the input and heatmap sizes and the decoding
 * @param normalization how crop pixels become input values
 */
public record PoseCodec(JointSet jointSet, HeatmapCodec heatmaps, Normalization normalization) {

    private static final int CHANNELS = 3;

    public PoseCodec {
        Objects.requireNonNull(jointSet, "jointSet");
        Objects.requireNonNull(heatmaps, "heatmaps");
        Objects.requireNonNull(normalization, "normalization");
    }

    /** The network input, px. */
    public ImageSize inputSize() {
        return heatmaps.inputSize();
    }

    /** The output heatmaps, cells. */
    public ImageSize heatmapSize() {
        return heatmaps.heatmapSize();
    }

    public CropBox cropBox(PersonRegion region) {
        return region.cropBox(heatmaps.aspectRatio());
    }

    /**
     * The network input for {@code boxes} of {@code image}: {@code [N, 3, H, W]}, or with the flip
     * test {@code [2N, 3, H, W]}, the N crops followed by their mirror images.
     */
    public NDArray inputs(NDManager manager, RgbImage image, List<CropBox> boxes, boolean flipTest) {
        int width = inputSize().width();
        int height = inputSize().height();
        int plane = CHANNELS * width * height;
        float[] crops = new float[boxes.size() * plane];
        for (int i = 0; i < boxes.size(); i++) {
            BilinearWarp.toNormalizedChw(image, AffineCrop.imageToCrop(boxes.get(i), width, height), width, height,
                    normalization, crops, i * plane);
        }
        NDArray plain = manager.create(crops, new Shape(boxes.size(), CHANNELS, height, width));
        return flipTest ? NDArrays.concat(new NDList(plain, HeatmapCodec.flipInput(plain)), 0) : plain;
    }

    /**
     * Joints in image px from the final heatmaps of {@link #inputs} ({@code [N or 2N, J, h, w]}).
     * Intermediates attach to {@code maps}' manager: call inside a scope that is closed after.
     */
    public List<Joints> decode(NDArray maps, List<CropBox> boxes, boolean flipTest) {
        Shape expected = new Shape((flipTest ? 2L : 1L) * boxes.size(), jointSet.size(), heatmapSize().height(),
                heatmapSize().width());
        if (!maps.getShape().equals(expected)) {
            throw new IllegalArgumentException("heatmaps " + maps.getShape() + " do not fit " + boxes.size()
                    + " crops of this model" + (flipTest ? " with the flip test" : "") + ", expected " + expected);
        }
        int n = boxes.size();
        List<DecodedPose> poses = flipTest
                ? heatmaps.decode(maps.get("0:{}", n), maps.get("{}:", n), jointSet, boxes)
                : heatmaps.decode(maps, boxes);
        List<Joints> people = new ArrayList<>(n);
        for (DecodedPose pose : poses) {
            people.add(named(pose));
        }
        return people;
    }

    private Joints named(DecodedPose pose) {
        List<Joint> joints = new ArrayList<>(jointSet.size());
        for (int j = 0; j < jointSet.size(); j++) {
            joints.add(new Joint(jointSet.jointNames().get(j), pose.joints()[j][0], pose.joints()[j][1], pose.scores()[j]));
        }
        return new Joints(joints);
    }
}
