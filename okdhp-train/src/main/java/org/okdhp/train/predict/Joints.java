package org.okdhp.train.predict;

import java.util.List;

/**
 * One person's predicted keypoints, in the model's joint order: what {@link PoseTranslator} and
 * {@code PoseModel.predict} return.
 */
public record Joints(List<Joint> joints) {

    public Joints {
        joints = List.copyOf(joints);
    }

    public int size() {
        return joints.size();
    }

    public Joint get(int index) {
        return joints.get(index);
    }

    /** The joint called {@code name}. */
    public Joint get(String name) {
        return joints.stream().filter(j -> j.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no joint named '" + name + "'"));
    }

    /** [J][2] positions, the form drawing and evaluation code takes. */
    public float[][] positions() {
        float[][] xy = new float[joints.size()][];
        for (int j = 0; j < xy.length; j++) {
            xy[j] = new float[] {joints.get(j).x(), joints.get(j).y()};
        }
        return xy;
    }

    /** [J] scores. */
    public float[] scores() {
        float[] scores = new float[joints.size()];
        for (int j = 0; j < scores.length; j++) {
            scores[j] = joints.get(j).score();
        }
        return scores;
    }
}
