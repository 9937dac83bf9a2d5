package org.okdhp.data.heatmap;

/** How a heatmap becomes a joint position. */
public enum HeatmapDecoding {
    /**
     * The argmax cell, moved a quarter cell toward the larger neighbour on each axis (method doc
     * section 5; HRNet's {@code get_final_preds}); see {@link HeatmapDecoder}.
     */
    QUARTER_OFFSET,
    /**
     * DARK (Zhang et al., CVPR 2020): the heatmap blurred, its log's Newton step from the argmax
     * cell (method doc section 10); see {@link DarkRefinement}.
     */
    DARK
}
