package org.okdhp.train.data;

import java.util.List;
import java.util.Map;
import org.okdhp.data.heatmap.DecodedPose;

/** How predictions on a validation split are scored: MPII PCKh, COCO OKS AP, ... */
public interface ValidationProtocol {

    /** The label of the headline number that selects the best branch, e.g. "PCKh@0.5 Mean" or "AP". */
    String metricName();

    /**
     * Scores one prediction per validation instance, in the validation split's order, joints in
     * image pixels (0-based). Returns labelled numbers, including {@link #metricName()}, as
     * percentages for PCKh and fractions for AP, exactly as the protocol prints them.
     */
    Map<String, Double> evaluate(List<DecodedPose> predictions);
}
