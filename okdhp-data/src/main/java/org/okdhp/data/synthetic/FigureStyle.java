package org.okdhp.data.synthetic;

import java.awt.Color;

/**
 * How a figure is painted. The person's right side is warm (red to orange), the left side cool
 * (cyan to blue), and each upper limb segment darker than the lower one, so that sides and the
 * knee/elbow boundaries are visible.
 *
 * @param rightUpper right thigh and upper arm
 * @param rightLower right shin and forearm
 * @param leftUpper left thigh and upper arm
 * @param leftLower left shin and forearm
 * @param torso torso and neck
 * @param skin head
 * @param legWidth thigh thickness, px (shin 85% of it)
 * @param armWidth upper arm thickness, px (forearm 85% of it)
 */
record FigureStyle(Color rightUpper, Color rightLower, Color leftUpper, Color leftLower, Color torso, Color skin,
        double legWidth, double armWidth) {
}
