package org.okdhp.train.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.core.model.Backbone;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.model.OkdhpOutput;
import org.okdhp.core.weights.StateDictNpz;
import picocli.CommandLine;

class ForwardCommandTest {

    /** The learning rate and epsilon of the reference's Adam step (docs: okdhp-method section 8). */
    private static final double ADAM_LR = 2.5e-4;
    private static final double ADAM_EPS = 1e-8;
    /** Training-mode gradients below this share of their tensor's RMS are within float32 noise of zero. */
    private static final double NEAR_ZERO = 1e-3;

    @TempDir
    Path dir;

    @Test
    void writesEveryStackAndTheEnsembleAsTheNetworkComputesThem() throws Exception {
        Shape input = new Shape(2, 3, 64, 128);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            OkdhpNetwork net = OkdhpNetwork.builder().features(8).joints(4).sharedStacks(1).branches(3, 1, 2).build();
            net.initialize(m, DataType.FLOAT32, input);
            Path weights = weightsOf(net);
            NDArray x = m.randomNormal(input);
            Path xFile = saved("x.npz", named(x, "x"));
            Path out = dir.resolve("o.npz");

            int code = OkdhpCommand.commandLine().execute("forward", "--weights", weights.toString(),
                    "--features", "8", "--joints", "4", "--shared", "1", "--branches", "3,1,2",
                    "--input", xFile.toString(), "--output", out.toString(), "--mode", "train");
            assertEquals(0, code);

            Map<String, NDArray> written = StateDictNpz.read(out, m);
            OkdhpOutput expected = net.run(new ParameterStore(m, false), x, true);
            assertEquals(7 + 2, written.size());
            for (int i = 0; i < 7; i++) {
                assertArrayEquals(expected.heatmap(i).toFloatArray(), written.get("out_" + i).toFloatArray(), 1e-6f);
            }
            assertArrayEquals(expected.ensemble().toFloatArray(), written.get("ens").toFloatArray(), 1e-6f);
        }
    }

    @Test
    void runsALightStudentWithItsLossAndGradients() throws Exception {
        Shape input = new Shape(2, 3, 64, 96);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(7);
            OkdhpNetwork net = OkdhpNetwork.builder().backbone(Backbone.RESNET18).sharedStacks(0).branches(1, 1)
                    .joints(3).build();
            net.initialize(m, DataType.FLOAT32, input);
            Path weights = weightsOf(net);
            NDArray x = m.randomNormal(input);
            Path xFile = saved("x.npz", named(x, "x"));
            Path targets = saved("t.npz", named(m.randomUniform(0, 1, new Shape(2, 3, 16, 24)), "target"),
                    named(m.ones(new Shape(2, 3)), "weight"));
            Path out = dir.resolve("o.npz");
            Path gradients = dir.resolve("g.npz");

            int code = OkdhpCommand.commandLine().execute("forward", "--backbone", "resnet18", "--joints", "3",
                    "--branches", "1,1", "--weights", weights.toString(), "--input", xFile.toString(),
                    "--output", out.toString(), "--mode", "eval", "--targets", targets.toString(),
                    "--gradients", gradients.toString());
            assertEquals(0, code);

            Map<String, NDArray> written = StateDictNpz.read(out, m);
            OkdhpOutput expected = net.run(new ParameterStore(m, false), x, false);
            for (int b = 0; b < 2; b++) {
                assertArrayEquals(expected.heatmap(b).toFloatArray(), written.get("out_" + b).toFloatArray(), 1e-6f);
            }
            assertArrayEquals(expected.ensemble().toFloatArray(), written.get("ens").toFloatArray(), 1e-6f);
            Map<String, NDArray> grads = StateDictNpz.read(gradients, m);
            assertTrue(grads.containsKey("backbone.conv1.weight") && grads.containsKey("heads.1.final_layer.bias")
                    && grads.containsKey("fau.reduce.0.weight"), grads.keySet().toString());
            assertTrue(grads.get("heads.0.deconv_layers.0.weight").abs().sum().getFloat() > 0);
        }
    }

    @Test
    void matchesTheReferenceVectors() throws Exception {
        Path ref = reference();
        Path out = dir.resolve("o.npz");
        int code = OkdhpCommand.commandLine().execute("forward", "--weights", ref.toString(), "--ignore-unexpected",
                "--features", "64", "--joints", "16", "--shared", "2", "--branches", "2,2,2",
                "--input", ref.toString(), "--output", out.toString(), "--mode", "eval");
        assertEquals(0, code);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> expected = StateDictNpz.read(ref, m);
            Map<String, NDArray> written = StateDictNpz.read(out, m);
            for (String key : new String[] {"out_0", "out_3", "out_7", "ens"}) {
                NDArray e = expected.get(key.equals("ens") ? "eval_ens" : "eval_" + key);
                double error = written.get(key).sub(e).norm().getFloat() / e.norm().getFloat();
                assertTrue(error < 1e-4, key + " relative error " + error);
            }
        }
    }

    @Test
    void badInputIsOneClearLine() throws Exception {
        Path notNpz = dir.resolve("x.npz");
        Files.writeString(notNpz, "hello");
        StringWriter err = new StringWriter();
        CommandLine cli = OkdhpCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("forward", "--weights", dir.resolve("missing.npz").toString(),
                "--input", notNpz.toString(), "--output", dir.resolve("o.npz").toString(), "--features", "8");
        assertEquals(UserErrorHandler.EXIT_USER_ERROR, code);
        assertTrue(err.toString().contains("x.npz"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(Files.notExists(dir.resolve("o.npz")));
    }

    /**
     * The loss of the reference network's inference outputs against the reference targets, as the
     * independent PyTorch implementation computed it: every term and the total at two ramp positions.
     */
    @Test
    void computesTheReferenceLoss() throws Exception {
        Path ref = reference();
        for (int epoch : new int[] {0, 45}) {
            Path out = dir.resolve("loss" + epoch + ".npz");
            assertEquals(0, OkdhpCommand.commandLine().execute(referenceForward(ref, out, "eval",
                    "--targets", ref.toString(), "--epoch", Integer.toString(epoch))));
            try (NDManager m = NDManager.newBaseManager()) {
                Map<String, NDArray> expected = StateDictNpz.read(ref, m);
                Map<String, NDArray> written = StateDictNpz.read(out, m);
                double mse = 0;
                double kl = 0;
                for (int i = 0; i < 8; i++) {
                    mse += expected.get("mse_" + i).getDouble();
                    kl += expected.get("kl_" + i).getDouble();
                }
                assertRelative(expected.get("total_epoch_" + epoch).getDouble(), written.get("loss").getFloat(), 1e-5, "loss");
                assertRelative(mse, written.get("mse").getFloat(), 1e-5, "mse");
                // The KL terms are small differences of log-probabilities: float32 keeps 1e-4 of them.
                assertRelative(kl, written.get("kl").getFloat(), 1e-4, "kl");
                assertRelative(expected.get("mse_ens").getDouble(), written.get("mse_ens").getFloat(), 1e-5, "mse_ens");
            }
        }
    }

    /**
     * Gradients in training mode at epoch 30 against the reference's first Adam step from the same
     * weights: Adam's first step moves every weight by lr * g / (|g| + eps), so the reference's
     * weights before and after it give g / (|g| + eps) for the tensors it stored.
     */
    @Test
    void gradientsMatchTheReferenceAdamStep() throws Exception {
        Path ref = reference();
        Path out = dir.resolve("train.npz");
        Path gradients = dir.resolve("g.npz");
        assertEquals(0, OkdhpCommand.commandLine().execute(referenceForward(ref, out, "train",
                "--targets", ref.toString(), "--epoch", "30", "--gradients", gradients.toString())));
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> expected = StateDictNpz.read(ref, m);
            Map<String, NDArray> written = StateDictNpz.read(gradients, m);
            assertRelative(expected.get("step1.loss").getDouble(), StateDictNpz.read(out, m).get("loss").getFloat(),
                    1e-4, "training-mode loss");
            assertTrue(written.keySet().stream().noneMatch(k -> k.endsWith("running_mean") || k.endsWith("running_var")),
                    "running statistics are not trainable");
            assertEquals(Set.of("conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias"),
                    Set.copyOf(written.keySet().stream().filter(k -> k.startsWith("conv1.") || k.startsWith("bn1."))
                            .toList()));
            for (String name : new String[] {"conv1.weight", "convs.0.0.weight", "fc.weight", "fcs.0.weight",
                    "score_b_2_s_1.weight"}) {
                NDArray before = expected.get(name).toType(DataType.FLOAT64, false);
                NDArray after = expected.get("step1." + name).toType(DataType.FLOAT64, false);
                NDArray referenceStep = before.sub(after).div(ADAM_LR);
                NDArray g = written.get(name).toType(DataType.FLOAT64, false);
                NDArray step = g.div(g.abs().add(ADAM_EPS));
                // Batch statistics amplify float32 rounding (training outputs agree to 1e-3): where a
                // gradient is within that of zero its sign is noise, in the reference as here. (Nothing
                // significant at all would make the error 0/0, NaN, and fail.)
                double rms = g.norm().getDouble() / Math.sqrt(g.size());
                NDArray significant = g.abs().gt(NEAR_ZERO * rms).toType(DataType.FLOAT64, false);
                double error = step.sub(referenceStep).mul(significant).norm().getDouble()
                        / referenceStep.mul(significant).norm().getDouble();
                assertTrue(error < 1e-3, name + ": Adam step direction off by " + error);
            }
        }
    }

    @Test
    void refusesGradientsWithoutTargetsAndTargetsOfTheWrongShape() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            Shape input = new Shape(1, 3, 64, 64);
            OkdhpNetwork net = OkdhpNetwork.builder().features(8).joints(4).sharedStacks(0).branches(1, 1).build();
            net.initialize(m, DataType.FLOAT32, input);
            Path weights = dir.resolve("w.npz");
            StateDictNpz.save(net.okdhpParameters(), weights, 0);
            Path xFile = dir.resolve("x.npz");
            StateDictNpz.writeAtomically(new NDList(named(m.randomNormal(input), "x")), xFile);
            Path targets = dir.resolve("t.npz");
            StateDictNpz.writeAtomically(new NDList(named(m.zeros(new Shape(1, 5, 16, 16)), "target"),
                    named(m.ones(new Shape(1, 4)), "weight")), targets);
            String[] base = {"forward", "--weights", weights.toString(), "--features", "8", "--joints", "4",
                "--shared", "0", "--branches", "1,1", "--input", xFile.toString(), "--output",
                dir.resolve("o.npz").toString()};
            StringWriter err = new StringWriter();
            CommandLine cli = OkdhpCommand.commandLine();
            cli.setErr(new PrintWriter(err));
            assertEquals(1, cli.execute(concat(base, "--gradients", dir.resolve("g.npz").toString())));
            assertTrue(err.toString().contains("--gradients needs --targets"), err.toString());
            assertEquals(1, cli.execute(concat(base, "--targets", targets.toString())));
            assertTrue(err.toString().contains("'target' must be (1, 4, 16, 16)"), err.toString());
        }
    }

    /** The reference vectors in ../shared, or a skipped test when they are absent. */
    private static Path reference() {
        Path ref = Path.of(System.getProperty("okdhp.shared", "../shared"), "conformance/okdhp_f64_s2_b222.npz");
        Assumptions.assumeTrue(Files.exists(ref), ref + " is absent, skipping");
        return ref;
    }

    private static String[] referenceForward(Path ref, Path out, String mode, String... more) {
        return concat(new String[] {"forward", "--weights", ref.toString(), "--ignore-unexpected",
            "--features", "64", "--joints", "16", "--shared", "2", "--branches", "2,2,2",
            "--input", ref.toString(), "--output", out.toString(), "--mode", mode}, more);
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        double error = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(error < tolerance, what + ": " + actual + " against " + expected + " (relative error " + error + ")");
    }

    /** The network's weights under their PyTorch names, in a file. */
    private Path weightsOf(OkdhpNetwork net) throws IOException {
        Path weights = dir.resolve("w.npz");
        StateDictNpz.save(net.okdhpParameters(), weights, 0);
        return weights;
    }

    private Path saved(String file, NDArray... arrays) throws IOException {
        Path path = dir.resolve(file);
        StateDictNpz.writeAtomically(new NDList(arrays), path);
        return path;
    }

}
