package org.okdhp.core.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.okdhp.core.onnx.proto.AttributeProto;
import org.okdhp.core.onnx.proto.GraphProto;
import org.okdhp.core.onnx.proto.ModelProto;
import org.okdhp.core.onnx.proto.NodeProto;
import org.okdhp.core.onnx.proto.OperatorSetIdProto;
import org.okdhp.core.onnx.proto.StringStringEntryProto;
import org.okdhp.core.onnx.proto.TensorProto;
import org.okdhp.core.onnx.proto.TensorShapeProto;
import org.okdhp.core.onnx.proto.TypeProto;
import org.okdhp.core.onnx.proto.ValueInfoProto;

/**
 * An ONNX graph under construction, in the order a forward pass computes it: inputs, weights as
 * initializers, nodes of standard operators (opset {@link #OPSET}) each producing one fresh value,
 * outputs. Images are float32 [N, C, H, W] with a dynamic batch N. {@link #model} wraps it into a
 * model file with string metadata.
 */
public final class OnnxGraph {

    /** The standard operator set the graphs use. */
    public static final int OPSET = 17;
    /** ONNX's IR version that goes with opset 17. */
    public static final long IR_VERSION = 8;
    /** The name of the dynamic batch dimension. */
    public static final String BATCH = "N";

    private final GraphProto.Builder graph;
    private final Set<String> names = new HashSet<>();

    public OnnxGraph(String name) {
        graph = GraphProto.newBuilder().setName(name);
    }

    /** An input [N, channels, height, width] of float32; returns its value name. */
    public String input(String name, long channels, long height, long width) {
        graph.addInput(valueInfo(claim(name), channels, height, width));
        return name;
    }

    /** Declares {@code value} [N, channels, height, width] an output named {@code name}. */
    public void output(String value, String name, long channels, long height, long width) {
        String produced = value;
        if (!value.equals(name)) {
            graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(claim(name)).addInput(value)
                    .addOutput(name));
            produced = name;
        }
        graph.addOutput(valueInfo(produced, channels, height, width));
    }

    /** A float32 weight, under {@code name} (made unique); returns its value name. */
    public String initializer(String name, NDArray values) {
        return floats(name, values.toType(DataType.FLOAT32, false).toFloatArray(), values.getShape().getShape());
    }

    /** A float32 vector constant (scales) under {@code name} (made unique); returns its value name. */
    public String floatInitializer(String name, float... values) {
        return floats(name, values, new long[] {values.length});
    }

    /** A float32 scalar constant (rank 0, as Clip's bounds must be) under {@code name} (made unique). */
    public String floatScalar(String name, float value) {
        return floats(name, new float[] {value}, new long[0]);
    }

    private String floats(String name, float[] values, long[] dims) {
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        String unique = unique(name);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(unique)
                .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(bytes.array()));
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        graph.addInitializer(tensor);
        return unique;
    }

    /**
     * A node of operator {@code opType} on {@code inputs} (an empty string skips an optional
     * input); returns its output, a fresh value named after {@code name}.
     */
    public String node(String opType, String name, List<String> inputs, AttributeProto... attributes) {
        String output = unique(name);
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(output).addAllInput(inputs)
                .addOutput(output);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return output;
    }

    /** The graph as a model file: opset {@link #OPSET}, the producer, and {@code metadata} as metadata_props. */
    public ModelProto model(String producer, String producerVersion, Map<String, String> metadata) {
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName(producer)
                .setProducerVersion(producerVersion)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((key, value) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build();
    }

    /** An integer attribute. */
    public static AttributeProto attribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** A float attribute. */
    public static AttributeProto attribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    /** A string attribute. */
    public static AttributeProto attribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** An integer-list attribute. */
    public static AttributeProto attribute(String name, long... values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long value : values) {
            attribute.addInts(value);
        }
        return attribute.build();
    }

    private static ValueInfoProto valueInfo(String name, long channels, long height, long width) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(channels))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(height))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private String claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("the graph already has a value named '" + name + "'");
        }
        return name;
    }

    /** {@code name}, or {@code name_2}, {@code name_3} ... when it is taken. */
    private String unique(String name) {
        String candidate = name;
        for (int i = 2; names.contains(candidate); i++) {
            candidate = name + "_" + i;
        }
        return claim(candidate);
    }
}
