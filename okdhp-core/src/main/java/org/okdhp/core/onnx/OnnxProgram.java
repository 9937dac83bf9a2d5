package org.okdhp.core.onnx;

import static org.okdhp.core.onnx.OnnxModelCheck.ints;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.okdhp.core.model.ActivationLayout;
import org.okdhp.core.model.Layers;
import org.okdhp.core.model.PaddedConv2d;
import org.okdhp.core.onnx.proto.GraphProto;
import org.okdhp.core.onnx.proto.ModelProto;
import org.okdhp.core.onnx.proto.NodeProto;
import org.okdhp.core.onnx.proto.TensorProto;
import org.okdhp.core.student.ConvTranspose2d;

/**
 * An ONNX model that okdhp wrote, run by libtorch through DJL: the deployed network rebuilt for
 * inference once, at load. Its graph already has every batch norm that follows a convolution folded
 * into it ({@code FoldedConv}), so each forward pass runs fewer, cheaper operations than the
 * training network's inference mode, and the DJL path computes exactly the graph that ONNX Runtime
 * runs from {@code model.onnx}.
 *
 * <p>Also behind this class: the activation layout ({@link ActivationLayout#AUTO}: channels-last
 * on a CPU, set once on the input, which every operation here keeps), and freeing each activation
 * as soon as the last node that reads it has run, so that the peak memory is the widest cut of the
 * graph, not its sum. Additions write into an operand nothing reads afterwards.
 *
 * <p>Operators: those {@link OnnxModelCheck} admits, with the attributes okdhp writes (the
 * transposed convolution as {@link ConvTranspose2d} computes it: DJL's engine has none). The weights
 * live in the manager given at construction; close the program to free them.
 */
public final class OnnxProgram implements AutoCloseable {

    /** Resize's scales have 4 values (N, C, H, W); Clip's bounds 1 each. */
    private static final int MAX_SETTING_VALUES = 4;

    private final NDManager weights;
    private final Map<String, NDArray> constants = new HashMap<>();
    /** The few-element initializers operators read as settings (Resize's scales, Clip's bounds), on the heap. */
    private final Map<String, float[]> settings = new HashMap<>();
    private final List<NodeProto> nodes;
    /** For each node, the values it reads for the last time (they can be freed after it runs). */
    private final List<List<String>> lastReads = new ArrayList<>();
    private final String input;
    private final String output;
    private final ActivationLayout layout;

