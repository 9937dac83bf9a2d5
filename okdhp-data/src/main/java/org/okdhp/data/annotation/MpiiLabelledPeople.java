package org.okdhp.data.annotation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PCKh ground truth from whichever MPII file a user has, recognised by its content:
 * <ul>
 *   <li>the official release {@code .mat} (variable {@code RELEASE}): its labelled rectangles with
 *       head boxes ({@link MpiiRelease#labelledPeople()});</li>
 *   <li>a {@code gt_valid.mat}-style file (variable {@code pos_gt_src});</li>
 *   <li>an MPII json: it has no head boxes, so they must come from a ground-truth {@code .mat}
 *       with one head box per json record, in the same order.</li>
 * </ul>
 */
public final class MpiiLabelledPeople {

    private MpiiLabelledPeople() {}

    /**
     * @param annotations the MPII file holding the joints
     * @param headBoxFile a gt_valid-style {@code .mat} whose head boxes replace the annotations' own
     *     (required for a json), or null
     */
    public static List<LabelledJoints> read(Path annotations, Path headBoxFile) throws IOException {
        boolean json = !annotations.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mat");
        if (json && headBoxFile == null) {
            throw new AnnotationFormatException(annotations,
                    "an MPII json has no head boxes, which PCKh needs: give a ground-truth .mat with headboxes_src");
        }
        List<LabelledJoints> people = json ? fromJson(annotations) : fromMat(annotations);
        if (headBoxFile == null) {
            return people;
        }
        List<LabelledJoints> boxes = MpiiGroundTruthReader.read(headBoxFile);
        if (boxes.size() != people.size()) {
            throw new AnnotationFormatException(headBoxFile, "has " + boxes.size() + " head boxes for the "
                    + people.size() + " people of " + annotations);
        }
        List<LabelledJoints> boxed = new ArrayList<>(people.size());
        for (int n = 0; n < people.size(); n++) {
            boxed.add(people.get(n).withHeadBox(boxes.get(n).headBox()));
        }
        return List.copyOf(boxed);
    }

    private static List<LabelledJoints> fromMat(Path mat) throws IOException {
        Map<String, MatValue> variables = MatValue.readVariables(mat);
        if (variables.containsKey("RELEASE")) {
            return MpiiReleaseReader.read(mat, variables).labelledPeople();
        }
        if (variables.containsKey("pos_gt_src")) {
            return MpiiGroundTruthReader.read(mat, variables);
        }
        throw new AnnotationFormatException(mat, "is neither the MPII release (no variable RELEASE) nor a ground-truth"
                + " file (no variable pos_gt_src); it holds " + String.join(", ", variables.keySet()));
    }

    /** The json's people with a placeholder head box, replaced by the caller's. */
    private static List<LabelledJoints> fromJson(Path json) throws IOException {
        float[] placeholder = new float[4];
        List<LabelledJoints> people = new ArrayList<>();
        for (PoseInstance person : MpiiJsonReader.read(json, json.toAbsolutePath().getParent())) {
            people.add(new LabelledJoints(person.joints(), person.visibility(), placeholder));
        }
        return people;
    }
}
