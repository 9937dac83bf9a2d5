package org.okdhp.train.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.initializer.Initializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.okdhp.train.tensor.InPlace;

/**
 * The trainable parameters of a model moved into one contiguous float32 buffer: each
 * {@link Parameter} is re-initialised with a view of its slice (same values, name, shape and
 * gradient flag), so blocks read it as before and a whole-buffer write updates them all. Their
 * gradients live the same way in a second buffer laid out like the first.
 *
 * <p>Why: written per parameter, Adam costs about ten engine calls and ten passes over memory for
 * each of the ~1,500 tensors of an OKDHP network, and dominated a training step. Over the packed
 * buffer the same arithmetic runs a few calls per {@linkplain #buckets() bucket} (neighbouring
 * parameters, about 1 MiB), whose temporaries stay in the CPU cache. With the gradients packed
 * too, a step neither gathers them (a copy of every gradient) nor zeroes them tensor by tensor
 * (an engine call each): both are one view or one call.
 *
 * <p>How the gradients get there: libtorch adopts, rather than copies, the first gradient a
 * parameter receives when nothing else refers to it, and accumulates into that tensor in place
 * from then on. Packing therefore runs one backward pass through the concatenation of all
 * parameters with the gradient buffer as its upstream gradient: each parameter receives a view of
 * its slice and keeps it, which packing checks. DJL cannot set or unset a gradient otherwise.
 *
 * <p>Weights must keep being written in place (as {@code ModelWeights.restore} and
 * {@code StateDictNpz.load} do): replacing a parameter's array would cut it loose from the buffer,
 * which {@link #requirePacked} detects.
 */
public final class PackedParameters {

    /** Floats per bucket: 1 MiB, so a bucket's handful of arrays fits in the L2/L3 cache. */
    static final long BUCKET_FLOATS = 1L << 18;

    private final List<String> names;
    private final List<Parameter> parameters;
    private final List<NDArray> views;
    private final long[] offsets;
    private final NDArray values;
    private final List<Bucket> buckets;
    private NDArray gradients;
    private NDList gradientBuckets;

    /** Parameters {@code [first, end)}, which occupy {@code [start, start + size)} of the buffer. */
    public record Bucket(int first, int end, long start, long size) {}

    private PackedParameters(List<String> names, List<Parameter> parameters, long[] offsets, NDArray values) {
        this.names = List.copyOf(names);
        this.parameters = List.copyOf(parameters);
        this.offsets = offsets;
        this.values = values;
        this.views = new ArrayList<>();
        this.buckets = bucketsOf(offsets);
    }

    /**
     * Packs the parameters of {@code parameters} that require gradients, in map order. They must be
     * initialised float32 arrays on one device; the buffers live in the first one's manager.
     * Gradients a backward pass left on them before packing are carried over into the gradient
     * buffer.
     */
    public static PackedParameters pack(Map<String, Parameter> parameters) {
        // With gradients recorded (a GradientCollector open), the buffer would be the output of a
        // concatenation, and its views no parameters of their own but functions of the old arrays.
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return packRecordingNothing(parameters);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private static PackedParameters packRecordingNothing(Map<String, Parameter> parameters) {
        List<String> names = new ArrayList<>();
        List<Parameter> trainable = new ArrayList<>();
        parameters.forEach((name, parameter) -> {
            if (parameter.requiresGradient()) {
                names.add(name);
                trainable.add(parameter);
            }
        });
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("nothing to pack: no parameter requires a gradient");
        }
        NDArray first = trainable.get(0).getArray();
        long[] offsets = new long[trainable.size() + 1];
        NDList flat = new NDList(trainable.size());
        for (int i = 0; i < trainable.size(); i++) {
            NDArray array = trainable.get(i).getArray();
            if (array.getDataType() != DataType.FLOAT32 || !array.getDevice().equals(first.getDevice())) {
                throw new IllegalArgumentException("packing needs float32 parameters on one device; '" + names.get(i)
                        + "' is " + array.getDataType() + " on " + array.getDevice());
            }
            offsets[i + 1] = offsets[i] + array.size();
            flat.add(array.reshape(-1));
        }
        NDManager owner = first.getManager();
        NDArray values = NDArrays.concat(flat);
        values.attach(owner);
        flat.close();
        PackedParameters packed = new PackedParameters(names, trainable, offsets, values);
        NDArray carried = carriedGradients(trainable, owner);
        packed.rehome(owner);
        packed.packGradients(owner);
        if (carried != null) {
            InPlace.copy(carried, packed.gradients);
            carried.close();
        }
        return packed;
    }

    /**
     * The gradients of a backward pass that ran before packing, concatenated; null when there was
     * none. Re-homing frees the old arrays and their gradients with them.
     */
    private static NDArray carriedGradients(List<Parameter> trainable, NDManager owner) {
        if (trainable.stream().noneMatch(p -> InPlace.hasGradientTensor(p.getArray()))) {
            return null;
        }
        try (NDManager scope = owner.newSubManager()) {
            NDList gradients = new NDList(trainable.size());
            for (Parameter parameter : trainable) {
                NDArray gradient = InPlace.gradient(parameter.getArray(), scope).reshape(-1);
                gradient.attach(scope);
                gradients.add(gradient);
            }
            NDArray joined = NDArrays.concat(gradients);
            joined.attach(owner);
            return joined;
        }
    }

