package org.okdhp.train.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.okdhp.core.loss.OkdhpLoss;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.weights.StateDictNpz;
import org.okdhp.train.loop.StepLosses;
import org.okdhp.train.loop.TrainingStep;

/**
 * One Adam step (lr 2.5e-4, total loss at epoch 30, training mode) from the reference weights gives
 * the reference loss and the reference updated weights.
 */
class AdamConformanceTest {

    private static final double LOSS_TOLERANCE = 1e-5;
    private static final double WEIGHT_TOLERANCE = 1e-3;
    private static final int EPOCH = 30;

    @Test
    void oneStepMatchesPyTorch() throws Exception {
        Path file = Path.of(System.getProperty("okdhp.shared", "../shared"), "conformance/okdhp_f64_s2_b222.npz");
        Assumptions.assumeTrue(Files.exists(file), file + " is absent, skipping");
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> ref = StateDictNpz.read(file, manager);
            NDArray x = ref.get("x");
            OkdhpNetwork net = OkdhpNetwork.builder().features(64).joints(16).sharedStacks(2).branches(2, 2, 2).build();
            net.initialize(manager, DataType.FLOAT32, x.getShape());
            StateDictNpz.load(net.okdhpParameters(), ref, true, file.toString());
            try (AdamOptimizer adam = new AdamOptimizer(AdamHyperparameters.defaults(), manager)) {
                TrainingStep step = new TrainingStep(net, OkdhpLoss.standard(), adam, java.util.Optional.empty());
                StepLosses losses = step.run(x, ref.get("target"), ref.get("weight"), EPOCH, 0, manager);
                double expectedLoss = ref.get("step1.loss").toType(DataType.FLOAT64, false).getDouble();
                double lossError = Math.abs(losses.total() - expectedLoss) / expectedLoss;
                assertTrue(lossError <= LOSS_TOLERANCE, "loss " + losses.total() + " vs " + expectedLoss);
                Map<String, Parameter> params = step.parameters();
                for (String name : new String[] {"conv1.weight", "convs.0.0.weight", "fc.weight", "fcs.0.weight",
                        "score_b_2_s_1.weight"}) {
                    NDArray actual = params.get(name).getArray();
                    NDArray expected = ref.get("step1." + name);
                    double error = actual.sub(expected).norm().getFloat() / expected.norm().getFloat();
                    assertTrue(error <= WEIGHT_TOLERANCE, name + ": relative error " + error);
                }
            }
        }
    }
}
