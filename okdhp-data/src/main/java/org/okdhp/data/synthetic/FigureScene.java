package org.okdhp.data.synthetic;

/**
 * Everything that determines one synthetic image and its labels.
 *
 * @param joints [16][2] MPII joints, image px
 * @param visibility [16] 0 when occluded or outside the image
 * @param head the head ellipse
 * @param centerX person box center, px
 * @param centerY person box center, px
 * @param scale person box size / 200 px
 * @param style colours and limb widths
 * @param occluder the object in front, or null
 * @param pixelSeed seed of the background clutter and pixel noise
 */
record FigureScene(float[][] joints, float[] visibility, HeadEllipse head, double centerX, double centerY,
        double scale, FigureStyle style, Occluder occluder, long pixelSeed) {

    /**
     * The head as an ellipse whose long axis runs from the upper neck to the head top.
     *
     * @param centerX px
     * @param centerY px
     * @param alongAxis semi-axis along the neck direction, px
     * @param acrossAxis semi-axis across it, px
     * @param angle direction of the long axis, radians
     */
    record HeadEllipse(double centerX, double centerY, double alongAxis, double acrossAxis, double angle) {

        /** The axis-aligned box around the ellipse {x1, y1, x2, y2}, px: MPII's head box. */
        float[] boundingBox() {
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double halfW = Math.hypot(alongAxis * cos, acrossAxis * sin);
            double halfH = Math.hypot(alongAxis * sin, acrossAxis * cos);
            return new float[] {(float) (centerX - halfW), (float) (centerY - halfH),
                    (float) (centerX + halfW), (float) (centerY + halfH)};
        }
    }
}
