package org.okdhp.core.model;

import static org.okdhp.core.model.Layers.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchParameters;

/** A branch of the stacked hourglass: n stacks in a chain, the last of which only scores. */
public final class HourglassBranch implements Branch {

    private final List<Stack> stacks = new ArrayList<>();

    private HourglassBranch(int n, int depth, int features, int joints) {
        for (int k = 0; k < n; k++) {
            stacks.add(k < n - 1 ? Stack.feeding(depth, features, joints) : Stack.last(depth, features, joints));
        }
    }

    /** A branch of {@code n} stacks. */
    public static HourglassBranch of(int n, int depth, int features, int joints) {
        return new HourglassBranch(n, depth, features, joints);
    }

    List<Stack> stacks() {
        return stacks;
    }

    @Override
    public PairList<String, Block> blocks() {
        PairList<String, Block> blocks = new PairList<>();
        for (int k = 0; k < stacks.size(); k++) {
            blocks.add("stack" + k, stacks.get(k));
        }
        return blocks;
    }

    @Override
    public NDList run(ParameterStore ps, NDArray trunkFeatures, boolean training) {
        NDArray x = trunkFeatures;
        NDList heatmaps = new NDList(stacks.size());
        for (Stack stack : stacks) {
            NDList out = stack.forward(ps, new NDList(x), training);
            heatmaps.add(out.get(0));
            x = stack.feedsNext() ? out.get(1) : null;
        }
        return heatmaps;
    }

    @Override
    public int heatmapCount() {
        return stacks.size();
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape features) {
        for (Stack stack : stacks) {
            init(stack, manager, dataType, features);
        }
    }

    /** The authors' OKDHP names: stack k of branch b is {@code ind_b_b_s_k}. */
    @Override
    public void collectTorchParameters(int branch, TorchParameters into) {
        for (int k = 0; k < stacks.size(); k++) {
            stacks.get(k).collectTorchParameters(StackNames.okdhpBranch(branch, k), into);
        }
    }

    /** pytorch-pose {@code HourglassNet} names, numbered on from the trunk's shared stacks. */
    @Override
    public void collectDeployedParameters(Trunk trunk, TorchParameters into) {
        for (int k = 0; k < stacks.size(); k++) {
            stacks.get(k).collectTorchParameters(StackNames.hourglassNet(trunk.heatmapCount() + k), into);
        }
    }

    @Override
    public String deployedToOnnx(OnnxGraph graph, String features, Trunk trunk) {
        String x = features;
        String heatmap = null;
        for (int k = 0; k < stacks.size(); k++) {
            Stack.OnnxOutputs out = stacks.get(k).toOnnx(graph, x, StackNames.hourglassNet(trunk.heatmapCount() + k));
            heatmap = out.heatmap();
            x = out.next();
        }
        return heatmap;
    }
}
