package org.okdhp.core.model;

import static org.okdhp.core.model.Layers.apply;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * How {@link OkdhpNetwork} runs. The blocks' forwards say what the network computes
 * ({@link OkdhpNetwork#plainForward}); this class alone decides how, to the same values:
 * <ul>
 *   <li>the {@link ActivationLayout}, chosen once: the input is laid out in it, and the
 *       hourglasses' upsample-add takes that layout's fastest kernels;</li>
 *   <li>in training, the branches of a stacked hourglass run in step, stack by stack, so that the
 *       small levels of their hourglasses run side by side ({@link SideBySide}): a faster step,
 *       equal to the branches run apart to float32 rounding;</li>
 *   <li>memory: every unit (the stem, a residual, an hourglass level, the rest of a stack, the FAU)
 *       runs in its own {@link NDScope}, which frees all the unit made but its result when it
 *       returns, and the forward pass as a whole frees all but its outputs. Autograd keeps its own
 *       references to what backward needs, so a step reuses warm memory as PyTorch's reference
 *       counting does, and inference holds one level's intermediates at a time.</li>
 * </ul>
 * Every convolution, grouped ones included, still goes through {@link PaddedConv2d}. A trunk or
 * branch that is not a stacked hourglass's runs as its own forward says.
 */
final class NetworkExecutor {

    private final Trunk trunk;
    private final List<Branch> branches;
    private final FeatureAggregation fau;
    private final ActivationLayout layout;
    private List<Parameter> parameters;

    /** @param fau null for a single branch */
    NetworkExecutor(Trunk trunk, List<Branch> branches, FeatureAggregation fau, ActivationLayout layout) {
        this.trunk = trunk;
        this.branches = List.copyOf(branches);
        this.fau = fau;
        this.layout = layout;
    }

    ActivationLayout layout() {
        return layout;
    }

    /** The network's outputs for {@code images}, as {@link OkdhpNetwork#plainForward} gives them. */
    NDList forward(ParameterStore ps, NDArray images, boolean training) {
        Device device = images.getDevice();
        fetchParameters(ps, device, training);
        Pass pass = new Pass(ps, training, layout.on(device, training));
        return scopedList(() -> network(pass, images));
    }

    /**
     * The hourglasses of G branches (same depth and width), each on its own input, as a training
     * forward runs them: side by side once their maps are small.
     */
    static List<NDArray> hourglasses(List<Hourglass> group, List<NDArray> xs, ParameterStore ps, boolean training,
            ActivationLayout layout) {
        return new Pass(ps, training, layout).hourglasses(group, xs);
    }

    private NDList network(Pass pass, NDArray images) {
        TrunkOutput shared = trunk(pass, pass.layout().arrange(images, pass.training()));
        List<NDList> perBranch = pass.training() && inStep()
                ? branchesInStep(pass, shared.features())
                : branchesApart(pass, shared.features());
        NDList outputs = new NDList(shared.heatmaps());
        NDList finals = new NDList(branches.size());
        for (NDList heatmaps : perBranch) {
            outputs.addAll(heatmaps);
            finals.add(heatmaps.get(heatmaps.size() - 1));
        }
        if (fau != null) {
            NDArray alpha = scoped(() -> fau.attention(pass.ps(), shared.aggregated(), pass.training()));
            outputs.add(scoped(() -> FeatureAggregation.ensemble(alpha, finals)));
            outputs.add(alpha);
        }
        return outputs;
    }

    private TrunkOutput trunk(Pass pass, NDArray images) {
        if (!(trunk instanceof HourglassTrunk hourglass)) {
            return trunk.run(pass.ps(), images, pass.training());
        }
        NDArray s0 = scoped(() -> apply(hourglass.stem(), pass.ps(), images, pass.training()));
        NDList heatmaps = new NDList();
        NDArray x = pass.chain(hourglass.stacks(), s0, heatmaps);
        return new TrunkOutput(s0, x, heatmaps);
    }

    /** Whether the branches can run in step: hourglass branches, more than one. */
    private boolean inStep() {
        return branches.size() > 1 && branches.stream().allMatch(HourglassBranch.class::isInstance);
    }

    private List<NDList> branchesApart(Pass pass, NDArray features) {
        List<NDList> perBranch = new ArrayList<>(branches.size());
        for (Branch branch : branches) {
            NDList heatmaps = new NDList();
            if (branch instanceof HourglassBranch hourglass) {
                pass.chain(hourglass.stacks(), features, heatmaps);
            } else {
                heatmaps.addAll(branch.run(pass.ps(), features, pass.training()));
            }
            perBranch.add(heatmaps);
        }
        return perBranch;
    }

    /** The branches' chains run in step: stack k of every branch that has one, together. */
    private List<NDList> branchesInStep(Pass pass, NDArray features) {
        List<List<Stack>> chains = branches.stream().map(b -> ((HourglassBranch) b).stacks()).toList();
        List<NDList> perBranch = new ArrayList<>();
        List<NDArray> inputs = new ArrayList<>();
        for (int b = 0; b < chains.size(); b++) {
            perBranch.add(new NDList());
            inputs.add(features);
        }
        int longest = chains.stream().mapToInt(List::size).max().orElse(0);
        for (int k = 0; k < longest; k++) {
            int position = k;
            List<Integer> active = IntStream.range(0, chains.size())
                    .filter(b -> position < chains.get(b).size()).boxed().toList();
            List<NDList> outs = pass.stacks(active.stream().map(b -> chains.get(b).get(position)).toList(),
                    active.stream().map(inputs::get).toList());
            for (int i = 0; i < active.size(); i++) {
                NDList out = outs.get(i);
                perBranch.get(active.get(i)).add(out.get(0));
                inputs.set(active.get(i), out.size() > 1 ? out.get(1) : null);
            }
        }
        return perBranch;
    }

    /**
     * A parameter store may copy a parameter to the device on first use; such a copy must outlive
     * the units' scopes, so every parameter is fetched before the first scope opens.
     */
    private void fetchParameters(ParameterStore ps, Device device, boolean training) {
        if (parameters == null) {
            parameters = new ArrayList<>();
            trunk.blocks().forEach(block -> addParameters(block.getValue()));
            branches.forEach(branch -> branch.blocks().forEach(block -> addParameters(block.getValue())));
            if (fau != null) {
                addParameters(fau);
            }
        }
        for (Parameter parameter : parameters) {
            ps.getValue(parameter, device, training);
        }
    }

    private void addParameters(Block block) {
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            parameters.add(parameter.getValue());
        }
    }

    /** Runs {@code unit} in its own scope: all it makes but its result is freed; the result joins the caller's scope. */
    private static NDArray scoped(Supplier<NDArray> unit) {
        NDArray result;
        try (NDScope scope = new NDScope()) {
            result = unit.get();
            NDScope.unregister(result);
        }
        NDScope.register(result);
        return result;
    }

    /** As {@link #scoped} for a unit with several results. */
    private static NDList scopedList(Supplier<NDList> unit) {
        NDList results;
        try (NDScope scope = new NDScope()) {
            results = unit.get();
            NDScope.unregister(results);
        }
        results.forEach(NDScope::register);
        return results;
    }

    /** One forward pass: its parameter store, mode and resolved layout, and how it runs stacks and hourglasses. */
    private record Pass(ParameterStore ps, boolean training, ActivationLayout layout) {

        /** Stacks in sequence, adding their heatmaps; returns the features the last one passes on (or null). */
        NDArray chain(List<Stack> stacks, NDArray input, NDList heatmaps) {
            NDArray x = input;
            for (Stack stack : stacks) {
                NDList out = stacks(List.of(stack), List.of(x)).get(0);
                heatmaps.add(out.get(0));
                x = stack.feedsNext() ? out.get(1) : null;
            }
            return x;
        }

        /** Stacks of several branches, each on its own input: their hourglasses together, then each stack's rest. */
        List<NDList> stacks(List<Stack> group, List<NDArray> xs) {
            List<NDArray> hourglassOutputs = hourglasses(group.stream().map(Stack::hourglass).toList(), xs);
            List<NDList> outs = new ArrayList<>(group.size());
            for (int g = 0; g < group.size(); g++) {
                Stack stack = group.get(g);
                NDArray x = xs.get(g);
                NDArray hourglassOutput = hourglassOutputs.get(g);
                outs.add(scopedList(() -> stack.afterHourglass(ps, x, hourglassOutput, training)));
            }
            return outs;
        }

        List<NDArray> hourglasses(List<Hourglass> group, List<NDArray> xs) {
            int depth = group.get(0).depth();
            if (group.stream().anyMatch(h -> h.depth() != depth) || group.size() != xs.size()) {
                throw new IllegalArgumentException("hourglasses run together need the same depth and one input each");
            }
            return level(group, depth, xs);
        }

        /** Level n of each hourglass on its own input; side by side once the maps are small. */
        private List<NDArray> level(List<Hourglass> group, int n, List<NDArray> xs) {
            if (sideBySide(xs)) {
                return split(levelSideBySide(group, n, SideBySide.join(xs)), group.size());
            }
            return scopedList(() -> {
                List<NDArray> ups = new ArrayList<>(group.size());
                List<NDArray> pooled = new ArrayList<>(group.size());
                for (int g = 0; g < group.size(); g++) {
                    ups.add(residual(group.get(g).residual(n, Hourglass.UP), xs.get(g)));
                    pooled.add(Layers.maxPool2x2(xs.get(g)));
                }
                List<NDArray> afters = lower(group, n, pooled);
                NDList sums = new NDList(group.size());
                for (int g = 0; g < group.size(); g++) {
                    sums.add(layout.addUpsampled2x(ups.get(g), afters.get(g)));
                }
                return sums;
            });
        }

        /** The half-resolution part of level n of each hourglass: down residual, inner levels, after residual. */
        private List<NDArray> lower(List<Hourglass> group, int n, List<NDArray> pooled) {
            if (sideBySide(pooled)) {
                return split(lowerSideBySide(group, n, SideBySide.join(pooled)), group.size());
            }
            List<NDArray> lows = new ArrayList<>(group.size());
            for (int g = 0; g < group.size(); g++) {
                lows.add(residual(group.get(g).residual(n, Hourglass.DOWN), pooled.get(g)));
            }
            List<NDArray> inners = new ArrayList<>(group.size());
            if (n > 1) {
                inners.addAll(level(group, n - 1, lows));
            } else {
                for (int g = 0; g < group.size(); g++) {
                    inners.add(residual(group.get(g).residual(n, Hourglass.INNERMOST), lows.get(g)));
                }
            }
            List<NDArray> afters = new ArrayList<>(group.size());
            for (int g = 0; g < group.size(); g++) {
                afters.add(residual(group.get(g).residual(n, Hourglass.AFTER), inners.get(g)));
            }
            return afters;
        }

        /** Level n of every hourglass, on their inputs side by side. */
        private NDArray levelSideBySide(List<Hourglass> group, int n, NDArray x) {
            return scoped(() -> {
                NDArray up = residualsSideBySide(group, n, Hourglass.UP, x);
                NDArray after = lowerSideBySide(group, n, Layers.maxPool2x2(x));
                return layout.addUpsampled2x(up, after);
            });
        }

        private NDArray lowerSideBySide(List<Hourglass> group, int n, NDArray pooled) {
            NDArray low = residualsSideBySide(group, n, Hourglass.DOWN, pooled);
            NDArray inner = n > 1
                    ? levelSideBySide(group, n - 1, low)
                    : residualsSideBySide(group, n, Hourglass.INNERMOST, low);
            return residualsSideBySide(group, n, Hourglass.AFTER, inner);
        }

        private NDArray residual(Residual residual, NDArray x) {
            return scoped(() -> apply(residual, ps, x, training));
        }

        private NDArray residualsSideBySide(List<Hourglass> group, int n, int role, NDArray x) {
            List<Residual> residuals = group.stream().map(h -> h.residual(n, role)).toList();
            return scoped(() -> SideBySide.residual(residuals, ps, x, training));
        }

        private boolean sideBySide(List<NDArray> xs) {
            return xs.size() > 1 && SideBySide.pays(xs.get(0).getShape());
        }

        private List<NDArray> split(NDArray joined, int branches) {
            return new ArrayList<>(SideBySide.split(joined, branches));
        }
    }
}
