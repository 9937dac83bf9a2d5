package org.okdhp.train.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.okdhp.data.annotation.JointSet;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/** Writes the small annotation, image and .mat files the data tests lay out as MPII or COCO folders. */
public final class DataFolders {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DataFolders() {}

    public static Path json(Path file, Object value) throws IOException {
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), value);
        return file;
    }

    /** A plain grey JPEG, enough for the image checks and a crop. */
    public static Path image(Path file, int width, int height) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.getGraphics().fillRect(width / 4, height / 4, width / 2, height / 2);
        if (!ImageIO.write(image, "jpeg", file.toFile())) {
            throw new IOException("no JPEG writer");
        }
        return file;
    }

    /**
     * An HRNet-style gt_valid.mat with the given 1-based head boxes {x1, y1, x2, y2}; its joints
     * are never read by the head-box path, so they are zeros, all labelled.
     */
    public static Path groundTruthMat(Path file, double[][] headBoxes) throws IOException {
        int people = headBoxes.length;
        Matrix boxes = Mat5.newMatrix(new int[] {2, 2, people});
        for (int n = 0; n < people; n++) {
            for (int corner = 0; corner < 2; corner++) {
                for (int c = 0; c < 2; c++) {
                    boxes.setDouble(new int[] {corner, c, n}, headBoxes[n][corner * 2 + c]);
                }
            }
        }
        Files.createDirectories(file.getParent());
        Mat5.writeToFile(Mat5.newMatFile().addArray("pos_gt_src", Mat5.newMatrix(new int[] {16, 2, people}))
                .addArray("jnt_missing", Mat5.newMatrix(16, people)).addArray("headboxes_src", boxes), file.toFile());
        return file;
    }

    /** 16 joints of a person centred at (x, y), 1-based: joint j at (x - 40 + 5j, y - 60 + 7j), inside a 200 px image. */
    public static double[][] mpiiJoints(double x, double y) {
        double[][] joints = new double[JointSet.MPII.size()][];
        for (int j = 0; j < joints.length; j++) {
            joints[j] = new double[] {x - 40 + 5 * j, y - 60 + 7 * j};
        }
        return joints;
    }

    /** One MPII json record: 1-based center and joints, as HRNet's annot/*.json store them. */
    public static Map<String, Object> mpiiRecord(String image, double[] center, double scale, double[][] joints, int[] visible) {
        return Map.of("image", image, "center", center, "scale", scale, "joints", joints, "joints_vis", visible);
    }

    /** A COCO person-keypoints file with one "person" category over {@code images} ({id, file_name, width, height}). */
    public static Path cocoFile(Path file, List<Map<String, Object>> images, List<Map<String, Object>> people) throws IOException {
        Map<String, Object> person = Map.of("id", 1, "name", "person", "supercategory", "person",
                "keypoints", JointSet.COCO.jointNames());
        return json(file, Map.of("images", images, "annotations", people, "categories", List.of(person)));
    }

    public static Map<String, Object> cocoImage(long id, String fileName, int width, int height) {
        return Map.of("id", id, "file_name", fileName, "width", width, "height", height);
    }

    /** A ground-truth person; {@code keypoints} is 17 x {x, y, v}, num_keypoints counts v > 0. */
    public static Map<String, Object> cocoPerson(long id, long imageId, double[] bbox, double area, double[] keypoints, boolean crowd) {
        int labelled = 0;
        for (int k = 2; k < keypoints.length; k += 3) {
            labelled += keypoints[k] > 0 ? 1 : 0;
        }
        return Map.of("id", id, "image_id", imageId, "category_id", 1, "bbox", bbox, "area", area, "keypoints", keypoints,
                "num_keypoints", labelled, "iscrowd", crowd ? 1 : 0);
    }

    /**
     * The official release's shape, reduced to what the readers use: per image a name, its
     * training flag and rectangles (head box, scale, objpos, points), all 1-based.
     */
    record ReleaseRect(double[] headBox, double scale, double[] center, double[][] joints) {}

    record ReleaseImage(String name, boolean train, List<ReleaseRect> rects) {}

    static Path releaseMat(Path file, List<ReleaseImage> images) throws IOException {
        Struct annolist = Mat5.newStruct(1, images.size());
        Matrix trainFlags = Mat5.newMatrix(1, images.size());
        for (int i = 0; i < images.size(); i++) {
            ReleaseImage image = images.get(i);
            annolist.set("image", i, Mat5.newStruct().set("name", Mat5.newString(image.name())));
            annolist.set("annorect", i, rects(image.rects()));
            trainFlags.setDouble(i, image.train() ? 1 : 0);
        }
        Files.createDirectories(file.getParent());
        Mat5.writeToFile(Mat5.newMatFile().addArray("RELEASE",
                Mat5.newStruct().set("annolist", annolist).set("img_train", trainFlags)), file.toFile());
        return file;
    }

    private static Array rects(List<ReleaseRect> rects) {
        Struct annorect = Mat5.newStruct(1, rects.size());
        String[] corners = {"x1", "y1", "x2", "y2"};
        for (int r = 0; r < rects.size(); r++) {
            ReleaseRect rect = rects.get(r);
            for (int c = 0; c < corners.length; c++) {
                annorect.set(corners[c], r, Mat5.newScalar(rect.headBox()[c]));
            }
            annorect.set("scale", r, Mat5.newScalar(rect.scale()));
            annorect.set("objpos", r, Mat5.newStruct().set("x", Mat5.newScalar(rect.center()[0]))
                    .set("y", Mat5.newScalar(rect.center()[1])));
            Struct points = Mat5.newStruct(1, rect.joints().length);
            for (int j = 0; j < rect.joints().length; j++) {
                points.set("x", j, Mat5.newScalar(rect.joints()[j][0]));
                points.set("y", j, Mat5.newScalar(rect.joints()[j][1]));
                points.set("id", j, Mat5.newScalar(j));
                points.set("is_visible", j, Mat5.newScalar(1));
            }
            annorect.set("annopoints", r, Mat5.newStruct().set("point", points));
        }
        return annorect;
    }
}
