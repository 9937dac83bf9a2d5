package org.okdhp.core.student;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.model.Layers.init;
import static org.okdhp.core.weights.TorchParameters.join;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.okdhp.core.fau.FauVariant;
import org.okdhp.core.fau.FeatureAggregationUnit;
import org.okdhp.core.model.FeatureAggregation;
import org.okdhp.core.model.OkdhpBlock;
import org.okdhp.core.weights.TorchParameters;

/**
 * A light student's FAU, on the backbone's output: when that has more than {@value #WIDTH} channels,
 * first {@code reduce} = [conv1x1 (C to 256, no bias), BN, ReLU]; then the FAU on 256 channels.
 */
public final class StudentAggregation extends OkdhpBlock implements FeatureAggregation {

    /** The FAU's width. */
    static final int WIDTH = 256;

    private final ConvBn reduce;
    private final FeatureAggregationUnit fau;

    private StudentAggregation(int channels, int joints, int branches, FauVariant variant) {
        reduce = channels > WIDTH ? addChildBlock("reduce", ConvBn.plain(channels, 1, WIDTH, ConvBn.Act.RELU)) : null;
        fau = addChildBlock("fau", FeatureAggregationUnit.of(WIDTH, joints, branches, variant));
    }

    /** An FAU for backbone features of {@code channels} channels. */
    public static StudentAggregation of(int channels, int joints, int branches, FauVariant variant) {
        return new StudentAggregation(channels, joints, branches, variant);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(fau.attention(ps, reduce == null ? x : apply(reduce, ps, x, training), training));
    }

    @Override
    public NDArray attention(ParameterStore ps, NDArray trunkFeatures, boolean training) {
        return apply(this, ps, trunkFeatures, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return fau.getOutputShapes(new Shape[] {new Shape(in.get(0), WIDTH, in.get(2), in.get(3))});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        init(fau, manager, dataType, reduce == null ? inputs[0] : init(reduce, manager, dataType, inputs[0]));
    }

    /** {@code reduce.{0,1}} and the FAU's {@code convs, fc, fcs} under {@code prefix}. */
    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        if (reduce != null) {
            into.child(join(prefix, "reduce"), reduce);
        }
        fau.collectTorchParameters(prefix, into);
    }
}
