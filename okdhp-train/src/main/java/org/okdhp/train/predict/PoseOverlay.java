package org.okdhp.train.predict;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.image.RgbImage;
import org.okdhp.data.preview.SkeletonDrawing;

/**
 * Predicted skeletons drawn over the photo: bones and joints coloured by side, joints the model
 * is unsure of (score below {@link #CONFIDENT_SCORE}) drawn faint rather than hidden, so that a
 * wrong guess is still visible as one.
 */
public final class PoseOverlay {

    /** Scores from here up are drawn solid: mmpose's default keypoint threshold for drawing. */
    public static final float CONFIDENT_SCORE = 0.3f;
    /** How opaque an unsure joint is drawn. */
    private static final float FAINT = 0.35f;
    /** Bones are this fraction of the image's shorter side wide, at least {@link #MIN_LINE_WIDTH} px. */
    private static final float LINE_WIDTH_PER_SIDE = 1f / 180;
    private static final float MIN_LINE_WIDTH = 2f;

    private PoseOverlay() {
    }

    /** A copy of {@code photo} with every person's skeleton on top. */
    public static BufferedImage draw(RgbImage photo, JointSet jointSet, List<Joints> people) {
        BufferedImage picture = photo.toBufferedImage();
        float lineWidth = Math.max(MIN_LINE_WIDTH, Math.min(photo.width(), photo.height()) * LINE_WIDTH_PER_SIDE);
        for (Joints person : people) {
            float[] scores = person.scores();
            float[] opacity = new float[scores.length];
            for (int j = 0; j < scores.length; j++) {
                opacity[j] = scores[j] >= CONFIDENT_SCORE ? 1 : FAINT;
            }
            SkeletonDrawing.draw(picture, jointSet, person.positions(), opacity, lineWidth);
        }
        return picture;
    }

    /** Writes {@link #draw} as a PNG, creating the parent folder. */
    public static void writePng(RgbImage photo, JointSet jointSet, List<Joints> people, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(draw(photo, jointSet, people), "png", file.toFile())) {
            throw new IOException(file + ": no PNG writer available");
        }
    }
}
