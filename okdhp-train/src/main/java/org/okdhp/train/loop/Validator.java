package org.okdhp.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.model.OkdhpOutput;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.dataset.PoseBatch;
import org.okdhp.data.dataset.LoaderConfig;
import org.okdhp.data.dataset.PoseBatchLoader;
import org.okdhp.data.dataset.TopDownConfig;
import org.okdhp.data.dataset.TopDownDataset;
import org.okdhp.data.heatmap.DecodedPose;
import org.okdhp.data.heatmap.HeatmapCodec;
import org.okdhp.train.data.TrainingData;
import org.okdhp.train.data.ValidationData;
import org.okdhp.train.data.ValidationProtocol;

/**
 * Scores every branch's final heatmap and the FAU ensemble on a validation split, in inference
 * mode, optionally with the flip test, and averages the FAU's attention per branch and joint.
 */
public final class Validator implements AutoCloseable {

    private final PoseBatchLoader loader;
    private final ValidationProtocol protocol;
    private final HeatmapCodec codec;
    private final JointSet jointSet;
    private final boolean flipTest;

    /**
     * @param loader an evaluation-mode loader over the validation split, in dataset order; closed with this
     * @param codec how the loader's crops were made and how heatmaps decode
     */
    public Validator(PoseBatchLoader loader, ValidationProtocol protocol, HeatmapCodec codec, JointSet jointSet,
            boolean flipTest) {
        this.loader = loader;
        this.protocol = protocol;
        this.codec = codec;
        this.jointSet = jointSet;
        this.flipTest = flipTest;
    }

    /** A validator over {@code data}'s validation split, cropped and normalised as {@code crops} says. */
    public static Validator of(TrainingData data, TopDownConfig crops, int batchSize, int workers, boolean flipTest) {
        return of(new ValidationData(data.validation(), data.protocol()), crops, batchSize, workers, flipTest);
    }

    /** Scores a model on a validation split read on its own (no training split). */
    public static Validator of(ValidationData data, TopDownConfig crops, int batchSize, int workers, boolean flipTest) {
        PoseBatchLoader loader = new PoseBatchLoader(
                TopDownDataset.builder().source(data.validation()).config(crops).eval().build(),
                LoaderConfig.evaluation(batchSize).withThreads(workers));
        return new Validator(loader, data.protocol(), crops.codec(), data.validation().jointSet(), flipTest);
    }

    @Override
    public void close() {
        loader.close();
    }

    public ValidationResult validate(OkdhpNetwork network, NDManager manager) {
        int branches = network.architecture().branchCount();
        int joints = network.architecture().joints();
        List<List<DecodedPose>> perBranch = new ArrayList<>();
        for (int b = 0; b < branches; b++) {
            perBranch.add(new ArrayList<>());
        }
        List<DecodedPose> ensemble = new ArrayList<>();
        double[][] attention = new double[branches][joints];
        long people = 0;
        for (PoseBatch batch : loader.epoch(0, manager)) {
            try (batch) {
                ParameterStore ps = new ParameterStore(batch.manager(), false);
                OkdhpOutput plain = network.run(ps, batch.input(), false);
                OkdhpOutput flipped = flipTest ? network.run(ps, HeatmapCodec.flipInput(batch.input()), false) : null;
                for (int b = 0; b < branches; b++) {
                    perBranch.get(b).addAll(decode(plain.branchFinal(b), flipped == null ? null : flipped.branchFinal(b), batch));
                }
                if (plain.hasEnsemble()) {
                    ensemble.addAll(decode(plain.ensemble(), flipped == null ? null : flipped.ensemble(), batch));
                    addAttention(plain.attention(), attention);
                }
                people += batch.size();
            }
        }
        List<Map<String, Double>> branchScores = new ArrayList<>();
        for (List<DecodedPose> predictions : perBranch) {
            branchScores.add(protocol.evaluate(predictions));
        }
        if (branches == 1) {
            return new ValidationResult(protocol.metricName(), branchScores, null, null);
        }
        for (double[] row : attention) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= people;
            }
        }
        return new ValidationResult(protocol.metricName(), branchScores, protocol.evaluate(ensemble), attention);
    }

    /**
     * A deployed model's score: {@code heatmaps} turns a batch of crops into the prediction's
     * heatmaps, by whatever engine runs the model ({@code PoseModel::heatmaps}); with the flip test
     * when this validator does it. One branch, no ensemble.
     */
    public ValidationResult validate(UnaryOperator<NDArray> heatmaps, NDManager manager) {
        List<DecodedPose> predictions = new ArrayList<>();
        for (PoseBatch batch : loader.epoch(0, manager)) {
            try (batch) {
                NDArray plain = heatmaps.apply(batch.input());
                NDArray flipped = flipTest ? heatmaps.apply(HeatmapCodec.flipInput(batch.input())) : null;
                predictions.addAll(decode(plain, flipped, batch));
            }
        }
        return new ValidationResult(protocol.metricName(), List.of(protocol.evaluate(predictions)), null, null);
    }

    private List<DecodedPose> decode(NDArray heatmaps, NDArray flippedHeatmaps, PoseBatch batch) {
        return flippedHeatmaps == null
                ? codec.decode(heatmaps, batch.boxes())
                : codec.decode(heatmaps, flippedHeatmaps, jointSet, batch.boxes());
    }

    /** Adds alpha [B, K, J] summed over the batch into {@code sums[K][J]}. */
    private static void addAttention(NDArray alpha, double[][] sums) {
        float[] batchSum = alpha.sum(new int[] {0}).toFloatArray();
        int joints = sums[0].length;
        for (int k = 0; k < sums.length; k++) {
            for (int j = 0; j < joints; j++) {
                sums[k][j] += batchSum[k * joints + j];
            }
        }
    }
}
