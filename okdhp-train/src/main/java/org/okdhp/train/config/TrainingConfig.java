package org.okdhp.train.config;

/**
 * The whole training configuration as data. Defaults are the OKDHP authors' MPII recipe
 * (4-stack target, 2 shared + 3 x 2, Adam 2.5e-4, 150 epochs, batch 16). Load and check one with
 * {@link ConfigLoader}; keys in files are the snake_case forms of these component names.
 */
public record TrainingConfig(
        ModelConfig model, DataConfig data, OptimConfig optim, DistillationConfig distillation, RunConfig run) {

    public static TrainingConfig defaults() {
        return new TrainingConfig(ModelConfig.defaults(), DataConfig.defaults(), OptimConfig.defaults(),
                DistillationConfig.defaults(), RunConfig.defaults());
    }
}
