package org.okdhp.data.annotation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads MPII joint predictions, one person per ground-truth person in the same order:
 * <ul>
 *   <li>{@code .json}: an array of N x 16 x [x, y] in 0-based image px;</li>
 *   <li>{@code .mat}: HRNet's {@code pred.mat}, variable {@code preds} [N, 16, 2], 1-based (HRNet
 *       adds 1 before saving it).</li>
 * </ul>
 * The result is always 0-based image px, [N][16][2], in double as the file holds them (PCKh
 * thresholds them; float32 would move errors near a threshold across it).
 */
public final class MpiiPredictionsReader {

    private static final int JOINTS = JointSet.MPII.size();
    private static final int XY = 2;

    private MpiiPredictionsReader() {}

    public static double[][][] read(Path file) throws IOException {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mat") ? readMat(file) : readJson(file);
    }

    private static double[][][] readJson(Path json) throws IOException {
        List<double[][]> people = new ArrayList<>();
        JsonRecordStream.readArray(json, "prediction", record -> people.add(record.asRows("joints", JOINTS, XY)));
        return people.toArray(double[][][]::new);
    }

    private static double[][][] readMat(Path mat) throws IOException {
        Map<String, MatValue> variables = MatValue.readVariables(mat);
        MatValue preds = MatValue.variable(mat, variables, "preds");
        int people = preds.extent(0);
        preds.requireShape("[N, 16, 2]", people, JOINTS, XY);
        double[][][] joints = new double[people][JOINTS][XY];
        for (int n = 0; n < people; n++) {
            for (int j = 0; j < JOINTS; j++) {
                for (int c = 0; c < XY; c++) {
                    joints[n][j][c] = preds.number(new int[] {n, j, c}) - CenterScale.ONE_BASED_OFFSET;
                    if (!Double.isFinite(joints[n][j][c])) {
                        throw preds.fail("entry (" + (n + 1) + ", " + (j + 1) + ", " + (c + 1) + ") is " + joints[n][j][c]
                                + ", not a finite coordinate");
                    }
                }
            }
        }
        return joints;
    }
}
