package org.okdhp.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.okdhp.core.fau.FauVariant;

/**
 * The shape of an OKDHP network. The stacked hourglass (the default backbone): feature width F,
 * joints J, S shared stacks on the stem output, then K branches of n_b stacks each, all starting
 * from the same shared output. A light student ({@link Backbone#isStudent()}): an ImageNet backbone
 * shared by K branches of one SimpleBaseline head each (every n_b is 1, S is 0; F and the depth
 * are the hourglass's and play no part).
 * Its rules ({@link #violations}, {@link #inputSizeProblem}) are written here only; configuration
 * checks report them under their own keys.
 *
 * @param features feature width F (mid width F/2; the stem and the FAU use F/4)
 * @param joints heatmaps per stack, J
 * @param sharedStacks S >= 0
 * @param branches the stack count of each branch, K >= 1 entries >= 1
 * @param hourglassDepth levels per hourglass (4 in the paper)
 * @param fau the FAU form, used when K > 1
 * @param backbone what the branches share
 */
public record OkdhpArchitecture(int features, int joints, int sharedStacks, List<Integer> branches,
        int hourglassDepth, FauVariant fau, Backbone backbone) {

    /** The paper's 4-stack MPII network: F 256, 16 joints, 2 shared stacks + 3 branches of 2, depth 4, the released FAU. */
    public static final OkdhpArchitecture PAPER = new OkdhpArchitecture(256, 16, 2, List.of(2, 2, 2), 4,
            FauVariant.RELEASED);

    /** Input pixels per backbone output pixel: every student backbone halves the image five times. */
    public static final int STUDENT_STRIDE = 32;
    /** Heatmap pixels per backbone output pixel: a SimpleBaseline head's three x2 deconvolutions. */
    private static final int HEAD_UPSAMPLING = 8;

    /** The deepest hourglass whose input divisor still fits an int. */
    private static final int MAX_DEPTH = 16;

    /**
     * A rule of the architecture that a value breaks.
     *
     * @param field the record component it concerns, e.g. {@code sharedStacks}
     * @param value the value given
     * @param rule what the value must be, e.g. "cannot be negative"
     */
    public record Violation(String field, Object value, String rule) {}

    /** A stacked-hourglass network. */
    public OkdhpArchitecture(int features, int joints, int sharedStacks, List<Integer> branches, int hourglassDepth,
            FauVariant fau) {
        this(features, joints, sharedStacks, branches, hourglassDepth, fau, Backbone.HOURGLASS);
    }

    public OkdhpArchitecture {
        Objects.requireNonNull(backbone, "backbone");
        List<Violation> violations = violations(features, joints, sharedStacks, branches, hourglassDepth, backbone);
        if (!violations.isEmpty()) {
            Violation first = violations.get(0);
            throw new IllegalArgumentException(first.field() + " " + first.rule() + ", got " + first.value());
        }
        branches = List.copyOf(branches);
        Objects.requireNonNull(fau, "fau");
    }

    /** A light student: {@code backbone} shared by one SimpleBaseline head per branch, the released FAU. */
    public static OkdhpArchitecture student(Backbone backbone, int joints, int branchCount) {
        return new OkdhpArchitecture(PAPER.features(), joints, 0, Collections.nCopies(branchCount, 1),
                PAPER.hourglassDepth(), FauVariant.RELEASED, backbone);
    }

    /** Every rule the given values of a stacked hourglass break; empty when they make a network. */
    public static List<Violation> violations(int features, int joints, int sharedStacks, List<Integer> branches,
            int hourglassDepth) {
        return violations(features, joints, sharedStacks, branches, hourglassDepth, Backbone.HOURGLASS);
    }

    /** Every rule the given values break; empty when they make a network. */
    public static List<Violation> violations(int features, int joints, int sharedStacks, List<Integer> branches,
            int hourglassDepth, Backbone backbone) {
        List<Violation> violations = new ArrayList<>();
        if (backbone.isStudent()) {
            if (sharedStacks != 0) {
                violations.add(new Violation("sharedStacks", sharedStacks,
                        "must be 0 with backbone " + backbone + " (its branches share the backbone, not stacks)"));
            }
            if (!branches.isEmpty() && !branches.stream().allMatch(n -> n != null && n == 1)) {
                violations.add(new Violation("branches", branches,
                        "must all be 1 with backbone " + backbone + " (each branch is one head), e.g. [1, 1, 1]"));
            }
        }
        if (features < 4 || features % 4 != 0) {
            violations.add(new Violation("features", features,
                    "must be a positive multiple of 4 (the stem and the FAU use F/4 channels)"));
        }
        if (joints < 1) {
            violations.add(new Violation("joints", joints, "must be at least 1"));
        }
        if (sharedStacks < 0) {
            violations.add(new Violation("sharedStacks", sharedStacks, "cannot be negative"));
        }
        if (branches.isEmpty()) {
            violations.add(new Violation("branches", branches, "needs at least one branch"));
        } else if (!branches.stream().allMatch(stacks -> stacks != null && stacks >= 1)) {
            violations.add(new Violation("branches", branches, "every branch needs at least 1 stack"));
        }
        if (hourglassDepth < 1 || hourglassDepth > MAX_DEPTH) {
            violations.add(new Violation("hourglassDepth", hourglassDepth, "must be in [1, " + MAX_DEPTH + "]"));
        }
        return violations;
    }

    /**
     * What is wrong with an input of {@code height} x {@code width} px for hourglasses of
     * {@code hourglassDepth} levels, or empty when it survives them.
     */
    public static Optional<String> inputSizeProblem(int hourglassDepth, long height, long width) {
        return inputSizeProblem(Backbone.HOURGLASS, hourglassDepth, height, width);
    }

    /** The same for {@code backbone}: a student's input must be a multiple of {@link #STUDENT_STRIDE}. */
    public static Optional<String> inputSizeProblem(Backbone backbone, int hourglassDepth, long height, long width) {
        if (!backbone.isStudent() && (hourglassDepth < 1 || hourglassDepth > MAX_DEPTH)) {
            return Optional.empty(); // the depth's own rule says what is wrong
        }
        int d = backbone.isStudent() ? STUDENT_STRIDE : inputDivisor(hourglassDepth);
        if (height > 0 && width > 0 && height % d == 0 && width % d == 0) {
            return Optional.empty();
        }
        return Optional.of("must be a multiple of " + d + " in both dimensions" + (backbone.isStudent()
                ? " (the output stride of backbone " + backbone + ")"
                : " (stem stride " + Stem.STRIDE + " times 2^" + hourglassDepth + " hourglass poolings)"));
    }

    /** A plain N-stack hourglass of the paper's depth: one branch, nothing shared. */
    public static OkdhpArchitecture hourglass(int features, int joints, int stacks) {
        return hourglass(features, joints, stacks, PAPER.hourglassDepth());
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
        return heatmapLayout().heatmapCount();
    }

    /** One heatmap per stack: the shared stacks', then each branch's. */
    public HeatmapLayout heatmapLayout() {
        return new HeatmapLayout(sharedStacks, branches);
    }

    /** Index of branch b's final heatmap among the network's outputs. */
    public int finalOutputOf(int branch) {
        return heatmapLayout().finalOutputOf(branch);
    }

    /**
     * The architecture of the deployed model after pruning to branch b: a plain (S + n_b)-stack
     * hourglass, or the student's backbone with that one head.
     */
    public OkdhpArchitecture prunedTo(int branch) {
        return new OkdhpArchitecture(features, joints, 0, List.of(sharedStacks + branches.get(branch)),
                hourglassDepth, fau, backbone);
    }

    /** Input pixels per heatmap cell (4 for both forms). */
    public int heatmapStride() {
        return backbone.isStudent() ? STUDENT_STRIDE / HEAD_UPSAMPLING : Stem.STRIDE;
    }

    /**
     * The side divisor an input must respect: the stem's stride times the hourglass's 2^depth, or a
     * student backbone's output stride.
     */
    public int inputDivisor() {
        return backbone.isStudent() ? STUDENT_STRIDE : inputDivisor(hourglassDepth);
    }

    private static int inputDivisor(int hourglassDepth) {
        return Stem.STRIDE << hourglassDepth;
    }

    /** Fails with a clear message when an input height or width would not survive the hourglass. */
    public void requireInputSize(long height, long width) {
        inputSizeProblem(backbone, hourglassDepth, height, width).ifPresent(problem -> {
            throw new IllegalArgumentException("input size " + height + "x" + width + " " + problem);
        });
    }
}
