package org.okdhp.core.model;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.model.Layers.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchNamed;
import org.okdhp.core.weights.TorchParameters;

/**
 * The recursive hourglass (Newell et al. 2016). Level n: up = R0(x); low = R1(maxpool(x));
 * low = level(n-1, low) if n > 1 else R3(low); low = R2(low); out = up + upsample2x(low).
 * Level n's residuals are {@code hg.(n-1).r} in PyTorch, so the innermost level holds four.
 */
public final class Hourglass extends OkdhpBlock implements TorchNamed {

    /** The residual roles of a level, by their index in PyTorch's {@code hg.(n-1).r}. */
    static final int UP = 0;
    static final int DOWN = 1;
    static final int AFTER = 2;
    static final int INNERMOST = 3;

    private final int depth;
    /** residuals[n - 1][r]: residual r of level n. */
    private final Residual[][] residuals;

    private Hourglass(int depth, int features) {
        if (depth < 1) {
            throw new IllegalArgumentException("hourglass depth must be >= 1, got " + depth);
        }
        this.depth = depth;
        residuals = new Residual[depth][];
        for (int level = 0; level < depth; level++) {
            residuals[level] = new Residual[level == 0 ? 4 : 3];
            for (int r = 0; r < residuals[level].length; r++) {
                residuals[level][r] = addChildBlock("hg" + level + "r" + r, Residual.keeping(features));
            }
        }
    }

    public static Hourglass of(int depth, int features) {
        return new Hourglass(depth, features);
    }

    /** The factor by which the input side must be divisible: one halving per level. */
    public int downsampling() {
        return 1 << depth;
    }

    int depth() {
        return depth;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(level(depth, inputs.singletonOrThrow(), ps, training));
    }

    private NDArray level(int n, NDArray x, ParameterStore ps, boolean training) {
        NDArray up = apply(residual(n, UP), ps, x, training);
        NDArray low = apply(residual(n, DOWN), ps, Layers.maxPool2x2(x), training);
        NDArray inner = n > 1 ? level(n - 1, low, ps, training) : apply(residual(n, INNERMOST), ps, low, training);
        NDArray after = apply(residual(n, AFTER), ps, inner, training);
        return up.add(Layers.upsample2x(after));
    }

    /** This hourglass in inference as ONNX nodes, level by level as {@link #level}; returns its output. */
    public String toOnnx(OnnxGraph graph, String x, String name) {
        return levelToOnnx(graph, depth, x, name);
    }

    private String levelToOnnx(OnnxGraph graph, int n, String x, String name) {
        String up = residual(n, UP).toOnnx(graph, x, residualName(name, n, UP));
        String pooled = OnnxLayers.maxPool2x2(graph, x, levelName(name, n) + ".pool");
        String low = residual(n, DOWN).toOnnx(graph, pooled, residualName(name, n, DOWN));
        String inner = n > 1 ? levelToOnnx(graph, n - 1, low, name)
                : residual(n, INNERMOST).toOnnx(graph, low, residualName(name, n, INNERMOST));
        String after = residual(n, AFTER).toOnnx(graph, inner, residualName(name, n, AFTER));
        String upsampled = OnnxLayers.upsampleNearest2x(graph, after, levelName(name, n) + ".upsample");
        return OnnxLayers.add(graph, up, upsampled, levelName(name, n) + ".sum");
    }

    /** PyTorch's name of level n: {@code prefix.hg.(n-1)}. */
    private static String levelName(String prefix, int level) {
        return prefix + ".hg." + (level - 1);
    }

    private static String residualName(String prefix, int level, int role) {
        return levelName(prefix, level) + "." + role + ".0";
    }

    /** Residual {@code role} of level n (n = depth is the outermost). */
    Residual residual(int level, int role) {
        return residuals[level - 1][role];
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return inputs;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        Shape s = inputs[0];
        for (int n = depth; n >= 1; n--) {
            Residual[] r = residuals[n - 1];
            init(r[UP], manager, dataType, s);
            s = new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2);
            init(r[DOWN], manager, dataType, s);
            init(r[AFTER], manager, dataType, s);
            if (n == 1) {
                init(r[INNERMOST], manager, dataType, s);
            }
        }
    }

    @Override
    public void collectTorchParameters(String prefix, TorchParameters into) {
        for (int level = 0; level < depth; level++) {
            for (int r = 0; r < residuals[level].length; r++) {
                into.child(residualName(prefix, level + 1, r), residuals[level][r]);
            }
        }
    }
}
