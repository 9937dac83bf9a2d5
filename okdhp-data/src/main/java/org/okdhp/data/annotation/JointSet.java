package org.okdhp.data.annotation;

import java.util.Collections;
import java.util.List;

/**
 * A keypoint set, the one description of what a network's heatmaps stand for: joint names in
 * network order, the left/right pairs that a horizontal flip swaps (none: no flip augmentation and
 * no flip test), the bones drawn in overlays, the per-keypoint OKS sigmas that COCO-style AP needs
 * (empty when unknown) and per-keypoint loss weights. MPII's 16 and COCO's 17 are built in; any
 * other set comes from a keypoint-set file ({@link KeypointSetFile}) or a COCO file's category
 * ({@link #fromCocoCategory}).
 *
 * @param sigmas OKS sigmas in joint order, or empty
 * @param weights loss weights in joint order (1 for every joint unless a file says otherwise)
 */
public record JointSet(String name, List<String> jointNames, int[][] flipPairs, int[][] skeleton, List<Double> sigmas,
        List<Double> weights) {

    public JointSet {
        jointNames = List.copyOf(jointNames);
        sigmas = List.copyOf(sigmas);
        weights = List.copyOf(weights);
        if (!sigmas.isEmpty() && sigmas.size() != jointNames.size()) {
            throw new IllegalArgumentException(sigmas.size() + " sigmas for " + jointNames.size() + " joints");
        }
        if (weights.size() != jointNames.size()) {
            throw new IllegalArgumentException(weights.size() + " weights for " + jointNames.size() + " joints");
        }
    }

    /** A set with unit loss weights and, unless given, no sigmas. */
    public JointSet(String name, List<String> jointNames, int[][] flipPairs, int[][] skeleton) {
        this(name, jointNames, flipPairs, skeleton, List.of(), Collections.nCopies(jointNames.size(), 1.0));
    }

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
                    {2, 4}, {3, 5}, {4, 6}},
            // pycocotools' default kpt_oks_sigmas: standard deviations of human labels, per keypoint.
            List.of(.026, .025, .025, .035, .035, .079, .079, .072, .072, .062, .062, .107, .107, .087, .087, .089,
                    .089),
            Collections.nCopies(17, 1.0));

    public int size() {
        return jointNames.size();
    }

    /** Whether COCO-style AP can be computed for this set. */
    public boolean hasSigmas() {
        return !sigmas.isEmpty();
    }

    /**
     * The set a COCO file's category describes: its keypoint names in file order and its 1-based
     * skeleton; flip pairs from left/right naming where every such name has exactly one partner
     * ({@link FlipPairs#inferred}); COCO's person sigmas when the names are COCO's 17, none otherwise.
     */
    public static JointSet fromCocoCategory(CocoCategory category) {
        List<String> names = category.keypoints();
        int[][] skeleton = category.skeleton().stream().map(bone -> new int[] {bone[0] - 1, bone[1] - 1})
                .toArray(int[][]::new);
        List<Double> sigmas = names.equals(COCO.jointNames()) ? COCO.sigmas() : List.of();
        return new JointSet(category.name(), names, FlipPairs.inferred(names), skeleton, sigmas,
                Collections.nCopies(names.size(), 1.0));
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
