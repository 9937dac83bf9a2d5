package org.okdhp.train.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A float32 tensor copied to host memory: the engine-free form in which weights, running
 * statistics and optimizer moments travel into checkpoints and back.
 *
 * <p>The record takes ownership of {@code data} and does not copy it (weights of a full OKDHP
 * model are ~120 MB); callers must not modify the array afterwards. Equality is element-wise on
 * the float bit patterns ({@link Arrays#equals(float[], float[])}), so a round trip that changes
 * a single bit is unequal.
 */
public record HostTensor(long[] shape, float[] data) {

    public HostTensor {
        shape = shape.clone();
        long count = elementCount(shape);
        if (count != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " holds " + count + " elements but data has " + data.length);
        }
    }

    /** Copies a float32 array from any device to the host. */
    public static HostTensor of(NDArray array) {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("expected a float32 array, got " + array.getDataType()
                    + (array.getName() == null ? "" : " for " + array.getName()));
        }
        return new HostTensor(array.getShape().getShape(), array.toFloatArray());
    }

    /** A new engine array with these values, owned by {@code manager} on its default device. */
    public NDArray toNDArray(NDManager manager) {
        return manager.create(data, new Shape(shape));
    }

    /**
     * Overwrites {@code target}'s values in place (same shape required), also when it is a
     * parameter that records gradients: the object identity that blocks hold stays valid.
     */
    public void copyInto(NDArray target) {
        requireShapeOf(target, target.getName() == null ? "tensor" : target.getName());
        try (NDManager scope = target.getManager().newSubManager(target.getDevice())) {
            InPlace.copy(scope.create(data, new Shape(shape)), target);
        }
    }

    /** Refuses a {@code target} of another shape, naming the array as {@code name}. */
    public void requireShapeOf(NDArray target, String name) {
        if (!Arrays.equals(target.getShape().getShape(), shape)) {
            throw new IllegalArgumentException("'" + name + "' has shape " + Arrays.toString(shape)
                    + " but the array it is meant for has " + target.getShape());
        }
    }

    public long elementCount() {
        return data.length;
    }

    private static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostTensor that && Arrays.equals(shape, that.shape) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "HostTensor" + Arrays.toString(shape);
    }
}
