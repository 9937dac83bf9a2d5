package org.okdhp.data.annotation;

/**
 * A person box from a detector's results file ({@code image_id, category_id, bbox, score}).
 *
 * @param bbox {x, y, width, height}, 0-based px
 */
public record CocoDetection(long imageId, long categoryId, double[] bbox, double score) {

    public CocoDetection {
        bbox = bbox.clone();
    }

    @Override
    public double[] bbox() {
        return bbox.clone();
    }
}
