package org.okdhp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchNamed;
import org.okdhp.core.weights.TorchParameters;

/**
 * The part of a multi-branch network every branch shares, from the images to the features the
 * branches start from: the stacked hourglass's stem and shared stacks ({@link HourglassTrunk}), or a
 * backbone. Its blocks are the network's children, so that the network's parameters keep one
 * order; pruning keeps the whole trunk.
 */
public interface Trunk extends TorchNamed {

    /** The trunk's blocks in forward order, under the names the network gives its children. */
    PairList<String, Block> blocks();

    /** Runs the trunk on images [B, 3, H, W]. */
    TrunkOutput run(ParameterStore ps, NDArray images, boolean training);

    /** How many heatmaps the trunk adds to the network's outputs, before every branch's. */
    int heatmapCount();

    /** Initialises the trunk's blocks for images of {@code input}; returns the shape of both its features. */
    Shape initialize(NDManager manager, DataType dataType, Shape input);

    /** Adds its parameters under the names they have in the network a branch is pruned to. */
    void collectDeployedParameters(TorchParameters into);

    /**
     * The trunk in inference as ONNX nodes on {@code images}, under the deployed network's names;
     * returns the features the branches start from.
     */
    String deployedToOnnx(OnnxGraph graph, String images);
}
