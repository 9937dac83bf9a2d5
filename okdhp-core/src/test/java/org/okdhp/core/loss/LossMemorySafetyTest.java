package org.okdhp.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.okdhp.core.fau.FauVariant;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.OkdhpOutput;

/**
 * The loss's backward pass must not depend on memory the JVM may already have released. DJL's
 * {@code mul(Number)} and {@code div(Number)} wrap the number in a tensor over a direct buffer
 * (libtorch's from_blob: not owned) and close it at once, while autograd keeps that tensor for the
 * backward pass; once the garbage collector frees the buffer, backward reads whatever took its
 * place: intermittently enormous or NaN gradients. This test frees and overwrites such memory
 * between forward and backward and checks the gradient against its closed form.
 */
class LossMemorySafetyTest {

    private static final int OVERWRITES = 20_000;
    /** Two branches of one stack each, 3 joints: outputs a, b, then the ensemble and alpha. */
    private static final OkdhpArchitecture TWO_SINGLE_STACK_BRANCHES =
            new OkdhpArchitecture(4, 3, 0, List.of(1, 1), 1, FauVariant.RELEASED);

    @Test
    void gradientsOfEveryLossTermSurviveGarbageCollectionBetweenForwardAndBackward() throws Exception {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape maps = new Shape(2, 3, 4, 4);
            NDArray target = m.randomUniform(0f, 1f, maps);
            NDArray weight = m.ones(new Shape(2, 3));
            NDArray firstMaps = m.randomNormal(maps);
            NDArray secondMaps = m.randomNormal(maps);
            NDArray attentionLogits = m.randomNormal(new Shape(2, 2, 3));
            float[] expected = null;
            for (boolean scribble : new boolean[] {false, true}) {
                // Fresh leaves each round, so no gradient carries over.
                NDArray a = firstMaps.duplicate();
                NDArray b = secondMaps.duplicate();
                NDArray alphaLogits = attentionLogits.duplicate();
                for (NDArray x : List.of(a, b, alphaLogits)) {
                    x.setRequiresGradient(true);
                }
                try (NDManager scope = m.newSubManager(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray alpha = alphaLogits.softmax(1);
                    NDArray ensemble = a.mul(alpha.get(":, 0, :").reshape(2, 3, 1, 1))
                            .add(b.mul(alpha.get(":, 1, :").reshape(2, 3, 1, 1)));
                    OkdhpOutput out = new OkdhpOutput(TWO_SINGLE_STACK_BRANCHES, new NDList(a, b, ensemble, alpha));
                    NDArray total = new OkdhpLoss(2.0, 1.0, DistillationRamp.standard()).compute(out, target, weight, 1000).total();
                    if (scribble) {
                        scribbleOverFreedDirectMemory();
                    }
                    collector.backward(total);
                }
                float[] gradient = a.getGradient().toFloatArray();
                if (expected == null) {
                    expected = gradient;
                } else {
                    assertArrayEquals(expected, gradient, 1e-6f, "the same loss and inputs must give the same gradient");
                }
            }
        }
    }

    /** Lets the collector release unreachable direct buffers, then reuses their memory for NaNs. */
    private static void scribbleOverFreedDirectMemory() throws InterruptedException {
        System.gc();
        Thread.sleep(100); // the Cleaner thread frees the buffers' native memory
        List<ByteBuffer> keep = new ArrayList<>();
        for (int i = 0; i < OVERWRITES; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(Float.BYTES).order(ByteOrder.nativeOrder());
            buffer.putFloat(0, Float.NaN);
            keep.add(buffer);
        }
    }
}
