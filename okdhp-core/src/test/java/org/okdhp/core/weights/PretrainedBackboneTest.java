package org.okdhp.core.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.core.model.Backbone;
import org.okdhp.core.model.OkdhpNetwork;

/** An ImageNet state_dict loads into a student's shared backbone by torchvision name; what does not fit is named. */
class PretrainedBackboneTest {

    private static final Shape INPUT = new Shape(1, 3, 64, 64);

    @TempDir
    Path dir;

    private static OkdhpNetwork student(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        OkdhpNetwork net = OkdhpNetwork.builder().backbone(Backbone.RESNET18).sharedStacks(0).branches(1, 1)
                .joints(3).build();
        net.initialize(m, DataType.FLOAT32, INPUT);
        return net;
    }

    @Test
    void anImageNetStateDictLoadsIntoTheBackboneAndItsClassifierIsIgnored() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Path file = dir.resolve("resnet18.npz");
            NDList arrays = new NDList();
            student(m, 1).backboneParameters().asMap().forEach((name, p) -> arrays.add(named(p.getArray(), name)));
            arrays.add(named(m.ones(new Shape(1000, 512)), "fc.weight"));
            arrays.add(named(m.zeros(new Shape(1000)), "fc.bias"));
            StateDictNpz.writeAtomically(arrays, file);

            OkdhpNetwork target = student(m, 2);
            PretrainedBackbone.load(target.backboneParameters(), file);
            Map<String, NDArray> written = StateDictNpz.read(file, m);
            target.backboneParameters().asMap().forEach((name, p) ->
                    assertArrayEquals(written.get(name).toFloatArray(), p.getArray().toFloatArray(), name));
        }
    }

    @Test
    void missingAndMisShapedKeysAreListedByName() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Path file = dir.resolve("bad.npz");
            NDList arrays = new NDList();
            student(m, 1).backboneParameters().asMap().forEach((name, p) -> {
                if (!name.equals("layer4.1.bn2.running_var")) {
                    NDArray a = name.equals("conv1.weight") ? m.zeros(new Shape(64, 3, 3, 3)) : p.getArray();
                    arrays.add(named(a, name));
                }
            });
            StateDictNpz.writeAtomically(arrays, file);
            OkdhpNetwork target = student(m, 2);
            String message = assertThrows(IllegalArgumentException.class,
                    () -> PretrainedBackbone.load(target.backboneParameters(), file)).getMessage();
            assertTrue(message.contains("layer4.1.bn2.running_var") && message.contains("conv1.weight (64, 3, 3, 3)"),
                    message);
        }
    }

    private static NDArray named(NDArray array, String name) {
        NDArray copy = array.duplicate();
        copy.setName(name);
        return copy;
    }
}
