package org.okdhp.train.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which data a run trains on. */
public enum Dataset {
    @JsonProperty("mpii") MPII,
    @JsonProperty("coco") COCO,
    /** Generated on the fly: needs no files, for demos and smoke tests. */
    @JsonProperty("synthetic") SYNTHETIC
}
