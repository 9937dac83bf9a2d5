package org.okdhp.train.loop;

import org.okdhp.core.model.OkdhpNetwork;

/**
 * What a finished run leaves: the trained network (its arrays live until the run is closed), the
 * last validation, and the run folder.
 */
public record TrainingOutcome(OkdhpNetwork network, ValidationResult validation, RunFolder folder, long steps) {}
