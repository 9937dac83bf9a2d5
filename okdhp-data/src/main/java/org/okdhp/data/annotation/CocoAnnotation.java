package org.okdhp.data.annotation;

/**
 * One ground-truth person of a COCO keypoints file, as the file states it.
 *
 * @param bbox {x, y, width, height}, 0-based px
 * @param keypoints K x {x, y, v} flattened; v: 0 not labelled, 1 labelled but hidden, 2 visible
 * @param numKeypoints the file's count of labelled keypoints (COCOeval ignores people with 0)
 * @param crowd {@code iscrowd}: a region of many people, matched but never counted
 * @param area segmentation area, px^2 (COCOeval's area ranges and OKS scale use it)
 */
public record CocoAnnotation(long id, long imageId, long categoryId, double[] bbox, double[] keypoints,
                             int numKeypoints, boolean crowd, double area) {

    public CocoAnnotation {
        bbox = bbox.clone();
        keypoints = keypoints.clone();
    }

    @Override
    public double[] bbox() {
        return bbox.clone();
    }

    @Override
    public double[] keypoints() {
        return keypoints.clone();
    }
}
