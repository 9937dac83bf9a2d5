package org.okdhp.data.eval;

/** COCOeval's area ranges for keypoints, in px^2 of the object area (both ends inclusive). */
public enum CocoAreaRange {
    ALL("all", 0, 1e5 * 1e5),
    MEDIUM("medium", 32 * 32, 96 * 96),
    LARGE("large", 96 * 96, 1e5 * 1e5);

    private final String label;
    private final double min;
    private final double max;

    CocoAreaRange(String label, double min, double max) {
        this.label = label;
        this.min = min;
        this.max = max;
    }

    /** pycocotools' label, as printed by {@code summarize}. */
    public String label() {
        return label;
    }

    public boolean excludes(double area) {
        return area < min || area > max;
    }
}
