package org.okdhp.train.config;

import org.okdhp.core.fau.FauVariant;
import org.okdhp.core.model.Backbone;
import org.okdhp.core.model.OkdhpArchitecture;

import java.util.List;

/**
 * The multi-branch network (method doc sections 1 and 9): a stacked hourglass, or a light student.
 *
 * @param features channel width F of the hourglasses (mid width F/2, stem F/4); not used by a student
 * @param joints heatmaps per stack: 16 for MPII, 17 for COCO
 * @param sharedStacks S stacks on the stem output shared by all branches; 0 for a student
 * @param branches stacks per branch; [2, 2, 2] is balanced, [2, 4, 6] unbalanced; a student's are all 1
 * @param hourglassDepth pooling levels per hourglass (4: 64 to 4 pixels at 256 input); not used by a student
 * @param fau which Feature Aggregation Unit weighs the branches into the ensemble
 * @param backbone what the branches share: {@code hourglass} (the default) or a student's ImageNet backbone
 * @param backboneWeights a torchvision ImageNet state_dict as .npz for a student's backbone, or null
 */
public record ModelConfig(int features, int joints, int sharedStacks, List<Integer> branches, int hourglassDepth,
        FauVariant fau, Backbone backbone, String backboneWeights) {

    public ModelConfig {
        branches = List.copyOf(branches);
    }

    /** A stacked hourglass. */
    public ModelConfig(int features, int joints, int sharedStacks, List<Integer> branches, int hourglassDepth,
            FauVariant fau) {
        this(features, joints, sharedStacks, branches, hourglassDepth, fau, Backbone.HOURGLASS, null);
    }

    /** The paper's 4-stack MPII network ({@link OkdhpArchitecture#PAPER}). */
    public static ModelConfig defaults() {
        return of(OkdhpArchitecture.PAPER);
    }

    public static ModelConfig of(OkdhpArchitecture a) {
        return new ModelConfig(a.features(), a.joints(), a.sharedStacks(), a.branches(), a.hourglassDepth(), a.fau(),
                a.backbone(), null);
    }

    /** The network this configuration describes (its constructor rejects impossible shapes). */
    public OkdhpArchitecture architecture() {
        return new OkdhpArchitecture(features, joints, sharedStacks, branches, hourglassDepth, fau, backbone);
    }

    /** The stacks of the plain hourglass left when only branch {@code branch} is kept (1 head for a student). */
    public int deployedStacks(int branch) {
        return sharedStacks + branches.get(branch);
    }
}
