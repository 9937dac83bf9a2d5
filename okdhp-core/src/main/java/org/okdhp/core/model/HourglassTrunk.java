package org.okdhp.core.model;

import static org.okdhp.core.model.Layers.apply;
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

/**
 * The stacked hourglass's trunk: the stem, then S shared stacks, each of which feeds the next (and
 * the last feeds every branch). The FAU weighs the branches by the stem's output S0.
 */
public final class HourglassTrunk implements Trunk {

    private final Stem stem;
    private final List<Stack> shared = new ArrayList<>();

    private HourglassTrunk(OkdhpArchitecture a) {
        stem = Stem.of(a.features());
        for (int k = 0; k < a.sharedStacks(); k++) {
            shared.add(Stack.feeding(a.hourglassDepth(), a.features(), a.joints()));
        }
    }

    public static HourglassTrunk of(OkdhpArchitecture architecture) {
        return new HourglassTrunk(architecture);
    }

    Stem stem() {
        return stem;
    }

    List<Stack> stacks() {
        return shared;
    }

    @Override
    public PairList<String, Block> blocks() {
        PairList<String, Block> blocks = new PairList<>();
        blocks.add("stem", stem);
        for (int k = 0; k < shared.size(); k++) {
            blocks.add("shared" + k, shared.get(k));
        }
        return blocks;
    }

    @Override
    public TrunkOutput run(ParameterStore ps, NDArray images, boolean training) {
        NDArray s0 = apply(stem, ps, images, training);
        NDArray x = s0;
        NDList heatmaps = new NDList(shared.size());
        for (Stack stack : shared) {
            NDList out = stack.forward(ps, new NDList(x), training);
            heatmaps.add(out.get(0));
            x = out.get(1);
        }
        return new TrunkOutput(s0, x, heatmaps);
    }

    @Override
    public int heatmapCount() {
        return shared.size();
    }

    @Override
    public Shape initialize(NDManager manager, DataType dataType, Shape input) {
        Shape features = init(stem, manager, dataType, input);
        for (Stack stack : shared) {
            init(stack, manager, dataType, features);
        }
        return features;
    }

    /** The authors' OKDHP names: the stem's {@code conv1, bn1, layer1..3}, shared stack k {@code ind_s_k}. */
    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        stem.collectTorchParameters(prefix, into);
        for (int k = 0; k < shared.size(); k++) {
            shared.get(k).collectTorchParameters(StackNames.okdhpShared(k), into);
        }
    }

    /** pytorch-pose {@code HourglassNet} names: the same stem, shared stack k as stack k. */
    @Override
    public void collectDeployedParameters(TorchParameters into) {
        stem.collectTorchParameters("", into);
        for (int k = 0; k < shared.size(); k++) {
            shared.get(k).collectTorchParameters(StackNames.hourglassNet(k), into);
        }
    }

    @Override
    public String deployedToOnnx(OnnxGraph graph, String images) {
        String x = stem.toOnnx(graph, images);
        for (int k = 0; k < shared.size(); k++) {
            x = shared.get(k).toOnnx(graph, x, StackNames.hourglassNet(k)).next();
        }
        return x;
    }
}
