package org.okdhp.train.data;

import org.okdhp.data.dataset.PoseSource;

/**
 * A validation split on its own, for scoring a finished model: the people (and boxes) in the
 * order predictions are made and the protocol that scores them. No training annotation is read.
 */
public record ValidationData(PoseSource validation, ValidationProtocol protocol) {}
