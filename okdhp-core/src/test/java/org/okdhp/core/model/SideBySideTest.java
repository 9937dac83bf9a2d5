package org.okdhp.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.okdhp.core.TinyNetworks;
import org.okdhp.core.prune.BranchPruner;

/**
 * The network executor computes what the plain forward does: branches run side by side, what each
 * block's own forward computes apart, to float32 rounding.
 */
class SideBySideTest {

    private static final int FEATURES = 8;
    private static final int BRANCHES = 3;
    /** Relative to the largest magnitude of the compared array: float32 rounding, amplified a little by BN. */
    private static final double TOLERANCE = 1e-5;

    @Test
    void onlySmallMapsRunSideBySide() {
        assertTrue(SideBySide.pays(new Shape(4, 128, 32, 32)));
        assertTrue(SideBySide.pays(new Shape(4, 128, 16, 64)));
        assertFalse(SideBySide.pays(new Shape(4, 128, 64, 64)));
        assertFalse(SideBySide.pays(new Shape(4, 128, 32, 48)));
    }

    /**
     * Three hourglasses of depth 2 run together by the executor against three identical ones run by
     * their own plain forward, forward and backward in training mode: 64x64 inputs keep the top
     * level apart and run the 32x32 and 16x16 ones side by side; 32x32 inputs run everything side
     * by side.
     */
    @ParameterizedTest
    @CsvSource({"64", "32"})
    void hourglassesTogetherMatchEachApart(int side) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape input = new Shape(2, FEATURES, side, side);
            List<Hourglass> together = hourglasses(m, input);
            List<Hourglass> apart = hourglasses(m, input);
            List<NDArray> xs = new ArrayList<>();
            List<NDArray> upstream = new ArrayList<>();
            for (int g = 0; g < BRANCHES; g++) {
                xs.add(m.randomNormal(input).add(g));
                upstream.add(m.randomNormal(input));
            }
            ParameterStore ps = new ParameterStore(m, false);
            List<NDArray> inTogether = leaves(xs);
            List<NDArray> inApart = leaves(xs);
            List<NDArray> outTogether;
            List<NDArray> outApart = new ArrayList<>();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                outTogether = NetworkExecutor.hourglasses(together, inTogether, ps, true, ActivationLayout.CHANNELS_FIRST);
                collector.backward(weightedSum(outTogether, upstream));
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                for (int g = 0; g < BRANCHES; g++) {
                    outApart.add(apart.get(g).forward(ps, new NDList(inApart.get(g)), true).singletonOrThrow());
                }
                collector.backward(weightedSum(outApart, upstream));
            }
            for (int g = 0; g < BRANCHES; g++) {
                assertEquals(input, outTogether.get(g).getShape());
                assertClose(outApart.get(g), outTogether.get(g), "output of branch " + g);
                assertClose(inApart.get(g).getGradient(), inTogether.get(g).getGradient(), "input gradient of branch " + g);
                Map<String, Parameter> a = parameters(apart.get(g));
                Map<String, Parameter> t = parameters(together.get(g));
                assertEquals(a.keySet(), t.keySet());
                // A conv bias that feeds a training-mode BN has a zero gradient in exact arithmetic: what
                // backward computes there is rounding noise, so gradients are judged at the largest one's scale.
                double largestGradient = 0;
                for (Parameter p : a.values()) {
                    if (p.requiresGradient()) {
                        largestGradient = Math.max(largestGradient, p.getArray().getGradient().abs().max().getFloat());
                    }
                }
                for (String name : a.keySet()) {
                    NDArray expected = a.get(name).getArray();
                    NDArray actual = t.get(name).getArray();
                    if (a.get(name).requiresGradient()) {
                        assertClose(expected.getGradient(), actual.getGradient(), "gradient of " + g + "/" + name,
                                largestGradient);
                    } else {
                        assertClose(expected, actual, "running statistic " + g + "/" + name);
                    }
                }
            }
        }
    }

    /**
     * The executor's training forward (branches in step, small maps side by side, each unit's
     * intermediates freed when it returns) against the network's plain forward, on two networks with
     * the same weights: the same outputs, and the same running statistics afterwards. 256x256
     * inputs run the hourglasses' top level apart, 128x128 inputs every level side by side.
     */
    @ParameterizedTest
    @CsvSource({"256", "128"})
    void executorMatchesThePlainForward(int side) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape input = new Shape(2, 3, side, side);
            OkdhpNetwork.Builder builder = OkdhpNetwork.builder().features(FEATURES).joints(4).sharedStacks(1)
                    .branches(1, 2, 3).hourglassDepth(2).layout(ActivationLayout.CHANNELS_FIRST);
            OkdhpNetwork executed = TinyNetworks.initialised(builder, m, input, 11);
            OkdhpNetwork plain = TinyNetworks.initialised(builder, m, input, 11);
            NDArray x = TinyNetworks.image(m, input);
            ParameterStore ps = new ParameterStore(m, false);
            NDList executedOut = executed.forward(ps, new NDList(x), true);
            NDList plainOut = plain.plainForward(ps, x, true);
            assertEquals(plainOut.size(), executedOut.size());
            for (int i = 0; i < plainOut.size(); i++) {
                assertClose(plainOut.get(i), executedOut.get(i), "output " + i);
            }
            Map<String, Parameter> afterPlain = plain.okdhpParameters().asMap();
            for (Map.Entry<String, Parameter> entry : executed.okdhpParameters().asMap().entrySet()) {
                if (entry.getKey().contains("running")) {
                    assertClose(afterPlain.get(entry.getKey()).getArray(), entry.getValue().getArray(), entry.getKey());
                }
            }
        }
    }

    /**
     * The network in training (branches in step, inner levels side by side) against each branch's
     * pruned network, which runs alone: same heatmaps, and the same running statistics afterwards.
     * Unbalanced branches, so that later stacks run in smaller groups.
     */
    @Test
    void trainingMatchesEachBranchPrunedAndRunAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape input = new Shape(2, 3, 128, 256); // 32x64 maps: the top level apart, the rest side by side
            OkdhpNetwork net = TinyNetworks.initialised(OkdhpNetwork.builder().features(FEATURES).joints(4)
                    .sharedStacks(1).branches(1, 2, 3).layout(ActivationLayout.CHANNELS_FIRST), m, input, 5);
            TinyNetworks.warmRunningStatistics(net, m, input);
            List<OkdhpNetwork> pruned = new ArrayList<>();
            for (int b = 0; b < BRANCHES; b++) {
                pruned.add(BranchPruner.prune(net, b, m));
            }
            NDArray x = TinyNetworks.image(m, input);
            OkdhpOutput out = net.run(new ParameterStore(m, false), x, true);
            for (int b = 0; b < BRANCHES; b++) {
                NDList alone = pruned.get(b).forward(new ParameterStore(m, false), new NDList(x), true);
                for (int k = 0; k < alone.size(); k++) {
                    assertClose(alone.get(k), out.heatmap(heatmapIndex(net, b, k)), "branch " + b + " stack " + k);
                }
                Map<String, Parameter> afterAlone = pruned.get(b).deployedParameters().asMap();
                for (Map.Entry<String, Parameter> entry : net.deployedParameters(b).asMap().entrySet()) {
                    String name = entry.getKey();
                    if (name.contains("running") && name.startsWith("hg.")) {
                        assertClose(afterAlone.get(name).getArray(), entry.getValue().getArray(), "branch " + b + " " + name);
                    }
                }
            }
        }
    }

    /** Where heatmap k of branch b's chain (shared stacks first) is in the network's output. */
    private static int heatmapIndex(OkdhpNetwork net, int branch, int k) {
        OkdhpArchitecture a = net.architecture();
        if (k < a.sharedStacks()) {
            return k;
        }
        int index = a.sharedStacks();
        for (int b = 0; b < branch; b++) {
            index += a.branches().get(b);
        }
        return index + k - a.sharedStacks();
    }

    private static List<Hourglass> hourglasses(NDManager m, Shape input) {
        Engine.getInstance().setRandomSeed(11);
        List<Hourglass> group = new ArrayList<>();
        for (int g = 0; g < BRANCHES; g++) {
            Hourglass h = Hourglass.of(2, FEATURES);
            h.initialize(m, DataType.FLOAT32, input);
            group.add(h);
        }
        return group;
    }

    private static List<NDArray> leaves(List<NDArray> values) {
        List<NDArray> leaves = new ArrayList<>();
        for (NDArray v : values) {
            NDArray leaf = v.duplicate();
            leaf.setRequiresGradient(true);
            leaves.add(leaf);
        }
        return leaves;
    }

    private static NDArray weightedSum(List<NDArray> outputs, List<NDArray> weights) {
        NDArray total = outputs.get(0).mul(weights.get(0)).sum();
        for (int g = 1; g < outputs.size(); g++) {
            total = total.add(outputs.get(g).mul(weights.get(g)).sum());
        }
        return total;
    }

    private static Map<String, Parameter> parameters(Hourglass h) {
        return org.okdhp.core.weights.TorchParameters.of(h, "hg").asMap();
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        assertClose(expected, actual, what, 1e-6);
    }

    /** As above, with errors judged against at least {@code floor}, where the values are rounding noise. */
    private static void assertClose(NDArray expected, NDArray actual, String what, double floor) {
        assertEquals(expected.getShape(), actual.getShape(), what);
        double scale = expected.abs().max().getFloat();
        double error = expected.sub(actual).abs().max().getFloat();
        assertTrue(error <= TOLERANCE * Math.max(scale, floor), what + ": max difference " + error + " at scale " + scale);
    }
}
