package org.okdhp.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * One operation run in float32 on its device and, as the reference, in float64 on the CPU, each
 * followed by a backward pass from the same random upstream gradient; the output and the
 * gradient of every argument are compared.
 *
 * @param operation what is checked, e.g. "convolution"
 * @param argumentNames the arguments' names, in order, e.g. input, weight, bias
 * @param shape the case, for the report
 */
record Comparison(String operation, List<String> argumentNames, String shape) {

    /**
     * @param arguments float32 arrays on the device under test, in {@link #argumentNames} order
     * @param checked the float32 computation
     * @param reference the same computation for float64 arguments on the CPU
     * @param random the source of the upstream gradient
     */
    List<CheckResult> run(List<NDArray> arguments, Function<List<NDArray>, NDArray> checked,
            Function<List<NDArray>, NDArray> reference, Random random) {
        List<CheckResult> results = new ArrayList<>();
        try (NDManager scope = arguments.get(0).getManager().newSubManager()) {
            List<NDArray> single = leaves(arguments, DataType.FLOAT32, arguments.get(0).getDevice(), scope);
            List<NDArray> dbl = leaves(arguments, DataType.FLOAT64, Device.cpu(), scope);
            NDArray output;
            NDArray upstream;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                output = checked.apply(single);
                upstream = EngineSelfCheck.normal(output.getManager(), output.getShape(), random, 1.0);
                collector.backward(output.mul(upstream).sum());
            }
            NDArray expected;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                expected = reference.apply(dbl);
                collector.backward(expected.mul(float64(upstream)).sum());
            }
            results.add(result("output", output, expected));
            for (int i = 0; i < argumentNames.size(); i++) {
                results.add(result(argumentNames.get(i) + " gradient", single.get(i).getGradient(),
                        dbl.get(i).getGradient()));
            }
        }
        return results;
    }

    private CheckResult result(String what, NDArray actual, NDArray expected) {
        return new CheckResult(operation + " " + what, shape, relativeError(actual, expected),
                EngineSelfCheck.TOLERANCE);
    }

    /** ||actual - expected|| / ||expected||, computed in float64 on the CPU; NaN if actual holds a NaN. */
    static double relativeError(NDArray actual, NDArray expected) {
        NDArray a = float64(actual);
        NDArray e = float64(expected);
        double scale = e.norm().getDouble();
        double difference = a.sub(e).norm().getDouble();
        return scale == 0 ? difference : difference / scale;
    }

    /** A float64 copy on the CPU (or the array itself when it already is one). */
    static NDArray float64(NDArray a) {
        return a.toDevice(Device.cpu(), false).toType(DataType.FLOAT64, false);
    }

    /** {@code a} in {@code like}'s data type and on its device. */
    static NDArray like(NDArray a, NDArray like) {
        return a.toType(like.getDataType(), false).toDevice(like.getDevice(), false);
    }

    private static List<NDArray> leaves(List<NDArray> arguments, DataType type, Device device, NDManager scope) {
        List<NDArray> copies = new ArrayList<>(arguments.size());
        for (NDArray argument : arguments) {
            NDArray copy = argument.toDevice(device, true).toType(type, true);
            copy.attach(scope);
            copy.setRequiresGradient(true);
            copies.add(copy);
        }
        return copies;
    }
}
