package org.okdhp.train.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where training runs. */
public enum DeviceKind {
    @JsonProperty("cpu") CPU,
    @JsonProperty("gpu") GPU
}
