package org.okdhp.train.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The Feature Aggregation Unit's form (method doc section 2). */
public enum FauVariant {
    /** As in the authors' released code: multi-kernel convs on the stem output, summed. The default. */
    @JsonProperty("released") RELEASED,
    /** The paper figure's richer unit (1x1 convs per path, extra pooled path, concatenation). */
    @JsonProperty("paper") PAPER
}
