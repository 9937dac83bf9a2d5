package org.okdhp.data.synthetic;

import static org.okdhp.data.synthetic.FigureSampler.HEAD_TOP;
import static org.okdhp.data.synthetic.FigureSampler.L_ANKLE;
import static org.okdhp.data.synthetic.FigureSampler.L_ELBOW;
import static org.okdhp.data.synthetic.FigureSampler.L_HIP;
import static org.okdhp.data.synthetic.FigureSampler.L_KNEE;
import static org.okdhp.data.synthetic.FigureSampler.L_SHOULDER;
import static org.okdhp.data.synthetic.FigureSampler.L_WRIST;
import static org.okdhp.data.synthetic.FigureSampler.R_ANKLE;
import static org.okdhp.data.synthetic.FigureSampler.R_ELBOW;
import static org.okdhp.data.synthetic.FigureSampler.R_HIP;
import static org.okdhp.data.synthetic.FigureSampler.R_KNEE;
import static org.okdhp.data.synthetic.FigureSampler.R_SHOULDER;
import static org.okdhp.data.synthetic.FigureSampler.R_WRIST;
import static org.okdhp.data.synthetic.FigureSampler.THORAX;
import static org.okdhp.data.synthetic.FigureSampler.UPPER_NECK;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;
import org.okdhp.data.image.RgbImage;
import org.okdhp.data.synthetic.FigureScene.HeadEllipse;

/**
 * Paints a {@link FigureScene}: clutter, then the figure (legs, torso, neck, head with eyes,
 * arms; every part outlined in a dark edge), then the occluder, then pixel noise.
 * Deterministic: the same scene gives the same pixels.
 */
final class FigureRenderer {

    private static final Color OUTLINE = new Color(20, 20, 20);
    /** Dark edge around each part, px on each side. */
    private static final float OUTLINE_WIDTH = 1.5f;
    private static final double SHIN_TO_THIGH = 0.85;
    private static final double NECK_TO_ARM = 0.9;
    /** Per-channel noise amplitude range, 0..255 levels. */
    private static final int MAX_NOISE = 12;

    private FigureRenderer() {
    }

    static RgbImage render(FigureScene scene, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        SplittableRandom random = new SplittableRandom(scene.pixelSeed());
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            ClutterPainter.paint(g, width, height, random);
            paintFigure(g, scene);
            if (scene.occluder() != null) {
                g.setColor(scene.occluder().color());
                g.fill(scene.occluder().shape());
            }
        } finally {
            g.dispose();
        }
        addNoise(image, random);
        return RgbImage.of(image);
    }

    private static void paintFigure(Graphics2D g, FigureScene scene) {
        float[][] j = scene.joints();
        FigureStyle s = scene.style();
        double shin = s.legWidth() * SHIN_TO_THIGH;
        double forearm = s.armWidth() * SHIN_TO_THIGH;
        segment(g, j[L_HIP], j[L_KNEE], s.legWidth(), s.leftUpper());
        segment(g, j[L_KNEE], j[L_ANKLE], shin, s.leftLower());
        segment(g, j[R_HIP], j[R_KNEE], s.legWidth(), s.rightUpper());
        segment(g, j[R_KNEE], j[R_ANKLE], shin, s.rightLower());
        torso(g, j, s);
        segment(g, j[THORAX], j[UPPER_NECK], s.armWidth() * NECK_TO_ARM, s.torso());
        head(g, scene.head(), s.skin());
        segment(g, j[L_SHOULDER], j[L_ELBOW], s.armWidth(), s.leftUpper());
        segment(g, j[L_ELBOW], j[L_WRIST], forearm, s.leftLower());
        segment(g, j[R_SHOULDER], j[R_ELBOW], s.armWidth(), s.rightUpper());
        segment(g, j[R_ELBOW], j[R_WRIST], forearm, s.rightLower());
    }

    /** A capsule: a round-capped thick line over a slightly thicker dark one. */
    private static void segment(Graphics2D g, float[] a, float[] b, double width, Color color) {
        Line2D line = new Line2D.Double(a[0], a[1], b[0], b[1]);
        g.setColor(OUTLINE);
        g.setStroke(round(width + 2 * OUTLINE_WIDTH));
        g.draw(line);
        g.setColor(color);
        g.setStroke(round(width));
        g.draw(line);
    }

    /** The quadrilateral shoulders-hips, with rounded corners as wide as an arm. */
    private static void torso(Graphics2D g, float[][] j, FigureStyle s) {
        Path2D.Double body = new Path2D.Double();
        body.moveTo(j[R_SHOULDER][0], j[R_SHOULDER][1]);
        body.lineTo(j[L_SHOULDER][0], j[L_SHOULDER][1]);
        body.lineTo(j[L_HIP][0], j[L_HIP][1]);
        body.lineTo(j[R_HIP][0], j[R_HIP][1]);
        body.closePath();
        g.setColor(OUTLINE);
        g.setStroke(round(s.armWidth() + 2 * OUTLINE_WIDTH));
        g.draw(body);
        g.setColor(s.torso());
        g.setStroke(round(s.armWidth()));
        g.draw(body);
        g.fill(body);
    }

    /** The head ellipse with two eyes, so the figure visibly faces the camera. */
    private static void head(Graphics2D g, HeadEllipse head, Color skin) {
        AffineTransform saved = g.getTransform();
        g.translate(head.centerX(), head.centerY());
        g.rotate(head.angle());
        // In this frame +x points from the neck to the head top.
        double a = head.alongAxis();
        double b = head.acrossAxis();
        g.setColor(OUTLINE);
        g.fill(new Ellipse2D.Double(-a - OUTLINE_WIDTH, -b - OUTLINE_WIDTH, 2 * (a + OUTLINE_WIDTH), 2 * (b + OUTLINE_WIDTH)));
        g.setColor(skin);
        g.fill(new Ellipse2D.Double(-a, -b, 2 * a, 2 * b));
        double eye = Math.max(1, b * 0.16);
        g.setColor(OUTLINE);
        for (double side : new double[] {-1, 1}) {
            g.fill(new Ellipse2D.Double(-a * 0.05 - eye, side * b * 0.4 - eye, 2 * eye, 2 * eye));
        }
        g.setTransform(saved);
    }

    private static BasicStroke round(double width) {
        return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    private static void addNoise(BufferedImage image, SplittableRandom random) {
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int amplitude = random.nextInt(MAX_NOISE + 1);
        if (amplitude == 0) {
            return;
        }
        for (int i = 0; i < bgr.length; i++) {
            int v = (bgr[i] & 0xFF) + random.nextInt(-amplitude, amplitude + 1);
            bgr[i] = (byte) Math.max(0, Math.min(255, v));
        }
    }
}
