package org.okdhp.train.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The channel order of network input. The ImageNet mean/std are applied in this order; the
 * authors' code feeds OpenCV's BGR, so weights trained by it expect BGR.
 */
public enum ColorOrder {
    @JsonProperty("RGB") RGB,
    @JsonProperty("BGR") BGR
}
