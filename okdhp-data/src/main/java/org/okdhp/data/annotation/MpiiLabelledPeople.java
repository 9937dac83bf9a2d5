package org.okdhp.data.annotation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PCKh ground truth from whichever MPII file a user has, recognised by its content:
 * <ul>
 *   <li>the official release {@code .mat} (variable {@code RELEASE}): its labelled rectangles with
 *       head boxes ({@link MpiiRelease#labelledPeople()});</li>
 *   <li>a {@code gt_valid.mat}-style file (variable {@code pos_gt_src});</li>
 *   <li>an MPII json: it has no head boxes, so they come from a ground-truth {@code .mat} with one
 *       head box per json record in the same order, or from the release, matched by image and
 *       center ({@link #withHeadBoxes}).</li>
 * </ul>
 */
public final class MpiiLabelledPeople {

    /**
     * How far a json person's center may lie from its release rectangle's, px. The json centers
     * are the release's {@code objpos} (whole pixels), so a match is exact up to float rounding;
     * distinct people of one image stand far further apart.
     */
    private static final double CENTER_MATCH_TOLERANCE_PX = 1.0;

    private MpiiLabelledPeople() {}

    /**
     * @param annotations the MPII file holding the joints
     * @param headBoxFile a gt_valid-style {@code .mat} whose head boxes replace the annotations' own
     *     (required for a json, which may also take the release), or null
     */
    public static List<LabelledJoints> read(Path annotations, Path headBoxFile) throws IOException {
        boolean json = !annotations.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mat");
        if (json && headBoxFile == null) {
            throw new AnnotationFormatException(annotations,
                    "an MPII json has no head boxes, which PCKh needs: give a ground-truth .mat with headboxes_src");
        }
        if (json) {
            return withHeadBoxes(MpiiJsonReader.read(annotations, annotations.toAbsolutePath().getParent()), headBoxFile);
        }
        List<LabelledJoints> people = fromMat(annotations);
        return headBoxFile == null ? people : inOrder(people, MpiiGroundTruthReader.read(headBoxFile), headBoxFile);
    }

    /**
     * The joints of {@code people} (e.g. read from HRNet's {@code valid.json}) with head boxes from
     * {@code headBoxFile}: a gt_valid-style file, one box per person in order; or the official
     * release, where each person's box is that of the rectangle of the same image file name whose
     * center is the person's.
     */
    public static List<LabelledJoints> withHeadBoxes(List<PoseInstance> people, Path headBoxFile) throws IOException {
        List<LabelledJoints> joints = new ArrayList<>(people.size());
        for (PoseInstance person : people) {
            joints.add(LabelledJoints.widened(person.joints(), person.visibility(), new float[4]));
        }
        Map<String, MatValue> variables = MatValue.readVariables(headBoxFile);
        if (variables.containsKey("RELEASE")) {
            return matchedInRelease(people, joints, MpiiReleaseReader.read(headBoxFile, variables), headBoxFile);
        }
        if (variables.containsKey("pos_gt_src")) {
            return inOrder(joints, MpiiGroundTruthReader.read(headBoxFile, variables), headBoxFile);
        }
        throw neitherReleaseNorGroundTruth(headBoxFile, variables);
    }

    private static List<LabelledJoints> fromMat(Path mat) throws IOException {
        Map<String, MatValue> variables = MatValue.readVariables(mat);
        if (variables.containsKey("RELEASE")) {
            return MpiiReleaseReader.read(mat, variables).labelledPeople();
        }
        if (variables.containsKey("pos_gt_src")) {
            return MpiiGroundTruthReader.read(mat, variables);
        }
        throw neitherReleaseNorGroundTruth(mat, variables);
    }

    private static AnnotationFormatException neitherReleaseNorGroundTruth(Path mat, Map<String, MatValue> variables) {
        return new AnnotationFormatException(mat, "is neither the MPII release (no variable RELEASE) nor a ground-truth"
                + " file (no variable pos_gt_src); it holds " + String.join(", ", variables.keySet()));
    }

    /** {@code people} with the head boxes of {@code boxes}, person n taking box n. */
    private static List<LabelledJoints> inOrder(List<LabelledJoints> people, List<LabelledJoints> boxes, Path headBoxFile)
            throws AnnotationFormatException {
        if (boxes.size() != people.size()) {
            throw new AnnotationFormatException(headBoxFile, "has " + boxes.size() + " head boxes for "
                    + people.size() + " people");
        }
        List<LabelledJoints> boxed = new ArrayList<>(people.size());
        for (int n = 0; n < people.size(); n++) {
            boxed.add(people.get(n).withHeadBox(boxes.get(n).headBox()));
        }
        return List.copyOf(boxed);
    }

    private static List<LabelledJoints> matchedInRelease(List<PoseInstance> people, List<LabelledJoints> joints,
                                                         MpiiRelease release, Path releaseFile)
            throws AnnotationFormatException {
        // The rectangles as people (spec-adjusted, 0-based), so their centers compare with the json's.
        Map<String, List<PoseInstance>> boxedByImage = new HashMap<>();
        for (MpiiImage image : release.images()) {
            for (MpiiRect rect : image.rects()) {
                if (rect.hasCenterAndScale() && rect.hasHeadBox()) {
                    boxedByImage.computeIfAbsent(image.name(), name -> new ArrayList<>())
                            .add(rect.toPoseInstance(Path.of(image.name()), image.index()));
                }
            }
        }
        List<LabelledJoints> boxed = new ArrayList<>(people.size());
        for (int n = 0; n < people.size(); n++) {
            PoseInstance person = people.get(n);
            String name = person.image().getFileName().toString();
            PoseInstance nearest = null;
            double nearestDistance = Double.POSITIVE_INFINITY;
            for (PoseInstance rect : boxedByImage.getOrDefault(name, List.of())) {
                double distance = Math.hypot(rect.centerX() - person.centerX(), rect.centerY() - person.centerY());
                if (distance < nearestDistance) {
                    nearest = rect;
                    nearestDistance = distance;
                }
            }
            if (nearestDistance > CENTER_MATCH_TOLERANCE_PX) {
                throw new AnnotationFormatException(releaseFile, String.format(Locale.ROOT,
                        "person %d (image %s, crop center %.1f, %.1f px) has no rectangle with a head box at that center",
                        n, name, person.centerX(), person.centerY()));
            }
            boxed.add(joints.get(n).withHeadBox(LabelledJoints.widened(nearest.headBox())));
        }
        return List.copyOf(boxed);
    }
}
