package org.okdhp.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.data.annotation.CocoAnnotations;
import org.okdhp.data.annotation.CocoAnnotationsReader;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.KeypointSetFile;
import org.okdhp.data.image.ImageSize;

/** The synthetic quadruped dataset: COCO files of category 2, its keypoint-set file, nothing overwritten. */
class QuadrupedDatasetTest {

    @TempDir
    Path dir;

    @Test
    void writesBothSplitsAndAKeypointSetFileThatReadsBackAsTheSet() throws Exception {
        Path out = dir.resolve("q");
        QuadrupedDataset.Written written = QuadrupedDataset.write(out, 5, 1, new ImageSize(48, 64));
        assertEquals(4, written.trainImages());
        assertEquals(1, written.valImages());
        JointSet read = KeypointSetFile.read(written.keypointFile());
        JointSet set = QuadrupedFigure.KEYPOINTS;
        assertEquals(set.jointNames(), read.jointNames());
        assertArrayEquals(set.flipPairs(), read.flipPairs());
        assertArrayEquals(set.skeleton(), read.skeleton());
        assertEquals(set.sigmas(), read.sigmas());
        assertEquals(set.weights(), read.weights());
        CocoAnnotations train = CocoAnnotationsReader.read(out.resolve(QuadrupedDataset.TRAIN_ANNOTATIONS));
        assertEquals(QuadrupedDataset.CATEGORY_ID, train.categories().get(0).id());
        assertEquals(4, train.annotations().size());
        for (var annotation : train.annotations()) {
            assertEquals(3 * set.size(), annotation.keypoints().length);
            double[] box = annotation.bbox();
            for (int k = 0; k < set.size(); k++) {
                double x = annotation.keypoints()[3 * k];
                double y = annotation.keypoints()[3 * k + 1];
                assertTrue(x >= box[0] && x <= box[0] + box[2] && y >= box[1] && y <= box[1] + box[3],
                        "keypoint " + k + " outside its box");
            }
        }
        assertTrue(Files.isRegularFile(out.resolve(QuadrupedDataset.VAL_IMAGES).resolve("000004.png")));
        assertThrows(FileAlreadyExistsException.class, () -> QuadrupedDataset.write(out, 5, 1, new ImageSize(48, 64)));
    }
}
