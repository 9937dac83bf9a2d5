package org.okdhp.train.loop;

/** Hooks into a running training loop: progress reporting, tests, fault injection. */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {};

    /** After the optimizer step {@code globalStep} (1-based count of steps taken) of {@code epoch}. */
    default void afterStep(int epoch, long globalStep) {}

    /** After epoch {@code epoch} (0-based) is logged and checkpointed. */
    default void afterEpoch(int epoch) {}
}
