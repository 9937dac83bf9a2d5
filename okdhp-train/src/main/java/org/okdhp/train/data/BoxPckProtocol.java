package org.okdhp.train.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.okdhp.data.annotation.CocoPoseInstances.LabelledObject;
import org.okdhp.data.eval.BoxPck;
import org.okdhp.data.heatmap.DecodedPose;

/**
 * PCK@0.2 of the box size ({@link BoxPck}: the larger side of the ground-truth box), for keypoint
 * sets without OKS sigmas: one percentage per keypoint ("PCK@0.2 nose", ...) and their mean, the
 * headline. Predictions are made for the ground-truth boxes, one per labelled object.
 */
public final class BoxPckProtocol implements ValidationProtocol {

    public static final String PREFIX = "PCK@" + BoxPck.DEFAULT_THRESHOLD + " ";
    public static final String METRIC = PREFIX + BoxPck.MEAN;

    private final List<BoxPck.Truth> truths;
    private final List<String> keypointNames;

    public BoxPckProtocol(List<LabelledObject> objects, List<String> keypointNames) {
        this.truths = objects.stream().map(o -> new BoxPck.Truth(o.instance().joints(), o.instance().visibility(),
                o.boxWidth(), o.boxHeight())).toList();
        this.keypointNames = List.copyOf(keypointNames);
    }

    @Override
    public String metricName() {
        return METRIC;
    }

    @Override
    public Map<String, Double> evaluate(List<DecodedPose> predictions) {
        Map<String, Double> scores = new LinkedHashMap<>();
        BoxPck.evaluate(predictions.stream().map(DecodedPose::joints).toList(), truths, keypointNames,
                BoxPck.DEFAULT_THRESHOLD).forEach((name, value) -> scores.put(PREFIX + name, value));
        return scores;
    }
}
