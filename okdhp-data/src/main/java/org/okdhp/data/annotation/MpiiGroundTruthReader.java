package org.okdhp.data.annotation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an MPII ground-truth file in the layout of HRNet's {@code gt_valid.mat}: {@code pos_gt_src}
 * (joints, [16, 2, N] as HRNet indexes it, [2, 16, N] also accepted), {@code jnt_missing} ([16, N],
 * 1 = not annotated) and {@code headboxes_src} ([2, 2, N]: corner x {x, y} x person). The file is
 * 1-based; the result is 0-based like every other ground truth here (HRNet adds 1 to the
 * predictions instead, which gives the same errors).
 */
public final class MpiiGroundTruthReader {

    private static final int JOINTS = JointSet.MPII.size();
    private static final int XY = 2;
    private static final int CORNERS = 2;

    private MpiiGroundTruthReader() {}

    public static List<LabelledJoints> read(Path mat) throws IOException {
        return read(mat, MatValue.readVariables(mat));
    }

    /** From the variables of a file already read (to recognise a file by its variables first). */
    static List<LabelledJoints> read(Path mat, Map<String, MatValue> variables) throws AnnotationFormatException {
        MatValue joints = MatValue.variable(mat, variables, "pos_gt_src");
        MatValue missing = MatValue.variable(mat, variables, "jnt_missing");
        MatValue headBoxes = MatValue.variable(mat, variables, "headboxes_src");
        int people = joints.extent(2);
        boolean jointMajor = joints.hasShape(JOINTS, XY, people);
        if (!jointMajor) {
            joints.requireShape("[16, 2, N] or [2, 16, N]", XY, JOINTS, people);
        }
        missing.requireShape("[16, " + people + "]", JOINTS, people);
        headBoxes.requireShape("[2, 2, " + people + "]", CORNERS, XY, people);
        List<LabelledJoints> truth = new ArrayList<>(people);
        for (int n = 0; n < people; n++) {
            double[][] position = new double[JOINTS][XY];
            float[] visibility = new float[JOINTS];
            for (int j = 0; j < JOINTS; j++) {
                for (int c = 0; c < XY; c++) {
                    int[] at = jointMajor ? new int[] {j, c, n} : new int[] {c, j, n};
                    position[j][c] = zeroBased(joints.number(at));
                }
                double flag = missing.number(new int[] {j, n});
                if (flag != 0 && flag != 1) {
                    throw missing.fail("entry (" + (j + 1) + ", " + (n + 1) + ") is " + flag + ", not 0 or 1");
                }
                if (flag == 0 && !(Double.isFinite(position[j][0]) && Double.isFinite(position[j][1]))) {
                    throw joints.fail("joint " + (j + 1) + " of person " + (n + 1) + " is labelled (jnt_missing 0) but at ("
                            + position[j][0] + ", " + position[j][1] + "), not a finite position");
                }
                visibility[j] = (float) (1 - flag);
            }
            double[] box = new double[CORNERS * XY];
            for (int corner = 0; corner < CORNERS; corner++) {
                for (int c = 0; c < XY; c++) {
                    box[corner * XY + c] = zeroBased(headBoxes.number(new int[] {corner, c, n}));
                    if (!Double.isFinite(box[corner * XY + c])) {
                        throw headBoxes.fail("the head box of person " + (n + 1) + " holds " + box[corner * XY + c]
                                + ", not a finite coordinate");
                    }
                }
            }
            truth.add(new LabelledJoints(position, visibility, box));
        }
        return List.copyOf(truth);
    }

    /** Kept in double, as HRNet's evaluator keeps the file's values. */
    private static double zeroBased(double oneBased) {
        return oneBased - CenterScale.ONE_BASED_OFFSET;
    }
}
