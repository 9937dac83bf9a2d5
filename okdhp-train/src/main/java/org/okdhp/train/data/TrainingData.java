package org.okdhp.train.data;

import org.okdhp.data.dataset.PoseSource;

/**
 * A dataset ready for training: the training split, the validation split (people and boxes in the
 * order predictions are made) and the protocol that scores predictions on it.
 */
public record TrainingData(PoseSource train, PoseSource validation, ValidationProtocol protocol) {}
