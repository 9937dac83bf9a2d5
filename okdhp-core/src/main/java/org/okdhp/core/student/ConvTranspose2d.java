package org.okdhp.core.student;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.okdhp.core.model.PaddedConv2d;

/**
 * PyTorch's {@code ConvTranspose2d(in, out, 4, stride=2, padding=1, bias=False)}, weight [in, out,
 * 4, 4] as PyTorch's, computed as one ordinary convolution.
 *
 * <p>Why: DJL's PyTorch engine does not implement transposed convolution ({@code Conv2dTranspose}
 * throws "Not implemented"). Output pixel (2m + r, 2n + c) of this layer sums input pixels
 * (m - 1 + r + j, n - 1 + c + i) for j, i in {0, 1} against kernel taps (3 - r - 2j, 3 - c - 2i):
 * every output phase (r, c) is a 2x2 convolution of the input padded by 1, with the flipped
 * kernel's taps of that parity. So the four phases' kernels, side by side on the output-channel
 * axis ([4 out, in, 2, 2]), run as one convolution ({@link PaddedConv2d}) to [B, 4 out, H+1, W+1];
 * phase (r, c) is its block (r, c) shifted by (r, c), and the phases interleave to [B, out, 2H,
 * 2W]. The same products as the transposed convolution, nothing multiplied by inserted zeros.
 */
public final class ConvTranspose2d extends AbstractBlock {

    public static final int KERNEL = 4;
    public static final int STRIDE = 2;
    public static final int PADDING = 1;
    private static final int PHASE_KERNEL = KERNEL / STRIDE;
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NO_DILATION = new Shape(1, 1);

    private final int filters;
    private final Parameter weight;

    ConvTranspose2d(int filters, float initStd) {
        this.filters = filters;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(initStd)).build());
    }

    Parameter weight() {
        return weight;
    }

    @Override
    protected void prepare(Shape[] inputs) {
        weight.setShape(new Shape(inputs[0].get(1), filters, KERNEL, KERNEL));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(apply(x, ps.getValue(weight, x.getDevice(), training)));
    }

    /**
     * The transposed convolution of {@code x} [B, in, H, W] by {@code w} [in, out, 4, 4] with stride
     * 2 and padding 1, as the class describes: [B, out, 2H, 2W].
     */
    public static NDArray apply(NDArray x, NDArray w) {
        long in = w.getShape().get(0);
        long filters = w.getShape().get(1);
        // Flipped taps 2j + r -> [in, out, j, r, i, c] -> [r, c, out, in, j, i] -> [4 out, in, 2, 2].
        NDArray phaseKernels = w.flip(2, 3)
                .reshape(in, filters, PHASE_KERNEL, STRIDE, PHASE_KERNEL, STRIDE)
                .transpose(3, 5, 1, 0, 2, 4)
                .reshape(STRIDE * STRIDE * filters, in, PHASE_KERNEL, PHASE_KERNEL);
        NDArray y = PaddedConv2d.convolve(x, phaseKernels, null, ONE, ONE, NO_DILATION, 1);
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(2);
        long wd = s.get(3);
        // Blocks of the output-channel axis, then plain slices: both views, so that backward only
        // copies gradients back (a fixed index here would make backward a slow scatter-add).
        NDList phases = y.split(STRIDE * STRIDE, 1);
        NDList rows = new NDList(STRIDE);
        for (int r = 0; r < STRIDE; r++) {
            NDList columns = new NDList(STRIDE);
            for (int c = 0; c < STRIDE; c++) {
                columns.add(phases.get(STRIDE * r + c)
                        .get(new NDIndex().addAllDim(2).addSliceDim(r, r + h).addSliceDim(c, c + wd)));
            }
            rows.add(NDArrays.stack(columns, 4)); // [B, out, H, W, 2]: column phase innermost
        }
        return NDArrays.stack(rows, 3).reshape(b, filters, STRIDE * h, STRIDE * wd);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), filters, STRIDE * s.get(2), STRIDE * s.get(3))};
    }
}
