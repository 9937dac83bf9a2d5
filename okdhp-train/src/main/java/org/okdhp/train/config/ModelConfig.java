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

    public ModelConfig {
        branches = List.copyOf(branches);
    }

    /** The paper's 4-stack MPII network ({@link OkdhpArchitecture#PAPER}). */
    public static ModelConfig defaults() {
        return of(OkdhpArchitecture.PAPER);
    }

    public static ModelConfig of(OkdhpArchitecture a) {
        return new ModelConfig(a.features(), a.joints(), a.sharedStacks(), a.branches(), a.hourglassDepth(), a.fau());
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
