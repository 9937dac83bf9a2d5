package org.okdhp.data.annotation;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A COCO person-keypoints file: images, ground-truth people and categories, in file order.
 */
public record CocoAnnotations(List<CocoImage> images, List<CocoAnnotation> annotations, List<CocoCategory> categories) {

    public CocoAnnotations {
        images = List.copyOf(images);
        annotations = List.copyOf(annotations);
        categories = List.copyOf(categories);
    }

    /** {@link #keypointCategory}'s id for "the file's only category with keypoints". */
    public static final long ONLY_KEYPOINT_CATEGORY = 0;

    /**
     * The category of id {@code categoryId}, or with {@link #ONLY_KEYPOINT_CATEGORY} the only
     * category that lists keypoints.
     *
     * @param file where these annotations come from, for the message
     * @throws AnnotationFormatException naming the file when there is no such category, or when
     *     none or several categories list keypoints and none was chosen (listing them)
     */
    public CocoCategory keypointCategory(Path file, long categoryId) throws AnnotationFormatException {
        List<CocoCategory> withKeypoints = categories.stream().filter(c -> !c.keypoints().isEmpty()).toList();
        String listed = String.join(", ", withKeypoints.stream().map(c -> c.id() + " (" + c.name() + ")").toList());
        if (categoryId != ONLY_KEYPOINT_CATEGORY) {
            return categories.stream().filter(c -> c.id() == categoryId).findFirst()
                    .orElseThrow(() -> new AnnotationFormatException(file, "categories", "no category with id "
                            + categoryId + " (data.category_id); categories with keypoints: " + listed));
        }
        if (withKeypoints.size() != 1) {
            throw new AnnotationFormatException(file, "categories", withKeypoints.isEmpty()
                    ? "no category lists keypoints"
                    : "several categories have keypoints: " + listed + "; choose one with data.category_id");
        }
        return withKeypoints.get(0);
    }

    /** The images by id (a fresh map: build it once per use). */
    public Map<Long, CocoImage> imagesById() {
        Map<Long, CocoImage> byId = new HashMap<>();
        for (CocoImage image : images) {
            byId.put(image.id(), image);
        }
        return byId;
    }
}
