package org.okdhp.core.student;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.okdhp.core.model.Backbone;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.weights.StateDictNpz;

/**
 * The light students' reference vectors in src/test/resources/student, written by
 * benchmarks/student_reference.py from torchvision's backbones: the weights and the input are a
 * fixed function of each state_dict name and element index (computed here as there), the outputs
 * are stored. J = 4 joints, K = 3 branches, input [2, 3, 128, 96].
 */
public final class StudentVectors {

    public static final int JOINTS = 4;
    public static final int BRANCHES = 3;
    public static final Shape INPUT = new Shape(2, 3, 128, 96);
    private static final int INPUT_SEED = 1;
    /** The students' COCO input size (height x width 256 x 192), one image: outputs only, keys {@code full_*}. */
    public static final Shape FULL_INPUT = new Shape(1, 3, 256, 192);
    private static final int FULL_INPUT_SEED = 3;
    private static final int PATTERN_SEED = 2;
    /** Gradients of 4-d tensors are stored as their leading [4, 4] corner. */
    static final int GRADIENT_CORNER = 4;
    private static final int HASH_MODULUS = 9973;

    private StudentVectors() {}

    /** A backbone's reference: the network with the reference weights, the stored arrays, the input. */
    record Case(OkdhpNetwork net, Map<String, NDArray> reference, NDArray input) {}

    static Case load(Backbone backbone, NDManager manager) throws IOException {
        return new Case(network(backbone, manager), outputs(backbone, manager), input(manager));
    }

    /** The reference's K-branch network for {@code backbone}, initialised for {@link #INPUT}, with the reference weights. */
    public static OkdhpNetwork network(Backbone backbone, NDManager manager) {
        OkdhpNetwork net = OkdhpNetwork.builder().backbone(backbone).sharedStacks(0).branches(1, 1, 1)
                .joints(JOINTS).build();
        net.initialize(manager, DataType.FLOAT32, INPUT);
        for (Map.Entry<String, Parameter> p : net.okdhpParameters().asMap().entrySet()) {
            NDArray array = p.getValue().getArray();
            array.set(values(p.getKey(), array.getShape()));
        }
        return net;
    }

    /** The reference input. */
    public static NDArray input(NDManager manager) {
        return manager.create(toFloats(uniform((int) INPUT.size(), INPUT_SEED)), INPUT);
    }

    /** The reference input at {@link #FULL_INPUT}. */
    public static NDArray fullInput(NDManager manager) {
        return manager.create(toFloats(uniform((int) FULL_INPUT.size(), FULL_INPUT_SEED)), FULL_INPUT);
    }

    /** The probe loss's fixed pattern, weighing every heatmap of {@code shape}. */
    static NDArray pattern(NDManager manager, Shape shape) {
        return manager.create(toFloats(uniform((int) shape.size(), PATTERN_SEED)), shape);
    }

    /** The stored outputs for {@code backbone}. */
    public static Map<String, NDArray> outputs(Backbone backbone, NDManager manager) throws IOException {
        return StateDictNpz.read(resource(backbone + ".npz"), manager);
    }

    /** The PyTorch network's state_dict names and shapes, one "name [d0, d1, ...]" per line. */
    static String names(Backbone backbone) throws IOException {
        return Files.readString(resource(backbone + ".names"), StandardCharsets.UTF_8);
    }

    private static Path resource(String name) {
        try {
            return Path.of(StudentVectors.class.getResource("/student/" + name).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource student/" + name + " is missing", e);
        }
    }

    /** As the script's {@code deterministic}: pseudo-random by index and name, scaled by the entry's role. */
    static float[] values(String name, Shape shape) {
        int n = (int) shape.size();
        double[] base = uniform(n, nameHash(name));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            if (name.endsWith(".running_var")) {
                v[i] = 1.0 + 0.25 * base[i];
            } else if (name.endsWith(".running_mean") || name.endsWith(".bias")) {
                v[i] = 0.1 * base[i];
            } else if (shape.dimension() == 1) {
                v[i] = 1.0 + 0.2 * base[i];
            } else {
                v[i] = base[i] * Math.sqrt(3.0 / (n / shape.get(0)));
            }
        }
        return toFloats(v);
    }

    private static int nameHash(String name) {
        long sum = 0;
        for (int k = 0; k < name.length(); k++) {
            sum += (long) name.charAt(k) * (k + 1);
        }
        return (int) (sum % HASH_MODULUS);
    }

    /** The script's {@code uniform}: values in [-1, 1) from the index and a seed. */
    private static double[] uniform(int n, int seed) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double v = StrictMath.sin(i * 12.9898 + seed * 78.233) * 43758.5453;
            values[i] = 2.0 * (v - Math.floor(v)) - 1.0;
        }
        return values;
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
