package org.okdhp.train.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.okdhp.core.loss.LossTerms;
import org.okdhp.core.loss.OkdhpLoss;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.model.OkdhpOutput;
import org.okdhp.core.weights.StateDictNpz;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs a network on an input tensor, for checking parity with PyTorch when porting weights: the
 * outputs, and with targets the OKDHP loss and the gradient of its total with respect to every
 * trainable parameter.
 */
@Command(
        name = "forward",
        mixinStandardHelpOptions = true,
        description = {
            "Run an OKDHP network (a stacked hourglass, or with --backbone a light student) with PyTorch-named",
            "weights on array 'x' [B,3,H,W] of an .npz file and write",
            "every stack's heatmap (out_0 .. out_{n-1}), the FAU ensemble (ens) and attention (attention).",
            "With --targets also the loss (loss: the total; mse, kl: sums over outputs before lambda and ramp;",
            "mse_ens), and with --gradients the total's gradient for every trainable parameter by PyTorch name."
        })
public final class ForwardCommand implements Callable<Integer> {

    /** How BatchNorm runs. */
    enum Mode { eval, train }

    @Option(names = "--weights", required = true, description = "state_dict as .npz under the authors' names"
            + " (a student's: backbone.*, heads.{b}.*, fau.*)")
    Path weights;

    @Option(names = "--input", required = true, description = ".npz holding array 'x' [B,3,H,W]; H and W multiples of 64 (depth-4 hourglass) or 32 (student)")
    Path input;

    @Option(names = "--output", required = true, description = ".npz to write")
    Path output;

    @Mixin
    ArchitectureOptions network;

    @Option(names = "--mode", defaultValue = "eval",
            description = "eval: running BN statistics; train: batch statistics (default ${DEFAULT-VALUE})")
    Mode mode;

    @Option(names = "--targets", paramLabel = "T.npz",
            description = ".npz holding 'target' [B,J,h,w] and 'weight' [B,J]: also compute the OKDHP loss"
                    + " (lambda_kd 2, lambda_ens 1, ramp 90 epochs)")
    Path targets;

    @Option(names = "--epoch", defaultValue = "0", paramLabel = "E",
            description = "0-based epoch that sets the distillation ramp (default ${DEFAULT-VALUE})")
    double epoch;

    @Option(names = "--gradients", paramLabel = "G.npz",
            description = "write the total loss's gradient for every trainable parameter under its PyTorch name"
                    + " (needs --targets; no running statistics)")
    Path gradients;

    @Option(names = "--ignore-unexpected", description = "ignore weight-file arrays that name no parameter")
    boolean ignoreUnexpected;

    @Override
    public Integer call() throws Exception {
        if (gradients != null && targets == null) {
            throw new IllegalArgumentException("--gradients needs --targets: a gradient is of the loss against targets");
        }
        if (!Double.isFinite(epoch) || epoch < 0) {
            throw new IllegalArgumentException("--epoch must be a finite number >= 0, got " + epoch);
        }
        OkdhpArchitecture architecture = network.architecture();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = inputArray(manager);
            OkdhpNetwork net = OkdhpNetwork.of(architecture);
            net.initialize(manager, DataType.FLOAT32, x.getShape());
            StateDictNpz.load(net.okdhpParameters(), StateDictNpz.read(weights, manager), ignoreUnexpected,
                    weights.toString());
            NDList named = new NDList();
            OkdhpOutput out;
            try (GradientCollector collector = gradients != null ? Engine.getInstance().newGradientCollector() : null) {
                out = net.run(new ParameterStore(manager, false), x, mode == Mode.train);
                if (targets != null) {
                    LossTerms loss = loss(out, manager);
                    named.addAll(lossArrays(loss));
                    if (collector != null) {
                        collector.backward(loss.total());
                    }
                }
            }
            for (int i = 0; i < out.heatmapCount(); i++) {
                named.add(named(out.heatmap(i), "out_" + i));
            }
            if (out.hasEnsemble()) {
                named.add(named(out.ensemble(), "ens"));
                named.add(named(out.attention(), "attention"));
            }
            StateDictNpz.writeAtomically(named, output);
            System.out.printf("wrote %d heatmaps %s%s%s to %s%n", out.heatmapCount(), out.heatmap(0).getShape(),
                    out.hasEnsemble() ? " and the ensemble" : "", targets != null ? " and the loss" : "", output);
            if (gradients != null) {
                int written = writeGradients(net);
                System.out.printf("wrote the gradients of %d parameters to %s%n", written, gradients);
            }
        }
        return 0;
    }

    private LossTerms loss(OkdhpOutput out, NDManager manager) throws IOException {
        Map<String, NDArray> arrays = StateDictNpz.read(targets, manager);
        Shape heatmaps = out.heatmap(0).getShape();
        NDArray target = finite(required(arrays, "target", heatmaps), "target");
        NDArray weight = finite(required(arrays, "weight", new Shape(heatmaps.get(0), heatmaps.get(1))), "weight");
        return OkdhpLoss.standard().compute(out, target, weight, epoch);
    }

    private NDArray required(Map<String, NDArray> arrays, String key, Shape shape) {
        NDArray array = arrays.get(key);
        if (array == null) {
            throw new IllegalArgumentException(targets + ": no array named '" + key + "' (found " + arrays.keySet() + ")");
        }
        if (!array.getShape().equals(shape)) {
            throw new IllegalArgumentException(targets + ": '" + key + "' must be " + shape
                    + " to match the network's heatmaps, got " + array.getShape());
        }
        return array.toType(DataType.FLOAT32, false);
    }

    private NDArray finite(NDArray array, String key) {
        if (!array.isInfinite().logicalOr(array.isNaN()).none().getBoolean()) {
            throw new IllegalArgumentException(targets + ": '" + key + "' holds NaN or infinite values");
        }
        return array;
    }

    /** The total, and the loss's parts summed over the outputs (before lambda and ramp). */
    private static NDList lossArrays(LossTerms loss) {
        NDList arrays = new NDList(named(loss.total(), "loss"), named(sum(loss.mse()), "mse"));
        if (loss.ensembleMse() != null) {
            arrays.add(named(loss.ensembleMse(), "mse_ens"));
            arrays.add(named(sum(loss.kl()), "kl"));
        }
        return arrays;
    }

    private static NDArray sum(NDList terms) {
        return NDArrays.stack(terms).sum();
    }

    /** Every trainable parameter's gradient under its PyTorch name; returns how many. */
    private int writeGradients(OkdhpNetwork net) throws IOException {
        NDList named = new NDList();
        for (Map.Entry<String, Parameter> p : net.okdhpParameters().asMap().entrySet()) {
            if (p.getValue().requiresGradient()) {
                named.add(named(p.getValue().getArray().getGradient(), p.getKey()));
            }
        }
        StateDictNpz.writeAtomically(named, gradients);
        return named.size();
    }

    private NDArray inputArray(NDManager manager) throws IOException {
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
