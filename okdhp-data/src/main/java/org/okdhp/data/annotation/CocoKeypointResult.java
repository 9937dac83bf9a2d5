package org.okdhp.data.annotation;

/**
 * One predicted person in COCO's results format.
 *
 * @param keypoints K x {x, y, score} flattened, 0-based px
 * @param area px^2 as COCOeval's {@code loadRes} derives it: the area of the keypoints' bounding
 *     box, or the w x h of the result's own {@code bbox} when the results carry boxes
 */
public record CocoKeypointResult(long imageId, long categoryId, double[] keypoints, double score, double area) {

    public CocoKeypointResult {
        keypoints = keypoints.clone();
    }

    /** A result whose area is its keypoints' bounding box, as {@code loadRes} computes for keypoints. */
    public static CocoKeypointResult of(long imageId, long categoryId, double[] keypoints, double score) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int k = 0; k + 2 < keypoints.length; k += 3) {
            minX = Math.min(minX, keypoints[k]);
            maxX = Math.max(maxX, keypoints[k]);
            minY = Math.min(minY, keypoints[k + 1]);
            maxY = Math.max(maxY, keypoints[k + 1]);
        }
        return new CocoKeypointResult(imageId, categoryId, keypoints, score, (maxX - minX) * (maxY - minY));
    }

    @Override
    public double[] keypoints() {
        return keypoints.clone();
    }
}
