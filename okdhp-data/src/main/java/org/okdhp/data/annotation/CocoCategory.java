package org.okdhp.data.annotation;

import java.util.List;

/**
 * A category of a COCO file; for person keypoints, the 17 keypoint names in file order.
 */
public record CocoCategory(long id, String name, List<String> keypoints) {

    public CocoCategory {
        keypoints = List.copyOf(keypoints);
    }
}
