package org.okdhp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchParameters;

/**
 * One branch of a multi-branch network: from the trunk's features to heatmaps, the last of which
 * the branch is judged, weighed and deployed by. The stacked hourglass's branch is a chain of
 * stacks ({@link HourglassBranch}); a light student's is a decoder head. Its blocks are the
 * network's children.
 */
public interface Branch {

    /** The branch's blocks in forward order, under the names the network gives its children. */
    PairList<String, Block> blocks();

    /** Its heatmaps [B, J, h, w] in output order; the last is the branch's final heatmap. */
    NDList run(ParameterStore ps, NDArray trunkFeatures, boolean training);

    /** How many heatmaps {@link #run} returns. */
    int heatmapCount();

    /** Initialises the branch's blocks for trunk features of shape {@code features}. */
    void initialize(NDManager manager, DataType dataType, Shape features);

    /** Adds its parameters under their names in the multi-branch network, as branch {@code branch}. */
    void collectTorchParameters(int branch, TorchParameters into);

    /**
     * Adds its parameters under their names in the network it is pruned to, where {@code trunk}'s
     * own stages (its {@link Trunk#heatmapCount()} stacks) come before it.
     */
    void collectDeployedParameters(Trunk trunk, TorchParameters into);

    /**
     * The branch in inference as ONNX nodes on the trunk's {@code features}, under the names of the
     * network it is pruned to; returns its final heatmap.
     */
    String deployedToOnnx(OnnxGraph graph, String features, Trunk trunk);
}
