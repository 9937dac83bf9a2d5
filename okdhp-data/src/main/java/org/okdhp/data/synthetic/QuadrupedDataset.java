package org.okdhp.data.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.KeypointSetFile;
import org.okdhp.data.dataset.DerivedSeed;
import org.okdhp.data.image.ImageSize;

/**
 * Writes a quadruped keypoint dataset in COCO's format, one {@link QuadrupedFigure} per image, so
 * that training on a custom keypoint set runs without a download:
 *
 * <pre>
 * DIR/quadruped.yaml                                  the keypoint-set file
 * DIR/annotations/train.json  DIR/annotations/val.json  COCO keypoints, category {@value #CATEGORY_ID}
 * DIR/images/train/*.png      DIR/images/val/*.png
 * </pre>
 *
 * Each image is drawn from a seed derived from the dataset's seed and its index, so a dataset is
 * reproducible; a fifth of the images (at least one) form the validation split.
 */
public final class QuadrupedDataset {

    /** Not COCO's person id 1, so that nothing works only by assuming people. */
    public static final long CATEGORY_ID = 2;
    public static final String KEYPOINT_FILE = "quadruped.yaml";
    public static final String TRAIN_ANNOTATIONS = "annotations/train.json";
    public static final String VAL_ANNOTATIONS = "annotations/val.json";
    public static final String TRAIN_IMAGES = "images/train";
    public static final String VAL_IMAGES = "images/val";
    /** Height x width of each image, px. */
    public static final ImageSize DEFAULT_IMAGE_SIZE = new ImageSize(192, 256);
    private static final int VALIDATION_SHARE = 5;
    /** COCO's visibility flag for "labelled and visible". */
    private static final int VISIBLE = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private QuadrupedDataset() {}

    /** What was written: the counts per split and the keypoint-set file. */
    public record Written(int trainImages, int valImages, Path keypointFile) {}

    /**
     * @param out a folder that does not exist or is empty: nothing is ever overwritten
     * @param images images in both splits together, at least 2
     */
    public static Written write(Path out, int images, long seed, ImageSize size) throws IOException {
        if (images < 2) {
            throw new IllegalArgumentException("--images must be at least 2 (one for training, one for validation), got " + images);
        }
        if (Files.exists(out) && (!Files.isDirectory(out) || hasEntries(out))) {
            throw new FileAlreadyExistsException(out.toString(), null, "exists and is not an empty folder; nothing is overwritten");
        }
        int val = Math.max(1, images / VALIDATION_SHARE);
        int train = images - val;
        writeSplit(out, TRAIN_ANNOTATIONS, TRAIN_IMAGES, 0, train, seed, size);
        writeSplit(out, VAL_ANNOTATIONS, VAL_IMAGES, train, val, seed, size);
        Path keypointFile = out.resolve(KEYPOINT_FILE);
        KeypointSetFile.write(QuadrupedFigure.KEYPOINTS, keypointFile);
        return new Written(train, val, keypointFile);
    }

    private static void writeSplit(Path out, String annotations, String imageFolder, int first, int count, long seed,
            ImageSize size) throws IOException {
        Path folder = Files.createDirectories(out.resolve(imageFolder));
        ObjectNode coco = JSON.createObjectNode();
        ArrayNode images = coco.putArray("images");
        ArrayNode objects = coco.putArray("annotations");
        for (int i = first; i < first + count; i++) {
            SplittableRandom random = new SplittableRandom(DerivedSeed.of(seed, i));
            QuadrupedFigure figure = QuadrupedFigure.sample(random, size);
            String fileName = String.format("%06d.png", i);
            if (!ImageIO.write(figure.render(size, random), "png", folder.resolve(fileName).toFile())) {
                throw new IOException("no PNG writer for " + folder.resolve(fileName));
            }
            images.addObject().put("id", i + 1).put("file_name", fileName).put("height", size.height())
                    .put("width", size.width());
            double[] box = figure.box(size);
            ObjectNode object = objects.addObject().put("id", i + 1).put("image_id", i + 1)
                    .put("category_id", CATEGORY_ID).put("iscrowd", 0)
                    // No segmentation: the box's area stands for the object's, as OKS's scale.
                    .put("area", box[2] * box[3]).put("num_keypoints", QuadrupedFigure.KEYPOINTS.size());
            ArrayNode bbox = object.putArray("bbox");
            for (double value : box) {
                bbox.add(value);
            }
            ArrayNode keypoints = object.putArray("keypoints");
            for (float[] joint : figure.joints()) {
                keypoints.add(joint[0]).add(joint[1]).add(VISIBLE);
            }
        }
        coco.putArray("categories").add(category(QuadrupedFigure.KEYPOINTS));
        Path file = out.resolve(annotations);
        Files.createDirectories(file.getParent());
        try (OutputStream stream = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            JSON.writeValue(stream, coco);
        }
    }

    /** COCO's category record: keypoint names and the skeleton as 1-based index pairs. */
    private static ObjectNode category(JointSet set) {
        ObjectNode category = JSON.createObjectNode().put("id", CATEGORY_ID).put("name", set.name())
                .put("supercategory", "animal");
        set.jointNames().forEach(category.putArray("keypoints")::add);
        ArrayNode skeleton = category.putArray("skeleton");
        for (int[] bone : set.skeleton()) {
            skeleton.addArray().add(bone[0] + 1).add(bone[1] + 1);
        }
        return category;
    }

    private static boolean hasEntries(Path folder) throws IOException {
        try (var entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        }
    }
}
