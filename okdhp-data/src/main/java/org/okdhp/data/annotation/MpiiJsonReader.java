package org.okdhp.data.annotation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the widely used MPII json: an array of records {@code {image, center: [x, y] (1-based),
 * scale, joints: 16 x [x, y] (1-based), joints_vis: 16 x {0, 1}}}. Test-split files may omit
 * {@code joints} and {@code joints_vis} together; their people get zero joints, none labelled.
 *
 * <p>Applies the spec's adjustment (section 5, see {@link CenterScale#fromMpii}) and shifts the
 * joints to 0-based px, as HRNet's {@code mpii.py} does for every joint, labelled or not. Image ids
 * are the index of each distinct image name in order of first appearance. Images are not opened;
 * see {@link ImageFiles#requireAll}.
 */
public final class MpiiJsonReader {

    private static final int JOINTS = JointSet.MPII.size();
    private static final int XY = 2;

    private MpiiJsonReader() {}

    public static List<PoseInstance> read(Path json, Path imageDir) throws IOException {
        List<PoseInstance> people = new ArrayList<>();
        Map<String, Integer> imageIds = new HashMap<>();
        JsonRecordStream.readArray(json, "record", record -> people.add(person(record, imageDir, imageIds)));
        return List.copyOf(people);
    }

    private static PoseInstance person(JsonRecord record, Path imageDir, Map<String, Integer> imageIds)
            throws AnnotationFormatException {
        String image = record.text("image");
        record = record.labelledWith("image " + image);
        double[] center = record.numbers("center", XY);
        double scale = record.number("scale");
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw record.fail("scale " + scale + " is not a positive number");
        }
        float[][] joints = new float[JOINTS][XY];
        float[] visibility = new float[JOINTS];
        if (record.has("joints") || record.has("joints_vis")) {
            double[][] raw = record.rows("joints", JOINTS, XY);
            double[] flags = record.numbers("joints_vis", JOINTS);
            for (int j = 0; j < JOINTS; j++) {
                if (flags[j] != 0 && flags[j] != 1) {
                    throw record.fail("joints_vis[" + j + "] is " + flags[j] + ", not 0 or 1");
                }
                visibility[j] = (float) flags[j];
                joints[j][0] = (float) (raw[j][0] - CenterScale.ONE_BASED_OFFSET);
                joints[j][1] = (float) (raw[j][1] - CenterScale.ONE_BASED_OFFSET);
            }
        }
        CenterScale box = CenterScale.fromMpii(center[0], center[1], scale);
        int imageId = imageIds.computeIfAbsent(image, name -> imageIds.size());
        return new PoseInstance(imageDir.resolve(image), imageId, box.centerX(), box.centerY(), box.scale(),
                joints, visibility, null, 0, 1);
    }
}
