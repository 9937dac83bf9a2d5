package org.okdhp.data.annotation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.okdhp.data.annotation.MatFiles.EMPTY;
import static org.okdhp.data.annotation.MatFiles.row;
import static org.okdhp.data.annotation.MatFiles.scalar;
import static org.okdhp.data.annotation.MatFiles.struct;
import static org.okdhp.data.annotation.MatFiles.structArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Struct;

/** Head boxes for json people (as HRNet's valid.json has none): from a gt_valid-style file or from the release. */
class MpiiLabelledPeopleTest {

    private static final String[] RECT_FIELDS = {"x1", "y1", "x2", "y2", "scale", "objpos"};

    @TempDir
    Path dir;

    /** Two people of one image, listed in the json in the opposite order to the release. */
    @Test
    void releaseHeadBoxesAreMatchedByImageAndCenter() throws IOException {
        Path release = MatFiles.write(dir.resolve("release.mat"), "RELEASE", release());
        List<PoseInstance> people = List.of(person("a.jpg", 401, 201, 2), person("a.jpg", 101, 201, 1.5));

        List<LabelledJoints> truth = MpiiLabelledPeople.withHeadBoxes(people, release);

        assertArrayEquals(new double[] {390, 150, 410, 175}, truth.get(0).headBox(), "the second rectangle, 0-based");
        assertArrayEquals(new double[] {90, 150, 110, 170}, truth.get(1).headBox(), "the first rectangle, 0-based");
        assertArrayEquals(LabelledJoints.widened(people.get(1).joints()[3]), truth.get(1).joints()[3], "joints stay the json's");
    }

    @Test
    void aPersonWithoutARectangleAtItsCenterIsNamed() throws IOException {
        Path release = MatFiles.write(dir.resolve("release.mat"), "RELEASE", release());
        List<PoseInstance> people = List.of(person("a.jpg", 101, 201, 1.5), person("a.jpg", 250, 201, 1.5));

        AnnotationFormatException e = assertThrows(AnnotationFormatException.class,
                () -> MpiiLabelledPeople.withHeadBoxes(people, release));
        assertEquals(release + ": person 1 (image a.jpg, crop center 249.0, 222.5 px) has no rectangle with a head box"
                + " at that center", e.getMessage());
    }

    @Test
    void groundTruthHeadBoxesGoInOrderAndMustBeOnePerPerson() throws IOException {
        Path gt = MatFiles.write(dir.resolve("gt_valid.mat"), new String[] {"pos_gt_src", "jnt_missing", "headboxes_src"},
                MatFiles.filled(new int[] {16, 2, 1}, at -> 1), MatFiles.filled(new int[] {16, 1}, at -> 0),
                MatFiles.filled(new int[] {2, 2, 1}, at -> 10 * at[0] + at[1] + 1));
        List<LabelledJoints> truth = MpiiLabelledPeople.withHeadBoxes(List.of(person("a.jpg", 101, 201, 1)), gt);
        assertArrayEquals(new double[] {0, 1, 10, 11}, truth.get(0).headBox());

        List<PoseInstance> two = List.of(person("a.jpg", 101, 201, 1), person("b.jpg", 101, 201, 1));
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> MpiiLabelledPeople.withHeadBoxes(two, gt));
        assertEquals(gt + ": has 1 head boxes for 2 people", e.getMessage());
    }

    /** A person as the json reader makes it from a 1-based center and the person scale. */
    private PoseInstance person(String image, double centerX, double centerY, double scale) {
        CenterScale box = CenterScale.fromMpii(centerX, centerY, scale);
        float[][] joints = new float[16][2];
        for (int j = 0; j < 16; j++) {
            joints[j] = new float[] {(float) centerX + j, (float) centerY - j};
        }
        float[] visible = new float[16];
        java.util.Arrays.fill(visible, 1);
        return new PoseInstance(dir.resolve(image), 0, box.centerX(), box.centerY(), box.scale(), joints, visible, null, 0, 1);
    }

    /** Image a.jpg: people at (101, 201) scale 1.5 and (401, 201) scale 2, 1-based, plus a rectangle without head box. */
    private static Struct release() {
        Struct rects = structArray(RECT_FIELDS,
                new Array[] {scalar(91), scalar(151), scalar(111), scalar(171), scalar(1.5), struct("x", scalar(101), "y", scalar(201))},
                new Array[] {scalar(391), scalar(151), scalar(411), scalar(176), scalar(2), struct("x", scalar(401), "y", scalar(201))},
                new Array[] {EMPTY, EMPTY, EMPTY, EMPTY, scalar(1.5), struct("x", scalar(250), "y", scalar(201))});
        Struct annolist = structArray(new String[] {"image", "annorect"},
                new Array[] {struct("name", Mat5.newString("a.jpg")), rects});
        return struct("annolist", annolist, "img_train", row(1));
    }
}
