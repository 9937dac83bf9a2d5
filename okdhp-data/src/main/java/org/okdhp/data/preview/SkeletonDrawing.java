package org.okdhp.data.preview;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import org.okdhp.data.annotation.FlipPairs;
import org.okdhp.data.annotation.JointSet;

/**
 * Draws a skeleton over a picture: the joint set's bones, then the joints as outlined dots.
 * Colours follow the person's side, as in the synthetic figures: warm = right, cool = left,
 * white = the centre line (a joint's side is read from its name's one side token: r_ankle,
 * front_left_paw; {@link FlipPairs#side}).
 */
public final class SkeletonDrawing {

    public static final Color RIGHT = new Color(255, 80, 40);
    public static final Color LEFT = new Color(40, 160, 255);
    public static final Color CENTER = new Color(255, 255, 255);
    /** Joint dots are this many line widths across in radius. */
    private static final float JOINT_RADIUS_PER_LINE_WIDTH = 1.5f;

    private SkeletonDrawing() {
    }

    /**
     * @param joints [J][2] joint positions in the picture's px
     * @param opacity [J] in [0, 1]: 0 leaves a joint (and its bones) out, 1 draws it solid; a bone
     *     takes the fainter of its two ends
     * @param lineWidth bone width, px
     */
    public static void draw(BufferedImage picture, JointSet jointSet, float[][] joints, float[] opacity, float lineWidth) {
        if (joints.length != jointSet.size() || opacity.length != jointSet.size()) {
            throw new IllegalArgumentException(jointSet.name() + " has " + jointSet.size() + " joints, got "
                    + joints.length + " positions and " + opacity.length + " opacities");
        }
        Set<Integer> right = sideJoints(jointSet, FlipPairs.Side.RIGHT);
        Set<Integer> left = sideJoints(jointSet, FlipPairs.Side.LEFT);
        float radius = JOINT_RADIUS_PER_LINE_WIDTH * lineWidth;
        Graphics2D g = picture.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setStroke(new BasicStroke(lineWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (int[] bone : jointSet.skeleton()) {
                float alpha = Math.min(opacity[bone[0]], opacity[bone[1]]);
                if (alpha > 0) {
                    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, alpha));
                    g.setColor(colorOf(bone[1], right, left));
                    g.draw(new Line2D.Float(joints[bone[0]][0], joints[bone[0]][1], joints[bone[1]][0], joints[bone[1]][1]));
                }
            }
            g.setStroke(new BasicStroke(Math.max(1f, lineWidth / 2)));
            for (int j = 0; j < joints.length; j++) {
                if (opacity[j] > 0) {
                    Ellipse2D dot = new Ellipse2D.Float(joints[j][0] - radius, joints[j][1] - radius, 2 * radius, 2 * radius);
                    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, opacity[j]));
                    g.setColor(colorOf(j, right, left));
                    g.fill(dot);
                    g.setColor(Color.BLACK);
                    g.draw(dot);
                }
            }
        } finally {
            g.dispose();
        }
    }

    /** Joints whose name marks the given side ({@link FlipPairs#side}: r_ankle, front_right_paw ...). */
    private static Set<Integer> sideJoints(JointSet jointSet, FlipPairs.Side wanted) {
        Set<Integer> side = new HashSet<>();
        for (int j = 0; j < jointSet.size(); j++) {
            if (FlipPairs.side(jointSet.jointNames().get(j)) == wanted) {
                side.add(j);
            }
        }
        return side;
    }

    private static Color colorOf(int joint, Set<Integer> right, Set<Integer> left) {
        return right.contains(joint) ? RIGHT : left.contains(joint) ? LEFT : CENTER;
    }
}