    private OnnxProgram(ModelProto model, NDManager manager, ActivationLayout layout) {
        OnnxModelCheck.require(model);
        GraphProto graph = model.getGraph();
        if (graph.getInputCount() != 1 || graph.getOutputCount() != 1) {
            throw new IllegalArgumentException("expected a graph of one input and one output, got "
                    + graph.getInputCount() + " and " + graph.getOutputCount());
        }
        this.weights = manager.newSubManager();
        this.layout = layout;
        this.input = graph.getInput(0).getName();
        this.output = graph.getOutput(0).getName();
        for (TensorProto tensor : graph.getInitializerList()) {
            float[] values = floats(tensor);
            long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
            constants.put(tensor.getName(), weights.create(values, new Shape(dims)));
            if (values.length <= MAX_SETTING_VALUES) {
                settings.put(tensor.getName(), values);
            }
        }
        this.nodes = graph.getNodeList();
        Map<String, Integer> lastReader = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String value : nodes.get(i).getInputList()) {
                lastReader.put(value, i);
            }
            lastReads.add(new ArrayList<>());
        }
        lastReader.forEach((value, node) -> {
            if (!constants.containsKey(value) && !value.isEmpty() && !value.equals(input)) {
                lastReads.get(node).add(value);
            }
        });
    }

    /** The model's graph on {@code manager}'s device, activations laid out as {@code layout} decides there. */
    public static OnnxProgram of(ModelProto model, NDManager manager, ActivationLayout layout) {
        return new OnnxProgram(model, manager, layout);
    }

    /**
     * The output for {@code images} [N, C, H, W] (any batch, and any size the graph's strides
     * divide): a new array in the images' manager. Intermediate values are freed as it goes.
     */
    public NDArray run(NDArray images) {
        Map<String, NDArray> values = new HashMap<>(constants);
        NDArray arranged = layout.arrange(images, false);
        values.put(input, arranged);
        try {
            for (int i = 0; i < nodes.size(); i++) {
                NodeProto node = nodes.get(i);
                NDArray result = evaluate(node, values, lastReads.get(i));
                for (String dead : lastReads.get(i)) {
                    NDArray freed = values.remove(dead);
                    if (freed != result) {
                        freed.close();
                    }
                }
                values.put(node.getOutput(0), result);
            }
            NDArray result = values.remove(output);
            return result.getManager() == images.getManager() ? result : attach(result, images.getManager());
        } finally {
            if (arranged != images) {
                arranged.close();
            }
        }
    }

    private static NDArray attach(NDArray result, NDManager manager) {
        result.attach(manager);
        return result;
    }

    private NDArray evaluate(NodeProto node, Map<String, NDArray> values, List<String> dying) {
        NDArray x = values.get(node.getInput(0));
        switch (node.getOpType()) {
            case "Conv": {
                long[] pads = ints(node, "pads", 0, 0, 0, 0);
                NDArray bias = node.getInputCount() > 2 ? values.get(node.getInput(2)) : null;
                return PaddedConv2d.convolve(x, values.get(node.getInput(1)), bias,
                        new Shape(ints(node, "strides", 1, 1)), new Shape(pads[0], pads[1]),
                        new Shape(ints(node, "dilations", 1, 1)), (int) ints(node, "group", 1)[0]);
            }
            case "BatchNormalization":
                return Layers.batchNorm(x, values.get(node.getInput(3)), values.get(node.getInput(4)),
                        values.get(node.getInput(1)), values.get(node.getInput(2)), false);
            case "ConvTranspose":
                requireDeconvolution(node);
                return ConvTranspose2d.apply(x, values.get(node.getInput(1)));
            case "Relu":
                return Activation.relu(x);
            case "Clip":
                return x.clip(scalar(node.getInput(1)), scalar(node.getInput(2)));
            case "MaxPool": {
                long[] pads = ints(node, "pads", 0, 0, 0, 0);
                return Pool.maxPool2d(x, new Shape(ints(node, "kernel_shape", 1, 1)), new Shape(ints(node, "strides", 1, 1)),
                        new Shape(pads[0], pads[1]), false);
            }
            case "Resize":
                requireScale2x(node);
                return Layers.upsample2x(x);
            case "Add": {
                NDArray other = values.get(node.getInput(1));
                if (dying.contains(node.getInput(0)) && !node.getInput(0).equals(node.getInput(1))) {
                    return x.addi(other);
                }
                return dying.contains(node.getInput(1)) ? other.addi(x) : x.add(other);
            }
            case "Identity": // a rename: the same array while nothing else reads it
                return dying.contains(node.getInput(0)) ? x : x.duplicate();
            default:
                throw new IllegalStateException("no libtorch form for ONNX operator " + node.getOpType());
        }
    }

    /** okdhp's heads deconvolve with kernel 4, stride 2 and padding 1 only ({@link ConvTranspose2d}). */
    private static void requireDeconvolution(NodeProto node) {
        long k = ConvTranspose2d.KERNEL;
        long s = ConvTranspose2d.STRIDE;
        long p = ConvTranspose2d.PADDING;
        if (!Arrays.equals(ints(node, "kernel_shape", 1, 1), new long[] {k, k})
                || !Arrays.equals(ints(node, "strides", 1, 1), new long[] {s, s})
                || !Arrays.equals(ints(node, "pads", 0, 0, 0, 0), new long[] {p, p, p, p})
                || node.getInputCount() > 2) {
            throw new IllegalArgumentException(node.getName() + ": only the heads' transposed convolution (kernel " + k
                    + ", stride " + s + ", padding " + p + ", no bias) is supported");
        }
    }

    private float scalar(String initializer) {
        float[] value = settings.get(initializer);
        if (value == null || value.length != 1) {
            throw new IllegalArgumentException("'" + initializer + "' is not a constant scalar");
        }
        return value[0];
    }

    /** okdhp's graphs resize by 2 along height and width only ({@code OnnxLayers.upsampleNearest2x}). */
    private void requireScale2x(NodeProto node) {
        float[] scales = settings.get(node.getInput(2));
        if (scales == null || scales.length != 4 || scales[0] != 1 || scales[1] != 1 || scales[2] != 2
                || scales[3] != 2) {
            throw new IllegalArgumentException(node.getName() + ": only nearest x2 resizing is supported");
        }
    }

    private static float[] floats(TensorProto tensor) {
        if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("initializer '" + tensor.getName() + "' is not float32");
        }
        FloatBuffer buffer = ByteBuffer.wrap(tensor.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    @Override
    public void close() {
        weights.close();
    }
}
