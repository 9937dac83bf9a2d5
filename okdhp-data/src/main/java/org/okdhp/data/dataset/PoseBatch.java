package org.okdhp.data.dataset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.Function;
import org.okdhp.data.transform.CropBox;

/**
 * One training or validation batch. Its arrays live in their own sub-manager of the manager the
 * loader was given; {@link #close()} frees them, so a loop that closes every batch keeps native
 * memory flat.
 */
public final class PoseBatch implements AutoCloseable {

    private final NDManager manager;
    private final NDArray input;
    private final NDArray target;
    private final NDArray targetWeight;
    private final List<SampleMeta> meta;

    private PoseBatch(NDManager manager, NDArray input, NDArray target, NDArray targetWeight, List<SampleMeta> meta) {
        this.manager = manager;
        this.input = input;
        this.target = target;
        this.targetWeight = targetWeight;
        this.meta = meta;
    }

    /** Stacks samples into a new sub-manager of {@code parent}. */
    static PoseBatch of(NDManager parent, List<PoseSample> samples, TopDownConfig config) {
        int b = samples.size();
        int joints = samples.get(0).targetWeight().length;
        NDManager manager = parent.newSubManager();
        try {
            NDArray input = stack(manager, samples, PoseSample::input,
                    new Shape(b, 3, config.inputSize().height(), config.inputSize().width()));
            NDArray target = stack(manager, samples, PoseSample::target,
                    new Shape(b, joints, config.heatmapSize().height(), config.heatmapSize().width()));
            NDArray weight = stack(manager, samples, PoseSample::targetWeight, new Shape(b, joints));
            List<SampleMeta> meta = samples.stream().map(PoseSample::meta).toList();
            return new PoseBatch(manager, input, target, weight, meta);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** One copy from the samples' arrays into a direct buffer that becomes the tensor. */
    private static NDArray stack(NDManager manager, List<PoseSample> samples, Function<PoseSample, float[]> part,
            Shape shape) {
        ByteBuffer bytes = manager.allocateDirect(Math.toIntExact(shape.size() * Float.BYTES));
        FloatBuffer floats = bytes.asFloatBuffer();
        for (PoseSample sample : samples) {
            floats.put(part.apply(sample));
        }
        return manager.create(bytes, shape, DataType.FLOAT32);
    }

    /** {@code [B, 3, H, W]} normalised input. */
    public NDArray input() {
        return input;
    }

    /** {@code [B, J, h, w]} Gaussian targets. */
    public NDArray target() {
        return target;
    }

    /** {@code [B, J]} target weights. */
    public NDArray targetWeight() {
        return targetWeight;
    }

    /** Per-sample meta, in batch order. */
    public List<SampleMeta> meta() {
        return meta;
    }

    /** The crop boxes to decode predictions with, in batch order. */
    public List<CropBox> boxes() {
        return meta.stream().map(SampleMeta::box).toList();
    }

    public int size() {
        return meta.size();
    }

    /** The manager owning this batch's arrays; attach per-step results here to free them with the batch. */
    public NDManager manager() {
        return manager;
    }

    /**
     * The same arrays as a DJL {@link Batch} (data: input; labels: target, target weight) for
     * DJL's trainer utilities. Closing either closes both.
     */
    public Batch asDjlBatch(long progress, long progressTotal) {
        return new Batch(manager, new NDList(input), new NDList(target, targetWeight), size(),
                Batchifier.STACK, Batchifier.STACK, progress, progressTotal,
                meta.stream().map(SampleMeta::index).toList());
    }

    @Override
    public void close() {
        manager.close();
    }
}
