package org.okdhp.core.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.okdhp.core.onnx.proto.AttributeProto;
import org.okdhp.core.onnx.proto.GraphProto;
import org.okdhp.core.onnx.proto.ModelProto;
import org.okdhp.core.onnx.proto.NodeProto;
import org.okdhp.core.onnx.proto.TensorProto;
import org.okdhp.core.onnx.proto.TensorShapeProto;
import org.okdhp.core.onnx.proto.ValueInfoProto;

/**
 * What ONNX's checker and shape inference would reject in a graph okdhp writes, checked before
 * the file is written: the opset, operators outside the set okdhp emits, values read before they
 * are produced or never produced (a missing initializer), values produced twice, initializers whose
 * data does not fill their shape, and shapes that do not fit together (inferred through every
 * node from the inputs and compared with the declared outputs). The batch axis is dynamic and not
 * inferred; an image is [channels, height, width] here.
 */
public final class OnnxModelCheck {

    /** The operators okdhp's exporters emit, all of the standard domain at opset 17. */
    static final Set<String> OPERATORS = Set.of("Conv", "BatchNormalization", "Relu", "MaxPool", "Resize", "Add",
            "Identity", "ConvTranspose", "Clip");

    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, long[]> constants = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private OnnxModelCheck() {}

    /** The problems found, in graph order; empty when the model is sound. */
    public static List<String> problems(ModelProto model) {
        OnnxModelCheck check = new OnnxModelCheck();
        check.run(model);
        return List.copyOf(check.problems);
    }

