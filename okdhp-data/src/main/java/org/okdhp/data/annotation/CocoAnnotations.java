package org.okdhp.data.annotation;

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

    /** The images by id (a fresh map: build it once per use). */
    public Map<Long, CocoImage> imagesById() {
        Map<Long, CocoImage> byId = new HashMap<>();
        for (CocoImage image : images) {
            byId.put(image.id(), image);
        }
        return byId;
    }
}
