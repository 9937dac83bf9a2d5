package org.okdhp.data.annotation;

import java.util.List;

/**
 * The semantics of a keypoint layout: joint names in network order, the left/right pairs that a
 * horizontal flip swaps, and the bones drawn in overlays.
 */
public record JointSet(String name, List<String> jointNames, int[][] flipPairs, int[][] skeleton) {

    /** MPII's 16 joints in the order of the spec (section 5). */
    public static final JointSet MPII = new JointSet(
            "mpii",
            List.of("r_ankle", "r_knee", "r_hip", "l_hip", "l_knee", "l_ankle", "pelvis", "thorax",
                    "upper_neck", "head_top", "r_wrist", "r_elbow", "r_shoulder", "l_shoulder",
                    "l_elbow", "l_wrist"),
            new int[][] {{0, 5}, {1, 4}, {2, 3}, {10, 15}, {11, 14}, {12, 13}},
            new int[][] {{0, 1}, {1, 2}, {2, 6}, {6, 3}, {3, 4}, {4, 5}, {6, 7}, {7, 8}, {8, 9},
                    {7, 12}, {12, 11}, {11, 10}, {7, 13}, {13, 14}, {14, 15}});

    /** The 17 keypoints of COCO's person category. */
    public static final JointSet COCO = new JointSet(
            "coco",
            List.of("nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
                    "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
                    "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle"),
            new int[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}, {11, 12}, {13, 14}, {15, 16}},
            new int[][] {{15, 13}, {13, 11}, {16, 14}, {14, 12}, {11, 12}, {5, 11}, {6, 12},
                    {5, 6}, {5, 7}, {6, 8}, {7, 9}, {8, 10}, {1, 2}, {0, 1}, {0, 2}, {1, 3},
                    {2, 4}, {3, 5}, {4, 6}});

    public int size() {
        return jointNames.size();
    }

    /** For each joint, the joint it becomes under a horizontal flip (itself when unpaired). */
    public int[] flipPermutation() {
        int[] perm = new int[size()];
        for (int j = 0; j < perm.length; j++) {
            perm[j] = j;
        }
        for (int[] pair : flipPairs) {
            perm[pair[0]] = pair[1];
            perm[pair[1]] = pair[0];
        }
        return perm;
    }

    /** MPII or COCO by name, case-insensitive. */
    public static JointSet named(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "mpii" -> MPII;
            case "coco" -> COCO;
            default -> throw new IllegalArgumentException("unknown joint set '" + name + "' (mpii or coco)");
        };
    }
}