    /** Throws {@link IllegalStateException} listing the problems, if any. */
    public static void require(ModelProto model) {
        List<String> problems = problems(model);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the ONNX graph is not sound: " + String.join("; ", problems));
        }
    }

    private void run(ModelProto model) {
        if (model.getIrVersion() != OnnxGraph.IR_VERSION) {
            problems.add("IR version " + model.getIrVersion() + ", expected " + OnnxGraph.IR_VERSION);
        }
        if (model.getOpsetImportCount() != 1 || !model.getOpsetImport(0).getDomain().isEmpty()
                || model.getOpsetImport(0).getVersion() != OnnxGraph.OPSET) {
            problems.add("opset imports " + model.getOpsetImportList() + ", expected the standard domain at "
                    + OnnxGraph.OPSET);
        }
        GraphProto graph = model.getGraph();
        for (ValueInfoProto input : graph.getInputList()) {
            define(input.getName(), declared(input));
        }
        for (TensorProto tensor : graph.getInitializerList()) {
            initializer(tensor);
        }
        for (NodeProto node : graph.getNodeList()) {
            node(node);
        }
        for (ValueInfoProto output : graph.getOutputList()) {
            long[] inferred = shapes.get(output.getName());
            if (inferred == null) {
                problems.add("output '" + output.getName() + "' is never produced");
            } else if (!Arrays.equals(inferred, declared(output))) {
                problems.add("output '" + output.getName() + "' is declared " + Arrays.toString(declared(output))
                        + " but computed " + Arrays.toString(inferred));
            }
        }
    }

    private void initializer(TensorProto tensor) {
        long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long elements = 1;
        for (long dim : dims) {
            elements *= dim;
        }
        int size = tensor.getDataType() == TensorProto.DataType.INT64_VALUE ? Long.BYTES : Float.BYTES;
        if (tensor.getRawData().size() != elements * size) {
            problems.add("initializer '" + tensor.getName() + "' holds " + tensor.getRawData().size()
                    + " bytes for shape " + Arrays.toString(dims));
        }
        define(tensor.getName(), dims);
        constants.put(tensor.getName(), dims);
    }

    private void node(NodeProto node) {
        String where = node.getOpType() + " node '" + node.getName() + "'";
        if (!OPERATORS.contains(node.getOpType()) || !node.getDomain().isEmpty()) {
            problems.add(where + ": operator not in okdhp's opset-" + OnnxGraph.OPSET + " set " + OPERATORS);
        }
        List<long[]> in = new ArrayList<>();
        for (String input : node.getInputList()) {
            long[] shape = input.isEmpty() ? null : shapes.get(input);
            if (!input.isEmpty() && shape == null) {
                problems.add(where + " reads '" + input + "', which no input, initializer or earlier node produces");
                return;
            }
            in.add(shape);
        }
        if (node.getOutputCount() != 1) {
            problems.add(where + " has " + node.getOutputCount() + " outputs, expected 1");
            return;
        }
        long[] out = infer(node, in, where);
        if (out != null) {
            define(node.getOutput(0), out);
        }
    }

    /** The output [C, H, W] of a node, or null (with a problem) when its inputs do not fit. */
    private long[] infer(NodeProto node, List<long[]> in, String where) {
        long[] x = in.isEmpty() ? null : in.get(0);
        switch (node.getOpType()) {
            case "Conv": {
                long[] w = in.get(1);
                long group = ints(node, "group", 1)[0];
                if (w.length != 4 || x[0] != w[1] * group || (in.size() > 2 && in.get(2)[0] != w[0])) {
                    problems.add(where + ": weight " + Arrays.toString(w) + " does not fit input channels " + x[0]);
                    return null;
                }
                long[] pads = ints(node, "pads", 0, 0, 0, 0);
                long[] strides = ints(node, "strides", 1, 1);
                return new long[] {w[0], (x[1] + pads[0] + pads[2] - w[2]) / strides[0] + 1,
                    (x[2] + pads[1] + pads[3] - w[3]) / strides[1] + 1};
            }
            case "BatchNormalization":
                for (int i = 1; i < in.size(); i++) {
                    if (in.get(i).length != 1 || in.get(i)[0] != x[0]) {
                        problems.add(where + ": parameter " + i + " does not have " + x[0] + " channels");
                        return null;
                    }
                }
                return x;
            case "MaxPool": {
                long[] kernel = ints(node, "kernel_shape", 1, 1);
                long[] strides = ints(node, "strides", 1, 1);
                long[] pads = ints(node, "pads", 0, 0, 0, 0);
                return new long[] {x[0], (x[1] + pads[0] + pads[2] - kernel[0]) / strides[0] + 1,
                    (x[2] + pads[1] + pads[3] - kernel[1]) / strides[1] + 1};
            }
            case "ConvTranspose": {
                long[] w = in.get(1);
                if (w.length != 4 || x[0] != w[0]) {
                    problems.add(where + ": weight " + Arrays.toString(w) + " does not fit input channels " + x[0]);
                    return null;
                }
                long[] pads = ints(node, "pads", 0, 0, 0, 0);
                long[] strides = ints(node, "strides", 1, 1);
                return new long[] {w[1], (x[1] - 1) * strides[0] - pads[0] - pads[2] + w[2],
                    (x[2] - 1) * strides[1] - pads[1] - pads[3] + w[3]};
            }
            case "Resize": {
                long[] scales = constants.get(node.getInput(2));
                if (scales == null || scales.length != 1 || scales[0] != 4) {
                    problems.add(where + ": scales must be a constant of 4 values");
                    return null;
                }
                return new long[] {x[0], 2 * x[1], 2 * x[2]}; // okdhp resizes by 2 only (OnnxLayers)
            }
            case "Add":
                if (!Arrays.equals(x, in.get(1))) {
                    problems.add(where + ": adds " + Arrays.toString(x) + " to "
                            + Arrays.toString(in.get(1)));
                    return null;
                }
                return x;
            default:
                return x; // Relu, Identity, Clip
        }
    }

    /** A node's integer or integer-list attribute, or {@code defaults} when it has none. */
    static long[] ints(NodeProto node, String name, long... defaults) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute.getType() == AttributeProto.AttributeType.INT ? new long[] {attribute.getI()}
                        : attribute.getIntsList().stream().mapToLong(Long::longValue).toArray();
            }
        }
        return defaults;
    }

    private void define(String name, long[] shape) {
        if (shapes.putIfAbsent(name, shape) != null) {
            problems.add("value '" + name + "' is produced twice");
        }
    }

    /** A declared [N, C, H, W] value as [C, H, W]. */
    private static long[] declared(ValueInfoProto value) {
        List<TensorShapeProto.Dimension> dims = value.getType().getTensorType().getShape().getDimList();
        return dims.stream().skip(1).mapToLong(TensorShapeProto.Dimension::getDimValue).toArray();
    }
}
