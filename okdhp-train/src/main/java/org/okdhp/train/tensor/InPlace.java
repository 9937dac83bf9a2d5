package org.okdhp.train.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * In-place writes to parameter arrays and their gradients that are safe on DJL's PyTorch engine.
 *
 * <p>Why this exists (checked by running DJL 0.35.1): an in-place op on a leaf that requires
 * gradients throws "a leaf Variable that requires grad is being used in an in-place operation"
 * while a {@code GradientCollector} is open; a detached view ({@link NDArray#stopGradient()})
 * shares the storage and can be written at any time. {@code NDArray.set(Buffer)} on such a view
 * swaps in a new tensor instead of writing the shared one, so values are copied with an indexed
 * put over the whole array ({@code "..."}); an empty {@link NDIndex} is rejected by libtorch.
 */
public final class InPlace {

    private static final NDIndex WHOLE_ARRAY = new NDIndex("...");

    private InPlace() {}

    /**
     * A view of {@code array} that shares its storage but records no gradients, attached to
     * {@code scope} so that closing the scope frees the view (not the storage).
     */
    public static NDArray writableView(NDArray array, NDManager scope) {
        NDArray view = array.stopGradient();
        view.attach(scope);
        return view;
    }

    /** Copies {@code source}'s values into {@code target} on {@code target}'s device. */
    public static void copy(NDArray source, NDArray target) {
        try (NDManager scope = target.getManager().newSubManager(target.getDevice())) {
            NDArray onDevice = source.toDevice(target.getDevice(), false);
            if (onDevice != source) {
                onDevice.attach(scope);
            }
            writableView(target, scope).set(WHOLE_ARRAY, onDevice);
        }
    }

    /**
     * The gradient of {@code array}, as a handle attached to {@code scope}; writes to it change the
     * real gradient. Where no backward pass has produced one yet, DJL returns fresh zeros.
     */
    public static NDArray gradient(NDArray array, NDManager scope) {
        NDArray gradient = array.getGradient();
        gradient.attach(scope);
        return gradient;
    }

    /**
     * Sets every element of {@code array}, which must not record gradients (such as a packed
     * gradient buffer), to {@code value} in place: exact also over NaN and infinity, which
     * multiplying by zero would keep.
     */
    public static void fill(NDArray array, float value) {
        try (NDManager scope = array.getManager().newSubManager(array.getDevice())) {
            array.set(WHOLE_ARRAY, scope.create(value)); // set(index, Number) leaves its scalar behind
        }
    }

    /** Whether a backward pass has produced a gradient tensor for {@code array} (DJL's getGradient cannot tell). */
    public static boolean hasGradientTensor(NDArray array) {
        PtNDArray gradient = JniUtils.getGradient((PtNDArray) array);
        if (gradient == null) {
            return false;
        }
        gradient.close();
        return true;
    }

    /**
     * Sets the gradient of {@code array} to exactly zero (also where it held NaN or infinity), in
     * place, so the next backward pass accumulates into the same tensor. One engine call (libtorch's
     * {@code grad().zero_()}), where an indexed put takes three and a temporary: this runs for every
     * parameter on every step. A gradient that was never produced stays undefined.
     */
    public static void zeroGradient(NDArray array) {
        JniUtils.zeroGrad((PtNDArray) array);
    }
}
