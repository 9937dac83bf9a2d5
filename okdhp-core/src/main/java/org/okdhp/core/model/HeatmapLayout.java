package org.okdhp.core.model;

import java.util.List;

/**
 * Where a multi-branch network's heatmaps lie in its output list: the trunk's first, then each
 * branch's in branch order; with more than one branch the ensemble and the attention follow.
 *
 * @param trunkHeatmaps heatmaps of the {@link Trunk} (the stacked hourglass's shared stacks)
 * @param branchHeatmaps heatmaps of each {@link Branch}, the last of each being its final one
 */
public record HeatmapLayout(int trunkHeatmaps, List<Integer> branchHeatmaps) {

    public HeatmapLayout {
        branchHeatmaps = List.copyOf(branchHeatmaps);
    }

    public int branchCount() {
        return branchHeatmaps.size();
    }

    /** Heatmaps in the whole output: the trunk's and every branch's. */
    public int heatmapCount() {
        return trunkHeatmaps + branchHeatmaps.stream().mapToInt(Integer::intValue).sum();
    }

    /** Index of branch b's final heatmap among the outputs. */
    public int finalOutputOf(int branch) {
        int index = trunkHeatmaps - 1;
        for (int b = 0; b <= branch; b++) {
            index += branchHeatmaps.get(b);
        }
        return index;
    }
}
