package org.okdhp.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.train.export.ModelMetadata.JointLayout;

/** metadata.json's keypoint set: sigmas and weights stored, and folders written before them still load. */
class ModelMetadataKeypointSetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anOldFolderWithoutSigmasAndWeightsLoadsAsBefore() throws Exception {
        Path folder = TinyModels.exported(dir.resolve("model"));
        Path file = folder.resolve(PoseModel.METADATA_FILE);
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        ObjectNode set = (ObjectNode) root.get("joint_set");
        assertEquals(16, set.get("weights").size());
        assertTrue(set.get("sigmas").isEmpty());
        set.remove("sigmas");
        set.remove("weights");
        JSON.writeValue(file.toFile(), root);
        assertSame(JointSet.MPII, ModelMetadata.read(file).codec().jointSet());
    }

    @Test
    void theBuiltInSetsAndACustomOneRoundTrip() {
        assertSame(JointSet.COCO, JointLayout.of(JointSet.COCO).toJointSet());
        assertSame(JointSet.MPII, JointLayout.of(JointSet.MPII).toJointSet());
        JointSet custom = new JointSet("paw", List.of("left_paw", "right_paw", "tail"), new int[][] {{0, 1}},
                new int[][] {{0, 2}}, List.of(0.05, 0.05, 0.1), List.of(1.0, 1.0, 0.5));
        JointSet read = JointLayout.of(custom).toJointSet();
        assertEquals(List.of(0.05, 0.05, 0.1), read.sigmas());
        assertEquals(List.of(1.0, 1.0, 0.5), read.weights());
        assertEquals(JointLayout.of(custom), JointLayout.of(read));
        assertEquals(Collections.nCopies(17, 1.0), JointLayout.of(JointSet.COCO).weights());
    }
}
