package org.okdhp.train.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.synthetic.SyntheticConfig;
import org.okdhp.data.synthetic.SyntheticPoseDataset;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.data.PckhProtocol;
import org.okdhp.train.data.TrainingData;

/** Runs small enough for unit tests: a narrow network on a few 64x64 synthetic images. */
final class TinyRuns {

    /** Where a test run's validation tables go when the test does not read them. */
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private TinyRuns() {}

    /** @param overrides further {@code --set} assignments, applied last */
    static TrainingConfig config(int epochs, String... overrides) {
        List<String> settings = new ArrayList<>(List.of(
                "model.features=8", "model.shared_stacks=1", "model.branches=1,1",
                "data.input_size=64x64", "data.heatmap_size=16x16", "data.workers=2",
                "optim.epochs=" + epochs, "optim.batch_size=4", "optim.milestones=1",
                "distillation.ramp_length=2", "run.seed=3"));
        settings.addAll(List.of(overrides));
        return ConfigLoader.load("demo", settings);
    }

    static TrainingData synthetic(int trainSize, int validationSize) {
        SyntheticPoseDataset train = SyntheticPoseDataset.generate(SyntheticConfig.of(trainSize, 1).withImageSize(ImageSize.square(64)));
        SyntheticPoseDataset validation = SyntheticPoseDataset.generate(SyntheticConfig.of(validationSize, 2).withImageSize(ImageSize.square(64)));
        return new TrainingData(train.source(), validation.source(), PckhProtocol.of(validation.instances()));
    }

    /** A copy of every weight and running statistic, by name. */
    static Map<String, float[]> weights(TrainingRun run) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> parameter : run.parameters().entrySet()) {
            copy.put(parameter.getKey(), parameter.getValue().getArray().toFloatArray());
        }
        return copy;
    }

    /** The weights after training {@code config} on {@code data} uninterrupted. */
    static Map<String, float[]> uninterrupted(TrainingConfig config, TrainingData data, RunFolder folder) throws Exception {
        try (TrainingRun run = TrainingRun.start(config, data, folder, Device.cpu(), QUIET)) {
            run.train();
            return weights(run);
        }
    }

    /** Every weight bit for bit, named in the failure. */
    static void assertSameWeights(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, values) -> assertArrayEquals(values, actual.get(name), name));
    }
}
