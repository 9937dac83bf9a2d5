package org.okdhp.data.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Box PCK by hand: two objects, two keypoints, distances against 0.2 x the larger box side. */
class BoxPckTest {

    @Test
    void aKeypointCountsWithinAFifthOfTheLargerBoxSideAndUnlabelledOnesAreLeftOut() {
        // Box 100 x 50: threshold 20 px. Box 40 x 60: threshold 12 px.
        BoxPck.Truth first = new BoxPck.Truth(new float[][] {{0, 0}, {50, 50}}, new float[] {1, 1}, 100, 50);
        BoxPck.Truth second = new BoxPck.Truth(new float[][] {{10, 10}, {20, 20}}, new float[] {1, 0}, 40, 60);
        List<float[][]> predictions = List.of(
                new float[][] {{12, 16}, {50, 71}},   // 20 px: correct; 21 px: wrong
                new float[][] {{10, 23}, {500, 500}}); // 13 px > 12: wrong; unlabelled: not counted
        Map<String, Double> scores = BoxPck.evaluate(predictions, List.of(first, second), List.of("a", "b"),
                BoxPck.DEFAULT_THRESHOLD);
        assertEquals(50.0, scores.get("a"), 1e-12);
        assertEquals(0.0, scores.get("b"), 1e-12);
        assertEquals(25.0, scores.get(BoxPck.MEAN), 1e-12);
        assertEquals(List.of("a", "b", BoxPck.MEAN), List.copyOf(scores.keySet()));
    }
}
