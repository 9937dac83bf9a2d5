package org.okdhp.train.loop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.okdhp.core.loss.OkdhpLoss;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.data.dataset.LoaderConfig;
import org.okdhp.data.dataset.PoseBatch;
import org.okdhp.data.dataset.PoseBatchLoader;
import org.okdhp.data.dataset.TopDownDataset;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.data.TrainingData;
import org.okdhp.train.optim.AdamHyperparameters;
import org.okdhp.train.optim.AdamOptimizer;
import org.okdhp.train.optim.GradientClipping;

class TrainingStepTest {

    private static final int STEPS_CHECKED = 3;
    private static final AdamHyperparameters ADAM = new AdamHyperparameters(1e-3, 0.9, 0.999, 1e-8, 0);
    private static final Shape INPUT = new Shape(1, 3, 64, 64);

    private static TrainingStep newStep(TrainingConfig config, NDManager manager, AdamOptimizer adam,
            Optional<GradientClipping> clipping) {
        OkdhpNetwork net = OkdhpNetwork.of(config.model().architecture());
        net.initialize(manager, DataType.FLOAT32, INPUT);
        return new TrainingStep(net, OkdhpLoss.standard(), adam, clipping);
    }

    /** The first evaluation-mode batch of {@code size} training images, owned by {@code manager}. */
    private static PoseBatch firstBatch(TrainingConfig config, TrainingData data, int size, NDManager manager) {
        try (PoseBatchLoader loader = new PoseBatchLoader(
                TopDownDataset.builder().source(data.train()).config(config.data().topDown()).eval().build(),
                LoaderConfig.evaluation(size).withThreads(0))) {
            return loader.epoch(0, manager).iterator().next();
        }
    }

    @Test
    void aFewStepsLowerTheLossOnSyntheticData() {
        TrainingConfig config = TinyRuns.config(1);
        Engine.getInstance().setRandomSeed(4);
        try (NDManager manager = NDManager.newBaseManager(); AdamOptimizer adam = new AdamOptimizer(ADAM, manager)) {
            TrainingStep step = newStep(config, manager, adam, Optional.of(new GradientClipping(10)));
            PoseBatch batch = firstBatch(config, TinyRuns.synthetic(8, 1), 8, manager);
            double first = step.run(batch.input(), batch.target(), batch.targetWeight(), 0, 0, batch.manager()).total();
            double last = first;
            for (int i = 1; i < 15; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    last = step.run(batch.input(), batch.target(), batch.targetWeight(), 0, i, scope).total();
                }
            }
            assertTrue(last < 0.75 * first, "loss " + first + " -> " + last);
        }
    }

    /**
     * Nothing in the network may be left out of training: each Adam step moves every trainable
     * tensor of the trunk, of every branch and of the FAU, and the training forward updates every
     * BatchNorm running statistic.
     */
    @Test
    void everyStepMovesEveryTrainableTensorAndEveryRunningStatistic() {
        TrainingConfig config = TinyRuns.config(1, "model.branches=1,1,1", "model.features=16");
        Engine.getInstance().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager(); AdamOptimizer adam = new AdamOptimizer(ADAM, manager)) {
            TrainingStep step = newStep(config, manager, adam, Optional.empty());
            PoseBatch batch = firstBatch(config, TinyRuns.synthetic(4, 1), 4, manager);
            // Several steps: the first finds fresh gradient buffers, later ones those it zeroed.
            for (int i = 0; i < STEPS_CHECKED; i++) {
                Map<String, float[]> before = new LinkedHashMap<>();
                step.parameters().forEach((name, p) -> before.put(name, p.getArray().toFloatArray()));
                try (NDManager scope = manager.newSubManager()) {
                    // Epoch 30: the distillation ramp is at full weight, so the KL terms train too.
                    step.run(batch.input(), batch.target(), batch.targetWeight(), 30, i, scope);
                }
                List<String> unmoved = new ArrayList<>();
                step.parameters().forEach((name, p) -> {
                    if (Arrays.equals(before.get(name), p.getArray().toFloatArray())) {
                        unmoved.add(name);
                    }
                });
                assertTrue(unmoved.isEmpty(), "unchanged by step " + i + ": " + unmoved);
            }
            assertTrue(step.parameters().keySet().stream().anyMatch(n -> n.contains("fcs")), "the network has an FAU");
        }
    }
}
