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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.model.OkdhpOutput;
import org.okdhp.core.weights.StateDictNpz;
import picocli.CommandLine;

class ForwardCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesEveryStackAndTheEnsembleAsTheNetworkComputesThem() throws Exception {
        Shape input = new Shape(2, 3, 64, 128);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            OkdhpNetwork net = OkdhpNetwork.builder().features(8).joints(4).sharedStacks(1).branches(3, 1, 2).build();
            net.initialize(m, DataType.FLOAT32, input);
            Path weights = dir.resolve("w.npz");
            StateDictNpz.save(net.okdhpParameters(), weights, 0);
            NDArray x = m.randomNormal(input);
            x.setName("x");
            Path xFile = dir.resolve("x.npz");
            StateDictNpz.writeAtomically(new NDList(x), xFile);
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
    void matchesTheReferenceVectors() throws Exception {
        Path ref = Path.of(System.getProperty("okdhp.shared", "../shared"), "conformance/okdhp_f64_s2_b222.npz");
        Assumptions.assumeTrue(Files.exists(ref), ref + " is absent, skipping");
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
}
