package org.okdhp.core.model;

import java.util.List;
import org.okdhp.core.fau.FauVariant;

/**
 * The shape of an OKDHP network: feature width F, joints J, S shared stacks on the stem output,
 * then K branches of n_b stacks each, all starting from the same shared output.
 *
 * @param features feature width F (mid width F/2; the FAU squeezes to F/4)
 * @param joints heatmaps per stack, J
 * @param sharedStacks S >= 0
 * @param branches the stack count of each branch, K >= 1 entries >= 1
 * @param hourglassDepth levels per hourglass (4 in the paper)
 * @param fau the FAU form, used when K > 1
 */
public record OkdhpArchitecture(
        int features, int joints, int sharedStacks, List<Integer> branches, int hourglassDepth, FauVariant fau) {

    public static final int DEFAULT_FEATURES = 256;
    public static final int DEFAULT_DEPTH = 4;
    /** The stem halves twice before the first hourglass. */
    public static final int STEM_STRIDE = 4;

    public OkdhpArchitecture {
        branches = List.copyOf(branches);
        require(features >= 4 && features % 4 == 0, "features must be a positive multiple of 4, got " + features);
        require(joints >= 1, "joints must be >= 1, got " + joints);
        require(sharedStacks >= 0, "shared stacks must be >= 0, got " + sharedStacks);
        require(!branches.isEmpty(), "at least one branch is needed");
        require(branches.stream().allMatch(n -> n >= 1), "every branch needs >= 1 stack, got " + branches);
        require(hourglassDepth >= 1, "hourglass depth must be >= 1, got " + hourglassDepth);
    }

    /** A plain N-stack hourglass of the paper's depth: one branch, nothing shared. */
    public static OkdhpArchitecture hourglass(int features, int joints, int stacks) {
        return hourglass(features, joints, stacks, DEFAULT_DEPTH);
    }

    /** A plain N-stack hourglass with {@code depth} levels per hourglass. */
    public static OkdhpArchitecture hourglass(int features, int joints, int stacks, int depth) {
        return new OkdhpArchitecture(features, joints, 0, List.of(stacks), depth, FauVariant.RELEASED);
    }

    public int branchCount() {
        return branches.size();
    }

    /** Stacks in the whole network: shared plus every branch's. */
    public int totalStacks() {
        return sharedStacks + branches.stream().mapToInt(Integer::intValue).sum();
    }

    /** Index of branch b's final heatmap among the network's outputs. */
    public int finalOutputOf(int branch) {
        int index = sharedStacks - 1;
        for (int b = 0; b <= branch; b++) {
            index += branches.get(b);
        }
        return index;
    }

    /** The architecture of the deployed model after pruning to branch b: a plain (S + n_b)-stack hourglass. */
    public OkdhpArchitecture prunedTo(int branch) {
        return new OkdhpArchitecture(features, joints, 0, List.of(sharedStacks + branches.get(branch)),
                hourglassDepth, fau);
    }

    /** The side divisor an input must respect: the stem's 4 times the hourglass's 2^depth. */
    public int inputDivisor() {
        return STEM_STRIDE << hourglassDepth;
    }

    /** Fails with a clear message when an input height or width would not survive the hourglass. */
    public void requireInputSize(long height, long width) {
        int d = inputDivisor();
        require(height > 0 && width > 0 && height % d == 0 && width % d == 0,
                "input size " + height + "x" + width + " must be positive multiples of " + d
                        + " (stem stride 4 x 2^" + hourglassDepth + " hourglass levels)");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
