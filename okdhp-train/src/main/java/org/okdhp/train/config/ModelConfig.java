package org.okdhp.train.config;

import org.okdhp.core.fau.FauVariant;
import org.okdhp.core.model.OkdhpArchitecture;

import java.util.List;

/**
 * The multi-branch stacked hourglass (method doc section 1).
 *
 * @param features channel width F of the hourglasses (mid width F/2, stem F/4)
 * @param joints heatmaps per stack: 16 for MPII, 17 for COCO
 * @param sharedStacks S stacks on the stem output shared by all branches
 * @param branches stacks per branch; [2, 2, 2] is balanced, [2, 4, 6] unbalanced
 * @param hourglassDepth pooling levels per hourglass (4: 64 to 4 pixels at 256 input)
 * @param fau which Feature Aggregation Unit weighs the branches into the ensemble
 */
public record ModelConfig(int features, int joints, int sharedStacks, List<Integer> branches, int hourglassDepth, FauVariant fau) {

    public static final int DEFAULT_FEATURES = 256;
    public static final int MPII_JOINTS = 16;
    public static final int COCO_JOINTS = 17;
    public static final int DEFAULT_SHARED_STACKS = 2;
    public static final List<Integer> DEFAULT_BRANCHES = List.of(2, 2, 2);
    public static final int DEFAULT_HOURGLASS_DEPTH = 4;

    public ModelConfig {
        branches = List.copyOf(branches);
    }

    /** The authors' 4-stack MPII network: 2 shared stacks, 3 branches of 2. */
    public static ModelConfig defaults() {
        return new ModelConfig(DEFAULT_FEATURES, MPII_JOINTS, DEFAULT_SHARED_STACKS, DEFAULT_BRANCHES,
                DEFAULT_HOURGLASS_DEPTH, FauVariant.RELEASED);
    }

    /** The network this configuration describes (its constructor rejects impossible shapes). */
    public OkdhpArchitecture architecture() {
        return new OkdhpArchitecture(features, joints, sharedStacks, branches, hourglassDepth, fau);
    }

    /** The stacks of the plain hourglass left when only branch {@code branch} is kept. */
    public int deployedStacks(int branch) {
        return sharedStacks + branches.get(branch);
    }
}
