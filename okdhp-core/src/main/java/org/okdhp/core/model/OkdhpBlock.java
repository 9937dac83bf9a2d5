package org.okdhp.core.model;

import ai.djl.nn.AbstractBlock;

/**
 * The base of this library's composite blocks: DJL's {@code AbstractBlock} that remembers being
 * initialised. DJL's training-mode {@code forward} asks every block {@code isInitialized()}, which
 * rebuilds the prefixed names of all parameters below it; with blocks nested five deep that is
 * thousands of strings per training step, a measurable share of a small network's step. Once
 * every parameter is initialised it stays so until {@link #clear()}.
 */
public abstract class OkdhpBlock extends AbstractBlock {

    private boolean initialized;

    @Override
    public boolean isInitialized() {
        if (!initialized) {
            initialized = super.isInitialized();
        }
        return initialized;
    }

    @Override
    public void clear() {
        initialized = false;
        super.clear();
    }
}
