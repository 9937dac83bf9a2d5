package org.okdhp.train.loop;

import org.okdhp.core.model.OkdhpNetwork;

/**
 * What a finished run leaves: the trained network (its arrays live until the run is closed), the
 * last validation, and the run folder.
 *
 * @param steps optimizer steps taken over the whole run
 * @param skippedSamples training samples skipped because their image could not be read
 *     ({@code run.skip_unreadable_samples}), counted once per epoch they were due, in this process
 */
public record TrainingOutcome(
        OkdhpNetwork network, ValidationResult validation, RunFolder folder, long steps, long skippedSamples) {}
