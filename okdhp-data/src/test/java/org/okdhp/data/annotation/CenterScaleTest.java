package org.okdhp.data.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CenterScaleTest {

    private static final double ASPECT = 192.0 / 256;
    private static final double EXACT = 1e-12;

    @Test
    void aTallBoxIsWidenedToTheAspectThenPadded() {
        // 30 x 80 px: 30 < 0.75 x 80, so the width becomes 60 px; padded 1.25 -> 75 px = 0.375 x 200.
        CenterScale crop = CenterScale.fromBox(10, 20, 30, 80, ASPECT);
        assertEquals(25, crop.centerX(), EXACT);
        assertEquals(60, crop.centerY(), EXACT);
        assertEquals(0.375, crop.scale(), EXACT);
        assertEquals(100, crop.boxHeightPx(ASPECT), EXACT, "80 px padded by 1.25");
    }

    @Test
    void aWideBoxKeepsItsWidthAndGetsTheAspectsHeight() {
        // 100 x 40 px: width stays 100, padded 125 px = 0.625 x 200; height 125 / 0.75 px.
        CenterScale crop = CenterScale.fromBox(0, 0, 100, 40, ASPECT);
        assertEquals(0.625, crop.scale(), EXACT);
        assertEquals(125 / ASPECT, crop.boxHeightPx(ASPECT), EXACT);
    }

    @Test
    void groundTruthBoxesAreClippedToTheImageFirst() {
        CocoImage image = new CocoImage(3, "3.jpg", 100, 200);
        double[] keypoints = new double[51];
        keypoints[0] = 50;
        keypoints[1] = 60;
        keypoints[2] = 2;
        // Box from x = -10 (clipped to 0) 130 px wide: x2 = min(99, 0 + 129) = 99, so 99 x 79 px.
        CocoAnnotation person = new CocoAnnotation(1, 3, 1, new double[] {-10, 10, 130, 80}, keypoints, 1, false, 900);
        CocoAnnotation unlabelled = new CocoAnnotation(2, 3, 1, new double[] {0, 0, 10, 10}, new double[51], 0, false, 50);
        CocoAnnotations coco = new CocoAnnotations(List.of(image), List.of(person, unlabelled),
                List.of(new CocoCategory(1, "person", JointSet.COCO.jointNames())));
        List<PoseInstance> people = CocoPoseInstances.groundTruth(coco, Path.of("img"), ASPECT);
        assertEquals(1, people.size());
        PoseInstance p = people.get(0);
        assertEquals(49.5, p.centerX(), EXACT);
        assertEquals(49.5, p.centerY(), EXACT);
        assertEquals(99 / 200.0 * 1.25, p.scale(), EXACT, "99 > 0.75 x 79: the width fixes the crop");
        assertEquals(1, p.visibility()[0]);
        assertEquals(0, p.visibility()[1]);
        assertEquals(Path.of("img", "3.jpg"), p.image());
    }
}
