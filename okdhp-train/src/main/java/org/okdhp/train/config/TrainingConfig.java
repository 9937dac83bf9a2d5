package org.okdhp.train.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** Writes the fully resolved configuration as YAML (e.g. into the run folder); {@link ConfigLoader#read} reads it back equal. */
    public void writeYaml(Path file) throws IOException {
        Files.writeString(file, toYaml());
    }

    public String toYaml() {
        return write(ConfigMapper.YAML);
    }

    /** The form stored in checkpoints; {@link ConfigLoader#fromJson} reads it back equal. */
    public String toJson() {
        return write(ConfigMapper.JSON);
    }

    private String write(ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a configuration record always serializes", e);
        }
    }
}
