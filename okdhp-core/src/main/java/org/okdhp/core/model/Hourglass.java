package org.okdhp.core.model;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.model.Layers.applyAndRelease;
import static org.okdhp.core.model.Layers.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.okdhp.core.onnx.OnnxGraph;
import org.okdhp.core.weights.TorchNamed;
import org.okdhp.core.weights.TorchParameters;

/**
 * The recursive hourglass (Newell et al. 2016). Level n: up = R0(x); low = R1(maxpool(x));
 * low = level(n-1, low) if n > 1 else R3(low); low = R2(low); out = up + upsample2x(low).
 * Level n's residuals are {@code hg.(n-1).r} in PyTorch, so the innermost level holds four.
 */
public final class Hourglass extends OkdhpBlock implements TorchNamed {

    private static final Shape WINDOW = new Shape(2, 2);
    private static final Shape NO_PADDING = new Shape(0, 0);
    private static final int UP = 0;
    private static final int DOWN = 1;
    private static final int AFTER = 2;
    private static final int INNERMOST = 3;

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

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        List<NDArray> out = forwardTogether(List.of(this), List.of(inputs.singletonOrThrow()), ps, training,
                ActivationLayout.of(params));
        return new NDList(out.get(0));
    }

    /**
     * The hourglasses of G branches (same depth and width) on each branch's input, run in step so
     * that the levels with small maps run side by side ({@link SideBySide}); returns each branch's
     * output, in order. With G = 1 this is the plain hourglass.
     */
    static List<NDArray> forwardTogether(List<Hourglass> group, List<NDArray> xs, ParameterStore ps, boolean training,
            ActivationLayout layout) {
        int depth = group.get(0).depth;
        if (group.stream().anyMatch(h -> h.depth != depth) || group.size() != xs.size()) {
            throw new IllegalArgumentException("hourglasses run together need the same depth and one input each");
        }
        if (sideBySide(xs)) {
            NDArray joined = SideBySide.join(xs);
            NDArray out = levelSideBySide(group, depth, joined, ps, training, layout);
            joined.close();
            return splitAndRelease(out, group.size());
        }
        return levelApart(group, depth, xs, ps, training, layout);
    }

    private static boolean sideBySide(List<NDArray> xs) {
        return xs.size() > 1 && SideBySide.pays(xs.get(0).getShape());
    }

    /** Level n of each hourglass on its own input; its lower levels side by side once their maps are small. */
    private static List<NDArray> levelApart(List<Hourglass> group, int n, List<NDArray> xs, ParameterStore ps,
            boolean training, ActivationLayout layout) {
        List<NDArray> ups = new ArrayList<>(group.size());
        List<NDArray> pooled = new ArrayList<>(group.size());
        for (int g = 0; g < group.size(); g++) {
            ups.add(apply(group.get(g).residual(n, UP), ps, xs.get(g), training));
            pooled.add(Pool.maxPool2d(xs.get(g), WINDOW, WINDOW, NO_PADDING, false));
        }
        List<NDArray> afters;
        if (sideBySide(pooled)) {
            NDArray joined = SideBySide.join(pooled);
            pooled.forEach(NDArray::close);
            NDArray after = lowerSideBySide(group, n, joined, ps, training, layout);
            joined.close();
            afters = splitAndRelease(after, group.size());
        } else {
            List<NDArray> lows = new ArrayList<>(group.size());
            for (int g = 0; g < group.size(); g++) {
                lows.add(applyAndRelease(group.get(g).residual(n, DOWN), ps, pooled.get(g), training));
            }
            List<NDArray> inners = n > 1 ? levelApart(group, n - 1, lows, ps, training, layout) : null;
            afters = new ArrayList<>(group.size());
            for (int g = 0; g < group.size(); g++) {
                Hourglass h = group.get(g);
                NDArray inner = inners != null ? inners.get(g) : apply(h.residual(n, INNERMOST), ps, lows.get(g), training);
                lows.get(g).close();
                afters.add(applyAndRelease(h.residual(n, AFTER), ps, inner, training));
            }
        }
        List<NDArray> merged = new ArrayList<>(group.size());
        for (int g = 0; g < group.size(); g++) {
            merged.add(merge(ups.get(g), afters.get(g), layout));
        }
        return merged;
    }

    /** Level n of every hourglass, on their inputs side by side. */
    private static NDArray levelSideBySide(List<Hourglass> group, int n, NDArray x, ParameterStore ps,
            boolean training, ActivationLayout layout) {
        NDArray up = Residual.forwardSideBySide(at(group, n, UP), ps, x, training);
        NDArray pooled = Pool.maxPool2d(x, WINDOW, WINDOW, NO_PADDING, false);
        NDArray after = lowerSideBySide(group, n, pooled, ps, training, layout);
        pooled.close();
        return merge(up, after, layout);
    }

    /** The half-resolution part of level n side by side: down residual, inner levels, after residual. */
    private static NDArray lowerSideBySide(List<Hourglass> group, int n, NDArray pooled, ParameterStore ps,
            boolean training, ActivationLayout layout) {
        NDArray low = Residual.forwardSideBySide(at(group, n, DOWN), ps, pooled, training);
        NDArray inner = n > 1
                ? levelSideBySide(group, n - 1, low, ps, training, layout)
                : Residual.forwardSideBySide(at(group, n, INNERMOST), ps, low, training);
        low.close();
        NDArray after = Residual.forwardSideBySide(at(group, n, AFTER), ps, inner, training);
        inner.close();
        return after;
    }

    /** up + upsample2x(after); frees what the sum does not return. */
    private static NDArray merge(NDArray up, NDArray after, ActivationLayout layout) {
        NDArray merged = Layers.addUpsampled2x(up, after, layout);
        after.close();
        if (merged != up) {
            up.close();
        }
        return merged;
    }

    /** Each branch's channels of a side-by-side output; the joined handle is freed (the views keep its memory). */
    private static List<NDArray> splitAndRelease(NDArray joined, int branches) {
        NDList parts = SideBySide.split(joined, branches);
        joined.close();
        return new ArrayList<>(parts);
    }

    /** This hourglass in inference as ONNX nodes, level by level as the diagram; returns its output. */
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

    private Residual residual(int level, int role) {
        return residuals[level - 1][role];
    }

    private static List<Residual> at(List<Hourglass> group, int level, int role) {
        return group.stream().map(h -> h.residual(level, role)).toList();
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
