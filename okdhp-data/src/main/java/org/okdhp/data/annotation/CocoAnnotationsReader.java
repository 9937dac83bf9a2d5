package org.okdhp.data.annotation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a COCO person-keypoints file ({@code images}, {@code annotations}, {@code categories}),
 * streaming it record by record. {@code images} is required; an image-info file without
 * annotations (test-dev) reads as one without people. Checks what evaluation relies on: unique
 * ids, annotations that name known images, boxes of non-negative size, K x {x, y, v} keypoints
 * with v in {0, 1, 2} and K matching the category's keypoint names.
 */
public final class CocoAnnotationsReader {

    private static final int VALUES_PER_KEYPOINT = 3;
    private static final int BOX_VALUES = 4;

    private CocoAnnotationsReader() {}

    public static CocoAnnotations read(Path json) throws IOException {
        List<CocoImage> images = new ArrayList<>();
        List<CocoCategory> categories = new ArrayList<>();
        List<CocoAnnotation> annotations = new ArrayList<>();
        // Labels, not records: records hold segmentation polygons that must not stay in memory.
        List<String> labels = new ArrayList<>();
        Set<String> found = JsonRecordStream.readObjectArrays(json, Map.of(
                "images", record -> images.add(image(record)),
                "categories", record -> categories.add(category(record)),
                "annotations", record -> {
                    CocoAnnotation annotation = annotation(record);
                    annotations.add(annotation);
                    labels.add(record.labelledWith("id " + annotation.id()).label());
                }));
        if (!found.contains("images")) {
            throw new AnnotationFormatException(json, "has no 'images' array");
        }
        requireUniqueIds(json, "images", images.stream().map(CocoImage::id).toList());
        requireUniqueIds(json, "annotations", annotations.stream().map(CocoAnnotation::id).toList());
        Set<Long> imageIds = new HashSet<>(images.stream().map(CocoImage::id).toList());
        Map<Long, Integer> keypointsPerCategory = new HashMap<>();
        for (CocoCategory category : categories) {
            keypointsPerCategory.put(category.id(), category.keypoints().size());
        }
        for (int i = 0; i < annotations.size(); i++) {
            CocoAnnotation annotation = annotations.get(i);
            if (!imageIds.contains(annotation.imageId())) {
                throw new AnnotationFormatException(json, labels.get(i),
                        "image_id " + annotation.imageId() + " is not in 'images'");
            }
            int expected = keypointsPerCategory.getOrDefault(annotation.categoryId(), 0);
            int given = annotation.keypoints().length / VALUES_PER_KEYPOINT;
            if (expected > 0 && given != expected) {
                throw new AnnotationFormatException(json, labels.get(i), given + " keypoints instead of the " + expected
                        + " of category " + annotation.categoryId());
            }
        }
        return new CocoAnnotations(images, annotations, categories);
    }

    private static CocoImage image(JsonRecord record) throws AnnotationFormatException {
        long id = record.integer("id");
        record = record.labelledWith("id " + id);
        long width = record.integer("width");
        long height = record.integer("height");
        if (width <= 0 || height <= 0) {
            throw record.fail("size " + width + " x " + height + " px is not positive");
        }
        return new CocoImage(id, record.text("file_name"), (int) width, (int) height);
    }

    private static CocoCategory category(JsonRecord record) throws AnnotationFormatException {
        long id = record.integer("id");
        record = record.labelledWith("id " + id);
        List<String> keypoints = new ArrayList<>();
        if (record.has("keypoints")) {
            keypoints.addAll(record.texts("keypoints"));
        }
        List<int[]> skeleton = new ArrayList<>();
        if (record.has("skeleton")) {
            double[][] bones = record.rows("skeleton", -1, 2);
            for (int i = 0; i < bones.length; i++) {
                int[] bone = {(int) bones[i][0], (int) bones[i][1]};
                for (int end = 0; end < 2; end++) {
                    if (bone[end] != bones[i][end] || bone[end] < 1 || bone[end] > keypoints.size()) {
                        throw record.fail("'skeleton[" + i + "][" + end + "]' is " + bones[i][end]
                                + ", not a 1-based keypoint index (1 to " + keypoints.size() + ")");
                    }
                }
                skeleton.add(bone);
            }
        }
        return new CocoCategory(id, record.text("name"), keypoints, skeleton);
    }

    private static CocoAnnotation annotation(JsonRecord record) throws AnnotationFormatException {
        long id = record.integer("id");
        record = record.labelledWith("id " + id);
        double[] bbox = record.numbers("bbox", BOX_VALUES);
        if (!(bbox[2] >= 0 && bbox[3] >= 0)) {
            throw record.fail("bbox size " + bbox[2] + " x " + bbox[3] + " is negative");
        }
        double[] keypoints = keypointTriples(record, "keypoints");
        for (int k = 2; k < keypoints.length; k += VALUES_PER_KEYPOINT) {
            double v = keypoints[k];
            if (v != 0 && v != 1 && v != 2) {
                throw record.fail("keypoint " + k / VALUES_PER_KEYPOINT + " has visibility " + v + ", not 0, 1 or 2");
            }
        }
        long numKeypoints = record.integer("num_keypoints");
        if (numKeypoints < 0) {
            throw record.fail("num_keypoints " + numKeypoints + " is negative");
        }
        long crowd = record.has("iscrowd") ? record.integer("iscrowd") : 0;
        if (crowd != 0 && crowd != 1) {
            throw record.fail("iscrowd " + crowd + " is not 0 or 1");
        }
        double area = record.number("area");
        if (!(area >= 0)) {
            throw record.fail("area " + area + " is negative");
        }
        return new CocoAnnotation(id, record.integer("image_id"), record.integer("category_id"), bbox, keypoints,
                (int) numKeypoints, crowd == 1, area);
    }

    /** A non-empty flat array of {x, y, v-or-score} triples. */
    static double[] keypointTriples(JsonRecord record, String field) throws AnnotationFormatException {
        double[] values = record.numbers(field, -1);
        if (values.length == 0 || values.length % VALUES_PER_KEYPOINT != 0) {
            throw record.fail("'" + field + "' has " + values.length + " numbers, not a non-empty list of {x, y, v} triples");
        }
        return values;
    }

    private static void requireUniqueIds(Path json, String array, List<Long> ids) throws AnnotationFormatException {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!seen.add(ids.get(i))) {
                throw new AnnotationFormatException(json, array + "[" + i + "]", "duplicate id " + ids.get(i));
            }
        }
    }
}