    /** Re-initialises every parameter with a view of its slice; the old arrays are freed. */
    private void rehome(NDManager owner) {
        NDList slices = values.split(java.util.Arrays.copyOfRange(offsets, 1, offsets.length - 1));
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            NDArray view = slices.get(i).reshape(parameter.getArray().getShape());
            view.attach(owner);
            Initializer original = parameter.getInitializer();
            parameter.close(); // frees the old array; initialize() below takes the view instead
            parameter.setInitializer((manager, shape, dataType) -> view);
            parameter.initialize(owner, DataType.FLOAT32); // also sets the gradient flag on the view
            parameter.setInitializer(original);
            views.add(view);
        }
        slices.close();
    }

    /**
     * Makes every (freshly re-homed, so gradient-less) view's gradient a view of its slice of a new
     * zero gradient buffer, and checks that libtorch did so: with the buffer set to ones, the
     * parameters' gradients must sum to its size.
     */
    private void packGradients(NDManager owner) {
        gradients = owner.zeros(values.getShape(), DataType.FLOAT32, values.getDevice());
        JniUtils.setGradMode(true);
        try (NDManager scope = owner.newSubManager()) {
            NDList flat = new NDList(views.size());
            for (NDArray view : views) {
                NDArray reshaped = view.reshape(-1);
                reshaped.attach(scope);
                flat.add(reshaped);
            }
            NDArray joined = NDArrays.concat(flat);
            joined.attach(scope);
            JniUtils.backward((PtNDArray) joined, (PtNDArray) gradients, false, false);
        } finally {
            JniUtils.setGradMode(false);
        }
        InPlace.fill(gradients, 1f);
        double adopted = 0;
        try (NDManager scope = owner.newSubManager()) {
            for (NDArray view : views) {
                adopted += InPlace.gradient(view, scope).sum().getFloat();
            }
        }
        InPlace.fill(gradients, 0f);
        if (adopted != totalSize()) {
            throw new IllegalStateException("libtorch did not keep the packed gradient buffer as the parameters'"
                    + " gradients (" + adopted + " of " + totalSize() + " elements)");
        }
        gradientBuckets = perBucket(gradients);
        gradientBuckets.forEach(bucket -> bucket.attach(owner));
    }

    /** Throws if a parameter no longer holds the view it was given (its array was replaced). */
    public void requirePacked() {
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).getArray() != views.get(i)) {
                throw new IllegalStateException("parameter '" + names.get(i) + "' was given a new array after packing;"
                        + " write weights in place instead");
            }
        }
    }

    /** Whether {@code parameters} lists exactly the packed trainable parameters, in order. */
    public boolean packs(Map<String, Parameter> parameters) {
        int i = 0;
        for (Parameter parameter : parameters.values()) {
            if (parameter.requiresGradient()) {
                if (i >= this.parameters.size() || this.parameters.get(i) != parameter) {
                    return false;
                }
                i++;
            }
        }
        return i == this.parameters.size();
    }

    /** The buffer holding every packed weight, [total]. */
    public NDArray values() {
        return values;
    }

    public Device device() {
        return values.getDevice();
    }

    public long totalSize() {
        return offsets[offsets.length - 1];
    }

    public List<String> names() {
        return names;
    }

    public List<Bucket> buckets() {
        return buckets;
    }

    /** Where parameter {@code i} starts in the buffer; {@code offset(count)} is the total. */
    public long offset(int i) {
        return offsets[i];
    }

    public Shape shape(int i) {
        return views.get(i).getShape();
    }

    /**
     * The gradients of every parameter, [total], laid out like {@link #values}: the arrays
     * libtorch accumulates into (writes change the parameters' gradients; not to be closed).
     */
    public NDArray gradients() {
        return gradients;
    }

    /** {@link #gradients()} per {@linkplain #buckets() bucket}: views, not to be closed. */
    public NDList gradientBuckets() {
        return gradientBuckets;
    }

    /** Zeroes every packed parameter's gradient in place (also NaN or infinity), ready for the next backward pass. */
    public void zeroGradients() {
        InPlace.fill(gradients, 0f);
    }

    /** Splits {@code flat} (a [total] array laid out like the buffer) into one view per bucket. */
    public NDList perBucket(NDArray flat) {
        long[] cuts = new long[buckets.size() - 1];
        for (int b = 1; b < buckets.size(); b++) {
            cuts[b - 1] = buckets.get(b).start();
        }
        return cuts.length == 0 ? new NDList(flat.reshape(-1)) : flat.split(cuts);
    }

    /** Neighbouring parameters grouped up to {@link #BUCKET_FLOATS}; a larger parameter is a bucket alone. */
    private static List<Bucket> bucketsOf(long[] offsets) {
        List<Bucket> buckets = new ArrayList<>();
        int first = 0;
        int count = offsets.length - 1;
        for (int end = 1; end <= count; end++) {
            boolean full = end == count || offsets[end + 1] - offsets[first] > BUCKET_FLOATS;
            if (full) {
                buckets.add(new Bucket(first, end, offsets[first], offsets[end] - offsets[first]));
                first = end;
            }
        }
        return List.copyOf(buckets);
    }
}
