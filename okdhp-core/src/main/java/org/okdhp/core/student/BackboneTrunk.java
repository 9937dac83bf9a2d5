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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.okdhp.core.model.Backbone;
import org.okdhp.core.model.Trunk;
import org.okdhp.core.model.TrunkOutput;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchParameters;

/**
 * A light student's trunk: the ImageNet backbone every head starts from and the FAU weighs the
 * branches by. No heatmaps of its own. Names: {@code backbone.<torchvision name>} in the
 * multi-branch network, the torchvision names alone once pruned (HRNet's PoseResNet).
 */
public final class BackboneTrunk implements Trunk {

    private static final String PREFIX = "backbone";

    private final StudentBackbone backbone;

    private BackboneTrunk(Backbone kind) {
        backbone = StudentBackbone.of(kind);
    }

    public static BackboneTrunk of(Backbone kind) {
        return new BackboneTrunk(kind);
    }

    /** Channels of the features the heads and the FAU start from. */
    public int channels() {
        return backbone.channels();
    }

    @Override
    public PairList<String, Block> blocks() {
        PairList<String, Block> blocks = new PairList<>();
        blocks.add(PREFIX, backbone);
        return blocks;
    }

    @Override
    public TrunkOutput run(ParameterStore ps, NDArray images, boolean training) {
        NDArray features = apply(backbone, ps, images, training);
        return new TrunkOutput(features, features, new NDList());
    }

    @Override
    public int heatmapCount() {
        return 0;
    }

    @Override
    public Shape initialize(NDManager manager, DataType dataType, Shape input) {
        return init(backbone, manager, dataType, input);
    }

    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        backbone.collectTorchParameters(join(prefix, PREFIX), into);
    }

    @Override
    public void collectDeployedParameters(TorchParameters into) {
        backbone.collectTorchParameters("", into);
    }

    /** The backbone's parameters under torchvision's names, as an ImageNet state_dict holds them. */
    public TorchParameters torchvisionParameters() {
        return TorchParameters.of(backbone, "");
    }

    @Override
    public String deployedToOnnx(OnnxGraph graph, String images) {
        return backbone.toOnnx(graph, images);
    }
}
