package org.okdhp.train.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.model.OkdhpOutput;
import org.okdhp.core.weights.StateDictNpz;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a network on an input tensor, for checking parity with PyTorch when porting weights. */
@Command(
        name = "forward",
        mixinStandardHelpOptions = true,
        description = {
            "Run an OKDHP network with PyTorch-named weights on array 'x' [B,3,H,W] of an .npz file and write",
            "every stack's heatmap (out_0 .. out_{n-1}), the FAU ensemble (ens) and attention (attention)."
        })
public final class ForwardCommand implements Callable<Integer> {

    /** How BatchNorm runs. */
    enum Mode { eval, train }

    @Option(names = "--weights", required = true, description = "state_dict as .npz under the authors' names")
    Path weights;

    @Option(names = "--input", required = true, description = ".npz holding array 'x' [B,3,H,W], H and W multiples of 64")
    Path input;

    @Option(names = "--output", required = true, description = ".npz to write")
    Path output;

    @Mixin
    ArchitectureOptions network;

    @Option(names = "--mode", defaultValue = "eval",
            description = "eval: running BN statistics; train: batch statistics (default ${DEFAULT-VALUE})")
    Mode mode;

    @Option(names = "--ignore-unexpected", description = "ignore weight-file arrays that name no parameter")
    boolean ignoreUnexpected;

    @Override
    public Integer call() throws Exception {
        OkdhpArchitecture architecture = network.architecture();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = inputArray(manager);
            OkdhpNetwork net = OkdhpNetwork.of(architecture);
            net.initialize(manager, DataType.FLOAT32, x.getShape());
            StateDictNpz.load(net.okdhpParameters(), StateDictNpz.read(weights, manager), ignoreUnexpected,
                    weights.toString());
            OkdhpOutput out = net.run(new ParameterStore(manager, false), x, mode == Mode.train);
            NDList named = new NDList();
            for (int i = 0; i < out.heatmapCount(); i++) {
                named.add(named(out.heatmap(i), "out_" + i));
            }
            if (out.hasEnsemble()) {
                named.add(named(out.ensemble(), "ens"));
                named.add(named(out.attention(), "attention"));
            }
            StateDictNpz.writeAtomically(named, output);
            System.out.printf("wrote %d heatmaps %s%s to %s%n", out.heatmapCount(), out.heatmap(0).getShape(),
                    out.hasEnsemble() ? " and the ensemble" : "", output);
        }
        return 0;
    }

    private NDArray inputArray(NDManager manager) throws java.io.IOException {
        Map<String, NDArray> arrays = StateDictNpz.read(input, manager);
        NDArray x = arrays.get("x");
        if (x == null) {
            throw new IllegalArgumentException(input + ": no array named 'x' (found " + arrays.keySet() + ")");
        }
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != 3) {
            throw new IllegalArgumentException(input + ": 'x' must be [B,3,H,W], got " + s);
        }
        return x.toType(DataType.FLOAT32, false);
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }
}
