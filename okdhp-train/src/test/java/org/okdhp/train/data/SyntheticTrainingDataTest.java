package org.okdhp.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.heatmap.DecodedPose;
import org.okdhp.data.image.RgbImage;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.config.DataConfig;

class SyntheticTrainingDataTest {

    private static final DataConfig DEMO = ConfigLoader.load("demo",
            List.of("data.synthetic_train_size=12", "data.synthetic_val_size=4")).data();

    @Test
    void splitsHaveTheConfiguredSizesAndImagesAtTheInputSize() throws IOException {
        TrainingData data = TrainingDataFactory.open(DEMO, 7);
        assertEquals(12, data.train().instances().size());
        assertEquals(4, data.validation().instances().size());
        PoseInstance first = data.validation().instances().get(0);
        RgbImage image = data.validation().images().read(first.image());
        assertEquals(List.of(128, 128), List.of(image.width(), image.height()), "the demo's 128x128 input");
    }

    @Test
    void splitsAreDistinctDrawsThatTheSeedReproduces() throws IOException {
        TrainingData data = TrainingDataFactory.open(DEMO, 7);
        float[][] trainJoints = data.train().instances().get(0).joints();
        assertFalse(Arrays.deepEquals(trainJoints, data.validation().instances().get(0).joints()),
                "validation is not the training split again");
        assertArrayEquals(trainJoints, TrainingDataFactory.open(DEMO, 7).train().instances().get(0).joints());
        assertFalse(Arrays.deepEquals(trainJoints, TrainingDataFactory.open(DEMO, 8).train().instances().get(0).joints()));
    }

    @Test
    void pckhUsesTheFiguresHeadBoxes() throws IOException {
        TrainingData data = TrainingDataFactory.open(DEMO, 7);
        assertEquals("PCKh@0.5 Mean", data.protocol().metricName());
        List<PoseInstance> people = data.validation().instances();
        List<DecodedPose> exact = people.stream().map(p -> new DecodedPose(p.joints(), new float[16])).toList();
        assertEquals(100, data.protocol().evaluate(exact).get("PCKh@0.5 Mean"), 1e-9);
        // One head size (0.6 x the head box diagonal) to the right is beyond 0.5 head sizes everywhere.
        List<DecodedPose> off = people.stream().map(p -> {
            float[] box = p.headBox();
            float headSize = (float) (0.6 * Math.hypot(box[2] - box[0], box[3] - box[1]));
            float[][] joints = p.joints();
            Arrays.stream(joints).forEach(joint -> joint[0] += headSize);
            return new DecodedPose(joints, new float[16]);
        }).toList();
        assertEquals(0, data.protocol().evaluate(off).get("PCKh@0.5 Mean"), 1e-9);
    }
}
