package org.okdhp.data.annotation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the official MPII release {@code mpii_human_pose_v1_u12_1.mat} (MATLAB level 5, variable
 * {@code RELEASE}) with mfl-core. It tolerates what the real release contains: images without
 * rectangles, rectangles without {@code annopoints} or {@code objpos} (as [] or absent),
 * {@code is_visible} as a number, as the text '0'/'1', as [] or absent, and test rectangles
 * holding only {@code scale} and {@code objpos}. Anything else unexpected fails naming the
 * MATLAB path, e.g. {@code RELEASE.annolist(7).annorect(2).annopoints.point(3).id}.
 */
public final class MpiiReleaseReader {

    private static final int JOINTS = JointSet.MPII.size();
    private static final String[] HEAD_BOX_FIELDS = {"x1", "y1", "x2", "y2"};

    private MpiiReleaseReader() {}

    public static MpiiRelease read(Path mat) throws IOException {
        return read(mat, MatValue.readVariables(mat));
    }

    /** From the variables of a file already read (to recognise a file by its variables first). */
    static MpiiRelease read(Path mat, Map<String, MatValue> variables) throws AnnotationFormatException {
        MatValue release = MatValue.variable(mat, variables, "RELEASE");
        MatValue annolist = release.field("annolist");
        MatValue trainFlags = release.field("img_train");
        if (trainFlags.size() != annolist.size()) {
            throw trainFlags.fail("has " + trainFlags.size() + " flags for " + annolist.size() + " images");
        }
        MatValue singlePerson = optionalSized(release, "single_person", annolist.size());
        MatValue activities = optionalSized(release, "act", annolist.size());
        List<MpiiImage> images = new ArrayList<>(annolist.size());
        for (int i = 0; i < annolist.size(); i++) {
            MatValue entry = annolist.element(i);
            String name = entry.field("image").field("name").text();
            List<MpiiRect> rects = rects(entry);
            images.add(new MpiiImage(i, name, trainFlag(trainFlags, i), rects,
                    singlePersonRects(singlePerson, i, rects.size()), activity(activities, i)));
        }
        return new MpiiRelease(images);
    }

    private static MatValue optionalSized(MatValue release, String field, int images) throws AnnotationFormatException {
        if (!release.hasField(field)) {
            return null;
        }
        MatValue value = release.field(field);
        if (value.size() != images) {
            throw value.fail("has " + value.size() + " entries for " + images + " images");
        }
        return value;
    }

    private static boolean trainFlag(MatValue flags, int image) throws AnnotationFormatException {
        double flag = flags.number(image);
        if (flag != 0 && flag != 1) {
            throw flags.fail("entry " + (image + 1) + " is " + flag + ", not 0 or 1");
        }
        return flag == 1;
    }

    private static List<MpiiRect> rects(MatValue entry) throws AnnotationFormatException {
        if (!entry.hasField("annorect") || entry.field("annorect").isEmpty()) {
            return List.of();
        }
        MatValue annorect = entry.field("annorect");
        List<MpiiRect> rects = new ArrayList<>(annorect.size());
        for (int r = 0; r < annorect.size(); r++) {
            rects.add(rect(annorect.element(r)));
        }
        return rects;
    }

    private static MpiiRect rect(MatValue rect) throws AnnotationFormatException {
        double centerX = Double.NaN;
        double centerY = Double.NaN;
        MatValue objpos = present(rect, "objpos");
        if (objpos != null && present(objpos, "x") != null) {
            centerX = objpos.field("x").scalar();
            centerY = objpos.field("y").scalar();
        }
        MatValue scaleValue = present(rect, "scale");
        double scale = scaleValue == null ? Double.NaN : scaleValue.scalar();
        if (!Double.isNaN(scale) && !(scale > 0)) {
            throw scaleValue.fail("scale " + scale + " is not positive");
        }
        float[][] joints = new float[JOINTS][2];
        float[] labelled = new float[JOINTS];
        int[] visible = new int[JOINTS];
        Arrays.fill(visible, MpiiRect.UNKNOWN_VISIBILITY);
        MatValue annopoints = present(rect, "annopoints");
        if (annopoints != null && present(annopoints, "point") != null) {
            MatValue points = annopoints.field("point");
            for (int k = 0; k < points.size(); k++) {
                readPoint(points.element(k), joints, labelled, visible);
            }
        }
        return new MpiiRect(headBox(rect), centerX, centerY, scale, joints, labelled, visible);
    }

