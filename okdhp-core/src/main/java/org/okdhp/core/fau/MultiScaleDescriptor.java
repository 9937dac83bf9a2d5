package org.okdhp.core.fau;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.model.Layers.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.okdhp.core.model.Layers;
import org.okdhp.core.model.OkdhpBlock;
import org.okdhp.core.weights.TorchNamed;
import org.okdhp.core.weights.TorchParameters;

/**
 * The FAU's view of the stem features: k x k conv-BN-ReLU paths for k in {3, 5, 7}, globally
 * averaged to one descriptor per image ([B, D]).
 *
 * <p>Released form: the paths are summed (D = F). Paper form: each path ends in a 1x1 conv, a
 * fourth path is a 3x3 average pool followed by a 1x1 conv, and the paths are concatenated
 * (D = 4F).
 */
final class MultiScaleDescriptor extends OkdhpBlock implements TorchNamed {

    private static final int[] KERNELS = {3, 5, 7};
    private static final Shape POOL_WINDOW = new Shape(3, 3);
    private static final Shape POOL_STRIDE = new Shape(1, 1);
    private static final Shape POOL_PADDING = new Shape(1, 1);

    private final FauVariant variant;
    private final List<Conv2d> convs = new ArrayList<>();
    private final List<BatchNorm> bns = new ArrayList<>();
    /** Paper form only: the 1x1 conv after each path, the last one after the pool path. */
    private final List<Conv2d> projections = new ArrayList<>();

    MultiScaleDescriptor(int features, FauVariant variant) {
        this.variant = variant;
        for (int i = 0; i < KERNELS.length; i++) {
            convs.add(addChildBlock("conv" + KERNELS[i], Layers.conv(features, KERNELS[i], features)));
            bns.add(addChildBlock("bn" + KERNELS[i], Layers.bn()));
        }
        if (variant == FauVariant.PAPER) {
            for (int i = 0; i <= KERNELS.length; i++) {
                projections.add(addChildBlock("project" + i, Layers.conv(features, 1, features)));
            }
        }
    }

    /** The descriptor's length for stem features of width {@code features}. */
    static int width(int features, FauVariant variant) {
        return variant == FauVariant.RELEASED ? features : (KERNELS.length + 1) * features;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList paths = new NDList();
        for (int i = 0; i < KERNELS.length; i++) {
            NDArray path = Layers.convBatchNormRelu(convs.get(i), bns.get(i), ps, x, training);
            paths.add(variant == FauVariant.PAPER ? apply(projections.get(i), ps, path, training) : path);
        }
        NDArray merged;
        if (variant == FauVariant.RELEASED) {
            // Not in place on a path: ReLU's backward needs its output as it was.
            merged = paths.get(0).add(paths.get(1)).addi(paths.get(2));
        } else {
            NDArray pooled = Pool.avgPool2d(x, POOL_WINDOW, POOL_STRIDE, POOL_PADDING, false, true);
            paths.add(apply(projections.get(KERNELS.length), ps, pooled, training));
            merged = NDArrays.concat(paths, 1);
        }
        return new NDList(Pool.globalAvgPool2d(merged));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return new Shape[] {new Shape(in.get(0), width((int) in.get(1), variant))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        for (int i = 0; i < KERNELS.length; i++) {
            init(convs.get(i), manager, dataType, inputs[0]);
            init(bns.get(i), manager, dataType, inputs[0]);
        }
        for (Conv2d projection : projections) {
            init(projection, manager, dataType, inputs[0]);
        }
    }

    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        for (int i = 0; i < KERNELS.length; i++) {
            String path = TorchParameters.join(prefix, "convs." + i);
            into.conv(path + ".0", convs.get(i)).bn(path + ".1", bns.get(i));
            if (variant == FauVariant.PAPER) {
                into.conv(path + ".3", projections.get(i));
            }
        }
        if (variant == FauVariant.PAPER) {
            into.conv(TorchParameters.join(prefix, "pool_conv"), projections.get(KERNELS.length));
        }
    }
}
