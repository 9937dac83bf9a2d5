package org.okdhp.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A view on the network's output list: every heatmap in spec order (the trunk's shared stacks, then
 * branch 0's, branch 1's ...), then, with K > 1, the FAU ensemble and the attention alpha [B, K, J].
 */
public record OkdhpOutput(HeatmapLayout layout, NDList list) {

    /** The outputs of a stacked hourglass of this architecture. */
    public OkdhpOutput(OkdhpArchitecture architecture, NDList list) {
        this(architecture.heatmapLayout(), list);
    }

    public int heatmapCount() {
        return layout.heatmapCount();
    }

    /** Stack i's heatmap [B, J, h, w]. */
    public NDArray heatmap(int i) {
        return list.get(i);
    }

    /** Every stack's heatmap, in order. */
    public NDList heatmaps() {
        return list.subNDList(0, heatmapCount());
    }

    /** Branch b's final heatmap, the one it is judged and deployed by. */
    public NDArray branchFinal(int branch) {
        return list.get(layout.finalOutputOf(branch));
    }

    public boolean hasEnsemble() {
        return layout.branchCount() > 1;
    }

    /** The FAU ensemble E [B, J, h, w]. */
    public NDArray ensemble() {
        requireEnsemble();
        return list.get(heatmapCount());
    }

    /** The FAU attention alpha [B, K, J]. */
    public NDArray attention() {
        requireEnsemble();
        return list.get(heatmapCount() + 1);
    }

    private void requireEnsemble() {
        if (!hasEnsemble()) {
            throw new IllegalStateException("a single-branch network has no ensemble");
        }
    }
}
