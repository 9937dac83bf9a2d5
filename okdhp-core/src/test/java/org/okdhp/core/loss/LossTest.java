package org.okdhp.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okdhp.core.TinyNetworks;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.model.OkdhpOutput;

class LossTest {

    @Test
    void klIsZeroForIdenticalMapsAndPositiveOtherwise() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray maps = m.randomNormal(new Shape(2, 3, 8, 8));
            NDArray weight = m.ones(new Shape(2, 3));
            NDArray logQ = PixelwiseKl.logDistribution(maps, weight);
            assertEquals(0f, PixelwiseKl.of(logQ, logQ).getFloat(), 1e-7f);
            NDArray other = PixelwiseKl.logDistribution(m.randomNormal(new Shape(2, 3, 8, 8)), weight);
            assertTrue(PixelwiseKl.of(other, logQ).getFloat() > 1e-3f);
        }
    }

    @Test
    void klIsZeroForMaskedJoints() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray student = m.randomNormal(new Shape(2, 3, 8, 8));
            NDArray teacher = m.randomNormal(new Shape(2, 3, 8, 8));
            NDArray masked = m.zeros(new Shape(2, 3));
            float kl = PixelwiseKl.of(PixelwiseKl.logDistribution(student, masked),
                    PixelwiseKl.logDistribution(teacher, masked)).getFloat();
            assertEquals(0f, kl, 1e-7f);
        }
    }

    @Test
    void klMatchesAHandComputedValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            // One map of two pixels: p = softmax(0, ln 3) = (1/4, 3/4), q = (1/2, 1/2).
            NDArray student = m.create(new float[] {0f, (float) Math.log(3)}, new Shape(1, 1, 1, 2));
            NDArray teacher = m.zeros(new Shape(1, 1, 1, 2));
            NDArray w = m.ones(new Shape(1, 1));
            double expected = (0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75)) / 2;
            float kl = PixelwiseKl.of(PixelwiseKl.logDistribution(student, w),
                    PixelwiseKl.logDistribution(teacher, w)).getFloat();
            assertEquals(expected, kl, 1e-7);
        }
    }

    @Test
    void mseWeighsWholeMapsAndHalvesTheMean() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray prediction = m.full(new Shape(1, 2, 2, 2), 3f);
            NDArray target = m.ones(new Shape(1, 2, 2, 2));
            NDArray weight = m.create(new float[] {1f, 0f}, new Shape(1, 2));
            // Joint 0: (3 - 1)^2 = 4 on 4 pixels; joint 1 masked: mean over 8 = 2, halved = 1.
            assertEquals(1f, WeightedMse.of(prediction, target, weight).getFloat(), 1e-7f);
        }
    }

    @Test
    void gradientReachesTheFauThroughTheDistillationTermsAlone() {
        assertTrue(fauGradientNorm(new OkdhpLoss(2.0, 0.0, DistillationRamp.standard())) > 0,
                "KL terms must pull on the FAU (nothing detached)");
        assertEquals(0.0, fauGradientNorm(new OkdhpLoss(0.0, 0.0, DistillationRamp.standard())),
                "without KL and ensemble MSE nothing reaches the FAU");
        assertTrue(fauGradientNorm(new OkdhpLoss(0.0, 1.0, DistillationRamp.standard())) > 0);
    }

    private static double fauGradientNorm(OkdhpLoss loss) {
        Shape input = new Shape(2, 3, 64, 64);
        try (NDManager m = NDManager.newBaseManager()) {
            OkdhpNetwork net = TinyNetworks.initialised(
                    OkdhpNetwork.builder().features(8).joints(3).sharedStacks(1).branches(1, 1), m, input, 7);
            Map<String, Parameter> params = net.okdhpParameters().asMap();
            params.values().stream().filter(Parameter::requiresGradient)
                    .forEach(p -> p.getArray().setRequiresGradient(true));
            NDArray target = m.randomUniform(0, 1, new Shape(2, 3, 16, 16));
            NDArray weight = m.create(new float[] {1, 1, 0, 1, 0, 1}, new Shape(2, 3));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                OkdhpOutput out = net.run(new ParameterStore(m, false), TinyNetworks.image(m, input), true);
                collector.backward(loss.compute(out, target, weight, 100).total());
            }
            double norm = 0;
            for (String name : new String[] {"fc.weight", "fcs.0.weight", "fcs.1.weight", "convs.0.0.weight"}) {
                norm += params.get(name).getArray().getGradient().norm().getFloat();
            }
            return norm;
        }
    }
}
