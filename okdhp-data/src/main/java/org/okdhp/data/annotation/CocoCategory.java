package org.okdhp.data.annotation;

import java.util.List;

/**
 * A category of a COCO file: for keypoint categories, the keypoint names in the order of each
 * annotation's keypoint triples, and the skeleton as 1-based keypoint index pairs (COCO's
 * convention; empty when the file has none).
 */
public record CocoCategory(long id, String name, List<String> keypoints, List<int[]> skeleton) {

    public CocoCategory {
        keypoints = List.copyOf(keypoints);
        skeleton = skeleton.stream().map(int[]::clone).toList();
    }

    /** A category without a skeleton. */
    public CocoCategory(long id, String name, List<String> keypoints) {
        this(id, name, keypoints, List.of());
    }

    @Override
    public List<int[]> skeleton() {
        return skeleton.stream().map(int[]::clone).toList();
    }
}
