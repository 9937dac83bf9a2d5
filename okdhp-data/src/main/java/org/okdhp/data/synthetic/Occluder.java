package org.okdhp.data.synthetic;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;

/**
 * An opaque object in front of the figure; joints inside it are labelled invisible.
 *
 * @param centerX px
 * @param centerY px
 * @param width px, before rotation
 * @param height px, before rotation
 * @param rotationDegrees rotation about the center
 * @param elliptic ellipse (true) or rectangle
 * @param color fill
 */
record Occluder(double centerX, double centerY, double width, double height, double rotationDegrees,
        boolean elliptic, Color color) {

    /** The exact outline that is drawn and that decides visibility. */
    Shape shape() {
        Shape base = elliptic
                ? new Ellipse2D.Double(-width / 2, -height / 2, width, height)
                : new Rectangle2D.Double(-width / 2, -height / 2, width, height);
        AffineTransform placement = new AffineTransform();
        placement.translate(centerX, centerY);
        placement.rotate(Math.toRadians(rotationDegrees));
        return placement.createTransformedShape(base);
    }
}
