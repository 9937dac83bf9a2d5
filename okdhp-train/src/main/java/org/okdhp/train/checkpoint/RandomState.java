package org.okdhp.train.checkpoint;

/**
 * The randomness a resumed run needs to continue as if never interrupted.
 *
 * @param generatorState the training loop's {@link org.okdhp.train.random.SplitMix64} state
 *     (shuffling, augmentation seeds) at the end of the checkpointed epoch
 * @param engineSeed the seed the loop passes to {@code Engine.setRandomSeed} (libtorch's
 *     generator state cannot be read through DJL, so the loop reseeds it from this value)
 */
public record RandomState(long generatorState, long engineSeed) {}
