package org.okdhp.core.model;

/**
 * Where one stack's parameters live in a PyTorch state_dict. The authors' OKDHP code and the
 * widely used {@code HourglassNet} (pytorch-pose) lay the same stack out under different names.
 */
public record StackNames(
        String hourglass, String residual, String conv, String bn, String score,
        String remapFeatures, String remapScore) {

    /** Shared stack k of the authors' OKDHP network. */
    public static StackNames okdhpShared(int k) {
        return okdhp("s_" + k);
    }

    /** Stack k of branch b of the authors' OKDHP network. */
    public static StackNames okdhpBranch(int b, int k) {
        return okdhp("b_" + b + "_s_" + k);
    }

    private static StackNames okdhp(String id) {
        String body = "ind_" + id;
        return new StackNames(body + ".0", body + ".1.0", body + ".2.0", body + ".2.1",
                "score_" + id, "_fc_" + id, "_score_" + id);
    }

    /** Stack i of pytorch-pose's {@code HourglassNet}. */
    public static StackNames hourglassNet(int i) {
        return new StackNames("hg." + i, "res." + i + ".0", "fc." + i + ".0", "fc." + i + ".1",
                "score." + i, "fc_." + i, "score_." + i);
    }
}