    private static void readPoint(MatValue point, float[][] joints, float[] labelled, int[] visible)
            throws AnnotationFormatException {
        double idValue = point.field("id").scalar();
        int id = (int) idValue;
        if (id != idValue || id < 0 || id >= JOINTS) {
            throw point.field("id").fail("joint id " + idValue + " is not one of 0.." + (JOINTS - 1));
        }
        if (labelled[id] > 0) {
            throw point.fail("joint id " + id + " is labelled twice in this rectangle");
        }
        joints[id][0] = (float) point.field("x").finiteScalar();
        joints[id][1] = (float) point.field("y").finiteScalar();
        labelled[id] = 1;
        visible[id] = visibleFlag(present(point, "is_visible"));
    }

    /** The release writes is_visible as a number, as the text '0' or '1', or leaves it empty. */
    private static int visibleFlag(MatValue flag) throws AnnotationFormatException {
        if (flag == null) {
            return MpiiRect.UNKNOWN_VISIBILITY;
        }
        String value = flag.isText() ? flag.text() : String.valueOf((int) flag.scalar());
        return switch (value) {
            case "1" -> MpiiRect.VISIBLE;
            case "0" -> MpiiRect.OCCLUDED;
            case "" -> MpiiRect.UNKNOWN_VISIBILITY;
            default -> throw flag.fail("is_visible '" + value + "' is not 0 or 1");
        };
    }

    private static float[] headBox(MatValue rect) throws AnnotationFormatException {
        float[] box = new float[HEAD_BOX_FIELDS.length];
        int present = 0;
        for (int c = 0; c < box.length; c++) {
            MatValue corner = present(rect, HEAD_BOX_FIELDS[c]);
            if (corner != null) {
                box[c] = (float) corner.finiteScalar();
                present++;
            }
        }
        if (present == 0) {
            return null;
        }
        if (present != box.length) {
            throw rect.fail("has only " + present + " of the head box fields x1, y1, x2, y2");
        }
        return box;
    }

    private static List<Integer> singlePersonRects(MatValue singlePerson, int image, int rectCount)
            throws AnnotationFormatException {
        if (singlePerson == null) {
            return List.of();
        }
        MatValue indices = singlePerson.element(image);
        List<Integer> rects = new ArrayList<>(indices.size());
        for (int i = 0; i < indices.size(); i++) {
            double oneBased = indices.number(i);
            if (oneBased != Math.rint(oneBased) || oneBased < 1 || oneBased > rectCount) {
                throw indices.fail("rectangle " + oneBased + " is not one of the image's " + rectCount);
            }
            rects.add((int) oneBased - 1);
        }
        return rects;
    }

    private static MpiiActivity activity(MatValue activities, int image) throws AnnotationFormatException {
        if (activities == null) {
            return MpiiActivity.UNKNOWN;
        }
        MatValue act = activities.element(image);
        MatValue category = present(act, "cat_name");
        MatValue name = present(act, "act_name");
        MatValue id = present(act, "act_id");
        return new MpiiActivity(category == null ? "" : category.text(), name == null ? "" : name.text(),
                id == null ? -1 : (int) id.scalar());
    }

    /** The field when the struct has it and it is not [], else null. */
    private static MatValue present(MatValue struct, String field) throws AnnotationFormatException {
        if (!struct.hasField(field)) {
            return null;
        }
        MatValue value = struct.field(field);
        return value.isEmpty() ? null : value;
    }
}
