package org.okdhp.data.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.okdhp.data.annotation.PoseInstance;

/**
 * Writes people in the widely used MPII json layout (spec section 5): a list of {image, center
 * [x, y] 1-based, scale, joints 16 x [x, y] 1-based, joints_vis}, stored so that a reader applying
 * the spec's adjustments (center y += 15 scale, scale *= 1.25, minus 1) gets the instances back.
 * Each record also carries {@code head_box} [x1, y1, x2, y2] (1-based px), which the MPII json has
 * no field for, so that PCKh works without a separate ground-truth .mat file.
 */
final class MpiiStyleJson {

    /** The MPII reader's adjustments (spec section 5), undone here. */
    private static final double SCALE_ENLARGEMENT = 1.25;
    private static final double CENTER_DROP_PER_SCALE = 15;
    private static final double ONE_BASED = 1;

    private MpiiStyleJson() {
    }

    static void write(Path file, List<PoseInstance> instances) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>(instances.size());
        for (PoseInstance p : instances) {
            double scale = p.scale() / SCALE_ENLARGEMENT;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("image", p.image().getFileName().toString());
            r.put("center", new double[] {p.centerX() + ONE_BASED, p.centerY() + ONE_BASED - CENTER_DROP_PER_SCALE * scale});
            r.put("scale", scale);
            float[][] joints = p.joints();
            double[][] oneBased = new double[joints.length][];
            for (int j = 0; j < joints.length; j++) {
                oneBased[j] = new double[] {joints[j][0] + ONE_BASED, joints[j][1] + ONE_BASED};
            }
            r.put("joints", oneBased);
            float[] vis = p.visibility();
            int[] flags = new int[vis.length];
            for (int j = 0; j < vis.length; j++) {
                flags[j] = vis[j] > 0 ? 1 : 0;
            }
            r.put("joints_vis", flags);
            float[] head = p.headBox();
            r.put("head_box", new double[] {head[0] + ONE_BASED, head[1] + ONE_BASED, head[2] + ONE_BASED, head[3] + ONE_BASED});
            records.add(r);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), records);
    }
}
