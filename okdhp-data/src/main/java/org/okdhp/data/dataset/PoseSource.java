package org.okdhp.data.dataset;

import java.util.List;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.image.ImageSource;

/**
 * A set of annotated people and where their pixels come from: what an annotation reader (MPII,
 * COCO) or the synthetic generator hands to {@link TopDownDataset}.
 *
 * @param instances the people, in dataset order
 * @param jointSet their keypoint layout
 * @param images the pixels of {@link PoseInstance#image()}
 */
public record PoseSource(List<PoseInstance> instances, JointSet jointSet, ImageSource images) {

    public PoseSource {
        instances = List.copyOf(instances);
        for (PoseInstance instance : instances) {
            if (instance.jointCount() != jointSet.size()) {
                throw new IllegalArgumentException(instance.image() + ": " + instance.jointCount()
                        + " joints, but joint set " + jointSet.name() + " has " + jointSet.size());
            }
        }
    }
}
