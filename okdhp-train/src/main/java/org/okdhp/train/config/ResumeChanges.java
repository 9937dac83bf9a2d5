package org.okdhp.train.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code --set} may change when a run is resumed. A resumed run continues the checkpoint's
 * computation, so only keys that say how long, where and how it executes may change: more
 * epochs, the workers, the device, the data folder (the same data moved), how often it validates
 * and saves; and, to recover from a loss that diverged, the learning rate and gradient clipping
 * (said on the console like every change). Anything else (the network, the data, the recipe, the seed) would silently make a
 * run that is neither the checkpoint's nor a fresh one, and is refused naming the key.
 *
 * @param config the configuration the resumed run uses
 * @param changes one line per changed key, to tell the user ({@code optim.epochs: 6 -> 10})
 */
public record ResumeChanges(TrainingConfig config, List<String> changes) {

    /** Keys a resumed run may take from {@code --set}. */
    public static final Set<String> CHANGEABLE = Set.of("optim.epochs", "optim.lr", "optim.grad_clip_norm",
            "data.workers", "data.data_root",
            "run.device", "run.device_ids", "run.validate_every", "run.checkpoint_every", "run.keep_checkpoint_every",
            "run.skip_unreadable_samples", "run.output_dir");

    /**
     * @param storedJson the configuration in the last checkpoint
     * @param source names the checkpoint in messages
     * @param overrides {@code key=value} assignments from the command line
     * @param completedEpochs epochs the checkpoint has finished; optim.epochs cannot go below
     * @throws ConfigException naming every key that may not change on resume, or an invalid value
     */
    public static ResumeChanges apply(String storedJson, String source, List<String> overrides, int completedEpochs) {
        TrainingConfig stored = ConfigLoader.fromJson(storedJson, source);
        if (overrides.isEmpty()) {
            return new ResumeChanges(stored, List.of());
        }
        TrainingConfig changed = ConfigLoader.fromJson(storedJson, source, overrides);
        List<String> changes = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        diff(ConfigMapper.JSON.valueToTree(stored), ConfigMapper.JSON.valueToTree(changed), "", (key, before, after) -> {
            String assignment = assignmentOf(key, overrides);
            if (!CHANGEABLE.contains(key)) {
                problems.add(new ConfigProblem(key, assignment, "cannot change when resuming (the checkpoint was trained"
                        + " with " + before + "); on resume only " + CHANGEABLE.stream().sorted().toList()
                        + " may change; start a new run to change it"));
            } else {
                changes.add(key + ": " + before + " -> " + after);
            }
        });
        if (changed.optim().epochs() < completedEpochs) {
            problems.add(new ConfigProblem("optim.epochs", assignmentOf("optim.epochs", overrides), "is "
                    + changed.optim().epochs() + " but the checkpoint has already finished " + completedEpochs + " epochs"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ResumeChanges(changed, List.copyOf(changes));
    }

    private interface Difference {
        void at(String key, JsonNode before, JsonNode after);
    }

    private static void diff(JsonNode before, JsonNode after, String prefix, Difference found) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = before.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode other = after.get(field.getKey());
            if (field.getValue().isObject()) {
                diff(field.getValue(), other, key + ".", found);
            } else if (!field.getValue().equals(other)) {
                found.at(key, field.getValue(), other);
            }
        }
    }

    /** The last assignment that names {@code key}, as the source of its value. */
    private static String assignmentOf(String key, List<String> overrides) {
        String found = "--set";
        for (String assignment : overrides) {
            if (assignment.startsWith(key + "=") || assignment.startsWith(key + " =")) {
                found = "--set " + assignment;
            }
        }
        return found;
    }
}
