package org.okdhp.core.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.okdhp.core.ReferenceVectors.relativeError;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.okdhp.core.ReferenceVectors;
import org.okdhp.core.loss.LossTerms;
import org.okdhp.core.loss.OkdhpLoss;

/** Outputs, running statistics and losses agree with the independent PyTorch reference. */
class ConformanceTest {

    private static final double EVAL_TOLERANCE = 1e-4;
    private static final double TRAIN_TOLERANCE = 1e-3;
    /**
     * Training mode with channels-last activations: libtorch's channels-last batch norm sums its
     * statistics in float32 (see {@link ActivationLayout}); measured 5e-3 at the deepest stack.
     */
    private static final double CHANNELS_LAST_TRAIN_TOLERANCE = 1e-2;
    private static final double LOSS_TOLERANCE = 1e-5;

    private static NDManager manager;
    private static ReferenceVectors ref;

    @BeforeAll
    static void load() throws Exception {
        manager = NDManager.newBaseManager();
        ref = ReferenceVectors.load(manager);
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private static void assertClose(NDArray actual, String key, double tolerance) {
        double error = relativeError(actual, ref.get(key));
        assertTrue(error <= tolerance, key + ": relative error " + error + " > " + tolerance);
    }

    @ParameterizedTest
    @EnumSource(value = ActivationLayout.class, names = {"CHANNELS_FIRST", "CHANNELS_LAST"})
    void inferenceOutputsAndEnsemble(ActivationLayout layout) {
        OkdhpNetwork net = ref.network(layout);
        OkdhpOutput out = net.run(new ParameterStore(manager, false), ref.get("x"), false);
        for (int i = 0; i < out.heatmapCount(); i++) {
            assertClose(out.heatmap(i), "eval_out_" + i, EVAL_TOLERANCE);
        }
        assertClose(out.ensemble(), "eval_ens", EVAL_TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(value = ActivationLayout.class, names = {"CHANNELS_FIRST", "CHANNELS_LAST"})
    void trainingOutputsAndRunningStatistics(ActivationLayout layout) {
        OkdhpNetwork net = ref.network(layout);
        OkdhpOutput out = net.run(new ParameterStore(manager, false), ref.get("x"), true);
        double tolerance = layout == ActivationLayout.CHANNELS_LAST ? CHANNELS_LAST_TRAIN_TOLERANCE : TRAIN_TOLERANCE;
        for (int i = 0; i < out.heatmapCount(); i++) {
            assertClose(out.heatmap(i), "train_out_" + i, tolerance);
        }
        assertClose(out.ensemble(), "train_ens", tolerance);
        var params = net.okdhpParameters().asMap();
        for (String bn : new String[] {"bn1", "convs.0.1"}) {
            for (String stat : new String[] {"running_mean", "running_var"}) {
                assertClose(params.get(bn + "." + stat).getArray(), "after_train." + bn + "." + stat, tolerance);
            }
        }
    }

    @Test
    void everyLossTerm() {
        // Channels-first outputs are bit-identical to the reference's, so this checks the losses
        // alone: a KL of ~2e-5 between nearly equal heatmaps magnifies any rounding in its inputs.
        OkdhpNetwork net = ref.network(ActivationLayout.CHANNELS_FIRST);
        OkdhpOutput out = net.run(new ParameterStore(manager, false), ref.get("x"), false);
        OkdhpLoss loss = OkdhpLoss.standard();
        LossTerms terms = loss.compute(out, ref.get("target"), ref.get("weight"), 0);
        for (int i = 0; i < out.heatmapCount(); i++) {
            assertScalar(terms.mse().get(i), "mse_" + i);
            assertScalar(terms.kl().get(i), "kl_" + i);
        }
        assertScalar(terms.ensembleMse(), "mse_ens");
        for (int epoch : new int[] {0, 45, 90, 120}) {
            assertScalar(loss.compute(out, ref.get("target"), ref.get("weight"), epoch).total(), "total_epoch_" + epoch);
        }
    }

    private static void assertScalar(NDArray actual, String key) {
        double expected = ref.get(key).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        double error = Math.abs(actual.getFloat() - expected) / Math.abs(expected);
        assertTrue(error <= LOSS_TOLERANCE, key + ": " + actual.getFloat() + " vs " + expected + " (relative " + error + ")");
    }
}
