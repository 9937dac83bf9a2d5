package org.okdhp.core.fau;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.model.Layers.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.okdhp.core.model.FeatureAggregation;
import org.okdhp.core.model.Layers;
import org.okdhp.core.model.OkdhpBlock;
import org.okdhp.core.weights.TorchParameters;

/**
 * The Feature Aggregation Unit: from the stem features, per-image attention over the K branches,
 * separately for every joint. descriptor s; z = Linear(D to F/4)(s) (no activation);
 * a_b = Linear(F/4 to J)(z); alpha = softmax over branches, giving [B, K, J].
 */
public final class FeatureAggregationUnit extends OkdhpBlock implements FeatureAggregation {

    private static final int SQUEEZE = 4;

    private final MultiScaleDescriptor descriptor;
    private final Linear fc;
    private final List<Linear> fcs = new ArrayList<>();

    private FeatureAggregationUnit(int features, int joints, int branches, FauVariant variant) {
        if (branches < 2) {
            throw new IllegalArgumentException("an FAU weighs at least 2 branches, got " + branches);
        }
        descriptor = addChildBlock("descriptor", new MultiScaleDescriptor(features, variant));
        int squeezed = features / SQUEEZE;
        fc = addChildBlock("fc", Layers.linear(MultiScaleDescriptor.width(features, variant), squeezed));
        for (int b = 0; b < branches; b++) {
            fcs.add(addChildBlock("fc" + b, Layers.linear(squeezed, joints)));
        }
    }

    public static FeatureAggregationUnit of(int features, int joints, int branches, FauVariant variant) {
        return new FeatureAggregationUnit(features, joints, branches, variant);
    }

    /** Input: stem features [B, F, h, w]. Output: attention alpha [B, K, J], summing to 1 over K. */
    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = apply(fc, ps, apply(descriptor, ps, inputs.singletonOrThrow(), training), training);
        NDList logits = new NDList(fcs.size());
        for (Linear head : fcs) {
            logits.add(apply(head, ps, z, training));
        }
        return new NDList(NDArrays.stack(logits, 1).softmax(1));
    }

    @Override
    public NDArray attention(ParameterStore ps, NDArray stemFeatures, boolean training) {
        return apply(this, ps, stemFeatures, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape head = Layers.outputShape(fcs.get(0), new Shape(inputs[0].get(0), 1));
        return new Shape[] {new Shape(inputs[0].get(0), fcs.size(), head.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape s = init(descriptor, manager, dataType, inputs[0]);
        Shape z = init(fc, manager, dataType, s);
        for (Linear head : fcs) {
            init(head, manager, dataType, z);
        }
    }

    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        into.child(prefix, descriptor).linear(TorchParameters.join(prefix, "fc"), fc);
        for (int b = 0; b < fcs.size(); b++) {
            into.linear(TorchParameters.join(prefix, "fcs." + b), fcs.get(b));
        }
    }
}
