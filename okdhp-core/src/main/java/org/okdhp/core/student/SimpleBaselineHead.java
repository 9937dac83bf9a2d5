package org.okdhp.core.student;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.model.Layers.init;
import static org.okdhp.core.weights.TorchParameters.join;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.okdhp.core.model.Branch;
import org.okdhp.core.model.Layers;
import org.okdhp.core.model.OkdhpBlock;
import org.okdhp.core.model.OnnxLayers;
import org.okdhp.core.model.Trunk;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchParameters;

/**
 * A light student's branch, SimpleBaseline's head (Xiao et al. 2018, HRNet's {@code pose_resnet.py}):
 * {@code deconv_layers} = 3 x [ConvTranspose2d(c, 256, 4, stride 2, padding 1, no bias), BN, ReLU],
 * each doubling the size, then {@code final_layer} = conv1x1(256 to J) with bias: heatmaps at a
 * quarter of the input from backbone features at 1/32. Initialised as HRNet's: weights N(0, 0.001),
 * final bias 0, BN 1/0.
 *
 * <p>The transposed convolutions are {@link ConvTranspose2d}'s (DJL's PyTorch engine has none).
 */
public final class SimpleBaselineHead extends OkdhpBlock implements Branch {

    private static final int DECONV_LAYERS = 3;
    private static final int DECONV_CHANNELS = 256;
    /** HRNet's {@code init_weights}: std of the deconvolution and final weights. */
    private static final float INIT_STD = 0.001f;
    /** In {@code deconv_layers}, layer i's deconvolution is entry 3i and its batch norm 3i + 1 (the ReLU 3i + 2). */
    private static final int ENTRIES_PER_LAYER = 3;

    private final List<ConvTranspose2d> deconvs = new ArrayList<>();
    private final List<BatchNorm> bns = new ArrayList<>();
    private final Conv2d finalLayer;

    private SimpleBaselineHead(int joints) {
        for (int i = 0; i < DECONV_LAYERS; i++) {
            deconvs.add(addChildBlock("deconv" + i, new ConvTranspose2d(DECONV_CHANNELS, INIT_STD)));
            bns.add(addChildBlock("bn" + i, Layers.bn()));
        }
        finalLayer = addChildBlock("final", Layers.conv(DECONV_CHANNELS, 1, joints));
        finalLayer.setInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT);
        finalLayer.setInitializer(new ConstantInitializer(0), Parameter.Type.BIAS);
    }

    /** A head for {@code joints} heatmaps. */
    public static SimpleBaselineHead of(int joints) {
        return new SimpleBaselineHead(joints);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (int i = 0; i < DECONV_LAYERS; i++) {
            x = Layers.batchNormRelu(bns.get(i), ps, apply(deconvs.get(i), ps, x, training), training);
        }
        return new NDList(apply(finalLayer, ps, x, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        for (ConvTranspose2d deconv : deconvs) {
            s = Layers.outputShape(deconv, s);
        }
        return new Shape[] {Layers.outputShape(finalLayer, s)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape s = inputs[0];
        for (int i = 0; i < DECONV_LAYERS; i++) {
            s = init(deconvs.get(i), manager, dataType, s);
            init(bns.get(i), manager, dataType, s);
        }
        init(finalLayer, manager, dataType, s);
    }

    /** HRNet PoseResNet's names under {@code prefix}: {@code deconv_layers.{0,1,3,4,6,7}}, {@code final_layer}. */
    private void collect(String prefix, TorchParameters into) {
        for (int i = 0; i < DECONV_LAYERS; i++) {
            into.weight(join(prefix, "deconv_layers." + ENTRIES_PER_LAYER * i), deconvs.get(i).weight())
                    .bn(join(prefix, "deconv_layers." + (ENTRIES_PER_LAYER * i + 1)), bns.get(i));
        }
        into.conv(join(prefix, "final_layer"), finalLayer);
    }

    // As a Branch: one block, one heatmap.

    @Override
    public PairList<String, Block> blocks() {
        PairList<String, Block> blocks = new PairList<>();
        blocks.add("head", this);
        return blocks;
    }

    @Override
    public NDList run(ParameterStore ps, NDArray trunkFeatures, boolean training) {
        return forward(ps, new NDList(trunkFeatures), training);
    }

    @Override
    public int heatmapCount() {
        return 1;
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape features) {
        init(this, manager, dataType, features);
    }

    /** {@code heads.{b}.deconv_layers.*}, {@code heads.{b}.final_layer.*}. */
    @Override
    public void collectTorchParameters(int branch, TorchParameters into) {
        collect("heads." + branch, into);
    }

    @Override
    public void collectDeployedParameters(Trunk trunk, TorchParameters into) {
        collect("", into);
    }

    @Override
    public String deployedToOnnx(OnnxGraph graph, String features, Trunk trunk) {
        String x = features;
        for (int i = 0; i < DECONV_LAYERS; i++) {
            String name = "deconv_layers." + ENTRIES_PER_LAYER * i;
            x = OnnxLayers.convTranspose(graph, x, deconvs.get(i).weight().getArray(), ConvTranspose2d.STRIDE,
                    ConvTranspose2d.PADDING, name);
            String bn = "deconv_layers." + (ENTRIES_PER_LAYER * i + 1);
            x = OnnxLayers.relu(graph, OnnxLayers.batchNorm(graph, x, bns.get(i), bn), bn + ".relu");
        }
        return OnnxLayers.conv(graph, x, finalLayer, "final_layer");
    }
}
