package org.okdhp.data.dataset;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.util.SplittableRandom;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.image.ImageReadException;
import org.okdhp.data.image.RgbImage;
import org.okdhp.data.heatmap.HeatmapTarget;
import org.okdhp.data.transform.Affine;
import org.okdhp.data.transform.AffineCrop;
import org.okdhp.data.transform.Augmentation;
import org.okdhp.data.transform.BilinearWarp;
import org.okdhp.data.transform.CropBox;
import org.okdhp.data.transform.HorizontalFlip;

/**
 * Top-down pose samples (MPII and COCO alike): one person crop per {@link PoseInstance}, its
 * Gaussian targets and target weights. In train mode each sample is augmented (scale, rotation,
 * flip) from its own generator seeded by (seed, epoch, index), so a sample is the same whatever
 * thread makes it and in whatever order; eval mode crops the box as annotated.
 *
 * <p>Two ways to consume it: {@link PoseBatchLoader} (parallel, prefetching, with per-sample
 * meta for validation) is what training uses; DJL's {@link #getData} also works through
 * {@link #get}, which augments for the epoch set with {@link #setEpoch}.
 */
public final class TopDownDataset extends RandomAccessDataset {

    /** Whether samples are augmented. */
    public enum Mode {
        TRAIN,
        EVAL
    }

    private final PoseSource source;
    private final TopDownConfig config;
    private final Mode mode;
    private final long seed;
    private volatile int epoch;

    private TopDownDataset(Builder builder) {
        super(builder);
        this.source = builder.source;
        this.config = builder.config;
        this.mode = builder.mode;
        this.seed = builder.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    public PoseSource source() {
        return source;
    }

    public TopDownConfig config() {
        return config;
    }

    public Mode mode() {
        return mode;
    }

    public long seed() {
        return seed;
    }

    /** The number of instances. */
    public int instanceCount() {
        return source.instances().size();
    }

    /** The epoch whose augmentation {@link #get} uses (the loader passes epochs explicitly). */
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    /** The augmentation sample {@code index} gets in {@code epoch} (NONE in eval mode). */
    public Augmentation augmentation(int index, int epoch) {
        if (mode == Mode.EVAL) {
            return Augmentation.NONE;
        }
        SplittableRandom random = new SplittableRandom(DerivedSeed.of(seed, epoch, index));
        Augmentation drawn = Augmentation.sample(random, config.augmentation());
        // A set without flip pairs cannot say which keypoint a mirrored one is: no flip then.
        boolean flippable = source.jointSet().flipPairs().length > 0;
        return drawn.flip() && !flippable ? new Augmentation(drawn.scaleMultiplier(), drawn.rotationDegrees(), false)
                : drawn;
    }

    /**
     * Decodes, augments and encodes one sample. Thread-safe.
     *
     * @throws ImageReadException when the instance's image cannot be read (the message names it)
     */
    public PoseSample sample(int index, int epoch) throws ImageReadException {
        PoseInstance instance = source.instances().get(index);
        RgbImage image = source.images().read(instance.image());
        Augmentation aug = augmentation(index, epoch);

        float[][] joints = instance.joints();
        float[] visibility = instance.visibility();
        CropBox box = new CropBox(instance.centerX(), instance.centerY(),
                instance.scale() * aug.scaleMultiplier(), aug.rotationDegrees());
        if (aug.flip()) {
            joints = HorizontalFlip.joints(joints, image.width(), source.jointSet());
            visibility = HorizontalFlip.swapPairs(visibility, source.jointSet());
            box = HorizontalFlip.box(box, image.width());
        }
        Affine imageToInput = AffineCrop.imageToCrop(box, config.inputSize().width(), config.inputSize().height());
        // Warping the mirrored image with M equals warping the original with M after the mirror
        // (x -> w-1-x is its own inverse), so the flip costs no image copy.
        Affine pixelsToInput = aug.flip() ? imageToInput.after(Affine.mirrorX(image.width())) : imageToInput;
        float[] input = BilinearWarp.toNormalizedChw(
                image, pixelsToInput, config.inputSize().width(), config.inputSize().height(), config.normalization());
        float[][] inputJoints = imageToInput.apply(joints);
        HeatmapTarget target = config.codec().encode(inputJoints, visibility);
        float[] weights = target.weights().clone();
        for (int j = 0; j < weights.length; j++) {
            // The set's per-keypoint loss weights scale the target weights, so the loss stays as it is.
            weights[j] *= source.jointSet().weights().get(j).floatValue();
        }
        SampleMeta meta = new SampleMeta(index, instance.imageId(), instance.image(), box, aug.flip(), instance.score());
        return new PoseSample(input, target.heatmaps(), weights, inputJoints, meta);
    }

    /** DJL's record: data {@code [input 3xHxW]}, labels {@code [target Jxhxw, weight J]}, for the current epoch. */
    @Override
    public Record get(NDManager manager, long index) throws ImageReadException {
        PoseSample s = sample(Math.toIntExact(index), epoch);
        int joints = s.targetWeight().length;
        NDList data = new NDList(manager.create(s.input(), inputShape()));
        NDList labels = new NDList(
                manager.create(s.target(), new Shape(joints, config.heatmapSize().height(), config.heatmapSize().width())),
                manager.create(s.targetWeight(), new Shape(joints)));
        return new Record(data, labels);
    }

    /** {@code [3, H, W]} of one input. */
    public Shape inputShape() {
        return new Shape(3, config.inputSize().height(), config.inputSize().width());
    }

    @Override
    protected long availableSize() {
        return instanceCount();
    }

    @Override
    public void prepare(Progress progress) {
        // Instances are in memory already; images are decoded per sample.
    }

    /** Builds a {@link TopDownDataset}; DJL sampling defaults to batches of 16, shuffled in train mode. */
    public static final class Builder extends RandomAccessDataset.BaseBuilder<Builder> {

        private static final int DEFAULT_BATCH_SIZE = 16;

        private PoseSource source;
        private TopDownConfig config = TopDownConfig.mpii();
        private Mode mode = Mode.EVAL;
        private long seed;

        public Builder source(PoseSource value) {
            this.source = value;
            return this;
        }

        public Builder config(TopDownConfig value) {
            this.config = value;
            return this;
        }

        /** Train mode: augmented, reproducible from {@code value}. */
        public Builder train(long value) {
            this.mode = Mode.TRAIN;
            this.seed = value;
            return this;
        }

        /** Eval mode (the default): boxes as annotated, no randomness. */
        public Builder eval() {
            this.mode = Mode.EVAL;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public TopDownDataset build() {
            if (source == null) {
                throw new IllegalStateException("a PoseSource is required");
            }
            if (sampler == null) {
                setSampling(DEFAULT_BATCH_SIZE, mode == Mode.TRAIN);
            }
            return new TopDownDataset(this);
        }
    }
}
