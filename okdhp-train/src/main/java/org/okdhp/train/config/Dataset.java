package org.okdhp.train.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.synthetic.SyntheticPoseDataset;

/** Which data a run trains on. */
public enum Dataset {
    @JsonProperty("mpii") MPII(JointSet.MPII),
    @JsonProperty("coco") COCO(JointSet.COCO),
    /** Generated on the fly: needs no files, for demos and smoke tests. */
    @JsonProperty("synthetic") SYNTHETIC(SyntheticPoseDataset.JOINT_SET);

    private final JointSet jointSet;

    Dataset(JointSet jointSet) {
        this.jointSet = jointSet;
    }

    /** The joints this data set's people are labelled with, and so the joints a model trained on it predicts. */
    public JointSet jointSet() {
        return jointSet;
    }
}
