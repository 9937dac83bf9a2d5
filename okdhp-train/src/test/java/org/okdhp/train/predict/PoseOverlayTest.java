package org.okdhp.train.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.image.RgbImage;

class PoseOverlayTest {

    @Test
    void jointsAreDrawnWhereTheyAreColouredBySideAndFaintWhenUnsure() {
        RgbImage black = new RgbImage(100, 100, new byte[100 * 100 * 3]);
        List<Joint> joints = new ArrayList<>();
        for (String name : JointSet.MPII.jointNames()) {
            joints.add(switch (name) {
                case "r_ankle" -> new Joint(name, 20, 20, 0.9f);
                case "l_ankle" -> new Joint(name, 80, 20, 0.9f);
                case "thorax" -> new Joint(name, 50, 50, 0.9f);
                case "head_top" -> new Joint(name, 50, 85, 0.1f);
                default -> new Joint(name, -500, -500, 0.9f);
            });
        }
        BufferedImage overlay = PoseOverlay.draw(black, JointSet.MPII, List.of(new Joints(joints)));

        assertEquals(100, overlay.getWidth());
        int[] right = rgb(overlay, 20, 20);
        int[] left = rgb(overlay, 80, 20);
        assertTrue(right[0] > 200 && right[2] < 100, "right side warm: " + java.util.Arrays.toString(right));
        assertTrue(left[2] > 200 && left[0] < 100, "left side cool: " + java.util.Arrays.toString(left));
        int solid = rgb(overlay, 50, 50)[1];
        int faint = rgb(overlay, 50, 85)[1];
        assertTrue(solid > 240, "a confident centre joint is solid white: " + solid);
        assertTrue(faint > 40 && faint < solid - 60, "an unsure joint is drawn, but faint: " + faint);
        assertEquals(0, overlay.getRGB(5, 95) & 0xFFFFFF, "nothing drawn away from the skeleton");
    }

    private static int[] rgb(BufferedImage image, int x, int y) {
        int p = image.getRGB(x, y);
        return new int[] {(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
    }
}
