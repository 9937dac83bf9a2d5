package org.okdhp.core.fau;

/** Which Feature Aggregation Unit to build. */
public enum FauVariant {
    /** As the authors released it (the default, and what the reference vectors check). */
    RELEASED,
    /** The richer form of the paper's figure: 1x1 convs per path, an average-pool path, concatenation. */
    PAPER
}
