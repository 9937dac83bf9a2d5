package org.okdhp.train.loop;

import java.util.List;
import org.okdhp.data.synthetic.SyntheticConfig;
import org.okdhp.data.synthetic.SyntheticPoseDataset;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.data.PckhProtocol;
import org.okdhp.train.data.TrainingData;

/** Runs small enough for unit tests: a narrow network on a few 64x64 synthetic images. */
final class TinyRuns {

    private TinyRuns() {}

    static TrainingConfig config(int epochs) {
        return ConfigLoader.load("demo", List.of(
                "model.features=8", "model.shared_stacks=1", "model.branches=1,1",
                "data.input_size=64x64", "data.heatmap_size=16x16", "data.workers=2",
                "optim.epochs=" + epochs, "optim.batch_size=4", "optim.milestones=1",
                "distillation.ramp_length=2", "run.seed=3"));
    }

    static TrainingData synthetic(int trainSize, int validationSize) {
        SyntheticPoseDataset train = SyntheticPoseDataset.generate(SyntheticConfig.of(trainSize, 1).withImageSize(64, 64));
        SyntheticPoseDataset validation = SyntheticPoseDataset.generate(SyntheticConfig.of(validationSize, 2).withImageSize(64, 64));
        return new TrainingData(train.source(), validation.source(), PckhProtocol.of(validation.instances()));
    }
}
