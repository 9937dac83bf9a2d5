package org.okdhp.data.annotation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * COCO people as the top-down pipeline crops them, following HRNet's {@code coco.py}. Centers and
 * scales come from {@link CenterScale#fromBox}: {@code scale} is the padded, aspect-corrected box
 * <em>width</em> / 200 px; the crop's height is that width / {@code aspectRatio}.
 */
public final class CocoPoseInstances {

    /** The category HRNet's detection results are filtered to. */
    public static final long PERSON_CATEGORY_ID = 1;
    private static final String PERSON = "person";
    private static final int VALUES_PER_KEYPOINT = 3;

    private CocoPoseInstances() {}

    /**
     * The ground-truth people of category "person" (HRNet's {@code _load_coco_keypoint_annotation_kernal}):
     * the box is clipped to the image ({@code x2 = min(width - 1, x1 + max(0, w - 1))}), people
     * whose clipped box is empty or whose area is 0 are dropped, and so are people without any
     * labelled keypoint (crowds among them). Visibility is 1 for v in {1, 2}. Beyond HRNet, a box
     * that clips to a single point (at most 1 px each way) is dropped too: its crop would have
     * scale 0, which HRNet turns into a degenerate affine and this pipeline cannot crop.
     *
     * @param aspectRatio model input width / height, e.g. 192.0 / 256
     */
    public static List<PoseInstance> groundTruth(CocoAnnotations coco, Path imageDir, double aspectRatio) {
        return labelled(coco, imageDir, aspectRatio, categoryId -> isPerson(coco, categoryId)).stream()
                .map(LabelledObject::instance).toList();
    }

    /**
     * The labelled objects of one keypoint category, selected and cropped as {@link #groundTruth}
     * selects people, each with the size of its clipped box (the reference length of PCK).
     */
    public static List<LabelledObject> labelled(CocoAnnotations coco, Path imageDir, double aspectRatio,
            long categoryId) {
        return labelled(coco, imageDir, aspectRatio, id -> id == categoryId);
    }

    /**
     * A labelled object and its clipped ground-truth box.
     *
     * @param boxWidth clipped box width, px
     * @param boxHeight clipped box height, px
     */
    public record LabelledObject(PoseInstance instance, double boxWidth, double boxHeight) {}

    /**
     * Fails naming the file and annotation when an annotation of {@code categoryId} does not hold
     * exactly {@code keypoints} triples.
     */
    public static void requireKeypointCount(CocoAnnotations coco, Path file, long categoryId, int keypoints)
            throws AnnotationFormatException {
        for (CocoAnnotation annotation : coco.annotations()) {
            int values = annotation.keypoints().length;
            if (annotation.categoryId() == categoryId && values != VALUES_PER_KEYPOINT * keypoints) {
                throw new AnnotationFormatException(file, "annotation id " + annotation.id() + ", field keypoints",
                        values + " values, not 3 x " + keypoints + " = " + VALUES_PER_KEYPOINT * keypoints
                                + " (one x, y, v triple per keypoint of the keypoint set)");
            }
        }
    }

    private static List<LabelledObject> labelled(CocoAnnotations coco, Path imageDir, double aspectRatio,
            LongPredicate category) {
        Map<Long, CocoImage> images = coco.imagesById();
        List<LabelledObject> people = new ArrayList<>();
        for (CocoAnnotation person : coco.annotations()) {
            if (!category.test(person.categoryId())) {
                continue;
            }
            CocoImage image = images.get(person.imageId());
            double[] box = person.bbox();
            double x1 = Math.max(0, box[0]);
            double y1 = Math.max(0, box[1]);
            double x2 = Math.min(image.width() - 1, x1 + Math.max(0, box[2] - 1));
            double y2 = Math.min(image.height() - 1, y1 + Math.max(0, box[3] - 1));
            double[] keypoints = person.keypoints();
            boolean point = x2 == x1 && y2 == y1;
            if (!(person.area() > 0 && x2 >= x1 && y2 >= y1) || point || maximum(keypoints) == 0) {
                continue;
            }
            int count = keypoints.length / VALUES_PER_KEYPOINT;
            float[][] joints = new float[count][2];
            float[] visibility = new float[count];
            for (int k = 0; k < count; k++) {
                joints[k][0] = (float) keypoints[k * VALUES_PER_KEYPOINT];
                joints[k][1] = (float) keypoints[k * VALUES_PER_KEYPOINT + 1];
                visibility[k] = (float) Math.min(1, keypoints[k * VALUES_PER_KEYPOINT + 2]);
            }
            CenterScale crop = CenterScale.fromBox(x1, y1, x2 - x1, y2 - y1, aspectRatio);
            people.add(new LabelledObject(new PoseInstance(imageDir.resolve(image.fileName()), image.id(),
                    crop.centerX(), crop.centerY(), crop.scale(), joints, visibility, null, person.area(), 1),
                    x2 - x1, y2 - y1));
        }
        return List.copyOf(people);
    }

    /**
     * The detected people to run the model on (HRNet's {@code _load_coco_person_detection_results}):
     * boxes of category 1 scoring at least {@code minScore}, with {@link JointSet#COCO}'s joints all
     * unlabelled and {@code area} the detector box's w x h. Boxes of zero area are left out (HRNet
     * keeps them; one of zero width and height cannot be cropped, and none holds a person).
     *
     * @param images the file naming the images (a ground-truth or test-dev image-info file)
     * @throws IllegalArgumentException naming a detection whose image is not in {@code images}
     */
    public static List<PoseInstance> detections(List<CocoDetection> detections, CocoAnnotations images,
                                                Path imageDir, double aspectRatio, double minScore) {
        return detections(detections, images, imageDir, aspectRatio, minScore, PERSON_CATEGORY_ID, JointSet.COCO.size());
    }

    /** As {@link #detections(List, CocoAnnotations, Path, double, double)} for the boxes of any category and keypoint count. */
    public static List<PoseInstance> detections(List<CocoDetection> detections, CocoAnnotations images,
            Path imageDir, double aspectRatio, double minScore, long categoryId, int joints) {
        Map<Long, CocoImage> byId = images.imagesById();
        List<PoseInstance> people = new ArrayList<>();
        for (int i = 0; i < detections.size(); i++) {
            CocoDetection detection = detections.get(i);
            double[] box = detection.bbox();
            if (detection.categoryId() != categoryId || detection.score() < minScore || box[2] * box[3] == 0) {
                continue;
            }
            CocoImage image = byId.get(detection.imageId());
            if (image == null) {
                throw new IllegalArgumentException("detection " + i + ": image_id " + detection.imageId()
                        + " is not among the images");
            }
            CenterScale crop = CenterScale.fromBox(box[0], box[1], box[2], box[3], aspectRatio);
            people.add(new PoseInstance(imageDir.resolve(image.fileName()), image.id(), crop.centerX(),
                    crop.centerY(), crop.scale(), new float[joints][2], new float[joints], null,
                    box[2] * box[3], detection.score()));
        }
        return List.copyOf(people);
    }

    private static boolean isPerson(CocoAnnotations coco, long categoryId) {
        for (CocoCategory category : coco.categories()) {
            if (category.id() == categoryId) {
                return PERSON.equals(category.name());
            }
        }
        return false;
    }

    private static double maximum(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
