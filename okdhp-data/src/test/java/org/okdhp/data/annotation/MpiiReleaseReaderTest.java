package org.okdhp.data.annotation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.okdhp.data.annotation.MatFiles.EMPTY;
import static org.okdhp.data.annotation.MatFiles.row;
import static org.okdhp.data.annotation.MatFiles.scalar;
import static org.okdhp.data.annotation.MatFiles.struct;
import static org.okdhp.data.annotation.MatFiles.structArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Struct;

/**
 * A four-image release with the irregularities of the real one: is_visible as a number, as text
 * and as [] (and absent), a rectangle without annopoints, one without objpos, a test rectangle
 * with only scale and objpos, and an image without rectangles.
 */
class MpiiReleaseReaderTest {

    private static final String[] RECT_FIELDS = {"x1", "y1", "x2", "y2", "scale", "objpos", "annopoints"};

    @TempDir
    Path dir;

    @Test
    void readsImagesRectanglesJointsAndFlags() throws IOException {
        MpiiRelease release = MpiiReleaseReader.read(MatFiles.write(dir.resolve("r.mat"), "RELEASE", release(scalar(0))));

        assertEquals(List.of("one.jpg", "two.jpg", "three.jpg", "four.jpg"),
                release.images().stream().map(MpiiImage::name).toList());
        assertEquals(List.of(true, true, false, true), release.images().stream().map(MpiiImage::train).toList());
        assertEquals(List.of(2, 1, 1, 0), release.images().stream().map(i -> i.rects().size()).toList());

        MpiiRect annotated = release.images().get(0).rects().get(0);
        assertArrayEquals(new float[] {10, 20, 40, 60}, annotated.headBox());
        assertEquals(100, annotated.centerX());
        assertEquals(2, annotated.scale());
        assertArrayEquals(new float[] {11, 21}, annotated.joints()[0]);
        assertArrayEquals(new float[] {31, 41}, annotated.joints()[9]);
        float[] labelled = new float[16];
        labelled[0] = labelled[9] = labelled[15] = 1;
        assertArrayEquals(labelled, annotated.labelled());
        int[] visible = annotated.visibleFlags();
        assertEquals(MpiiRect.VISIBLE, visible[0], "is_visible given as the number 1");
        assertEquals(MpiiRect.OCCLUDED, visible[9], "is_visible given as the text '0'");
        assertEquals(MpiiRect.UNKNOWN_VISIBILITY, visible[15], "is_visible given as []");

        MpiiRect withoutPoints = release.images().get(0).rects().get(1);
        assertFalse(withoutPoints.hasLabelledJoints());
        assertNull(withoutPoints.headBox());
        assertTrue(withoutPoints.hasCenterAndScale());

        MpiiRect withoutCenter = release.images().get(1).rects().get(0);
        assertFalse(withoutCenter.hasCenterAndScale());
        assertEquals(MpiiRect.UNKNOWN_VISIBILITY, withoutCenter.visibleFlags()[6], "no is_visible field at all");

        MpiiRect testRect = release.images().get(2).rects().get(0);
        assertEquals(3, testRect.scale());
        assertNull(testRect.headBox());

        assertEquals(List.of(0), release.images().get(0).singlePersonRects());
        assertEquals(List.of(), release.images().get(1).singlePersonRects());
        assertEquals(new MpiiActivity("sports", "curling", 5), release.images().get(0).activity());
        assertEquals(MpiiActivity.UNKNOWN, release.images().get(1).activity());
    }

    @Test
    void convertsToSpecAdjustedZeroBasedPeople() throws IOException {
        MpiiRelease release = MpiiReleaseReader.read(MatFiles.write(dir.resolve("r.mat"), "RELEASE", release(scalar(0))));

        List<PoseInstance> train = release.poseInstances(dir, true);
        assertEquals(2, train.size(), "the rectangle without objpos cannot be cropped");
        PoseInstance first = train.get(0);
        assertEquals(dir.resolve("one.jpg"), first.image());
        assertEquals(99, first.centerX());
        assertEquals(200 + 15 * 2 - 1, first.centerY());
        assertEquals(2.5, first.scale());
        assertArrayEquals(new float[] {10, 20}, first.joints()[0]);
        assertArrayEquals(new float[] {9, 19, 39, 59}, first.headBox());
        List<PoseInstance> test = release.poseInstances(dir, false);
        assertEquals(1, test.size());
        assertEquals(2, test.get(0).imageId(), "image id = annolist index");

        List<LabelledJoints> truth = release.labelledPeople();
        assertEquals(2, truth.size(), "labelled rectangles with head boxes, including the one without objpos");
        assertArrayEquals(new double[] {4, 5}, truth.get(1).joints()[6]);
    }

    @Test
    void namesTheMatlabPathOfABadValue() throws IOException {
        Path mat = MatFiles.write(dir.resolve("bad.mat"), "RELEASE", release(scalar(16)));
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> MpiiReleaseReader.read(mat));
        assertEquals(mat + ": RELEASE.annolist(1).annorect(1).annopoints.point(1).id: joint id 16.0 is not one of 0..15",
                e.getMessage());

        Path text = MatFiles.write(dir.resolve("text.mat"), "RELEASE", release(Mat5.newString("zero")));
        e = assertThrows(AnnotationFormatException.class, () -> MpiiReleaseReader.read(text));
        assertTrue(e.getMessage().contains("point(1).id: is the text 'zero', not a real numeric array"), e.getMessage());

        Path infinite = MatFiles.write(dir.resolve("inf.mat"), "RELEASE", release(scalar(Double.POSITIVE_INFINITY), scalar(0)));
        e = assertThrows(AnnotationFormatException.class, () -> MpiiReleaseReader.read(infinite));
        assertEquals(infinite + ": RELEASE.annolist(1).annorect(1).annopoints.point(1).x: is Infinity, not a finite number",
                e.getMessage());
    }

    @Test
    void rejectsFilesThatAreNotTheRelease() throws IOException {
        Path other = MatFiles.write(dir.resolve("other.mat"), "preds", scalar(1));
        AnnotationFormatException e = assertThrows(AnnotationFormatException.class, () -> MpiiReleaseReader.read(other));
        assertEquals(other + ": has no variable 'RELEASE' (variables: preds)", e.getMessage());

        Path notMat = Files.writeString(dir.resolve("notes.mat"), "not a mat file at all");
        e = assertThrows(AnnotationFormatException.class, () -> MpiiReleaseReader.read(notMat));
        assertTrue(e.getMessage().startsWith(notMat + ": not a readable MATLAB level-5 .mat file"), e.getMessage());

        Struct shortFlags = release(scalar(0));
        shortFlags.set("img_train", row(1, 1, 0));
        Path mat = MatFiles.write(dir.resolve("flags.mat"), "RELEASE", shortFlags);
        e = assertThrows(AnnotationFormatException.class, () -> MpiiReleaseReader.read(mat));
        assertEquals(mat + ": RELEASE.img_train: has 3 flags for 4 images", e.getMessage());
    }

    /** The release, with the first point's id given (to plant errors). */
    private static Struct release(Array firstPointId) {
        return release(scalar(11), firstPointId);
    }

    /** The release, with the first point's x and id given (to plant errors). */
    private static Struct release(Array firstPointX, Array firstPointId) {
        Struct points = structArray(new String[] {"x", "y", "id", "is_visible"},
                new Array[] {firstPointX, scalar(21), firstPointId, scalar(1)},
                new Array[] {scalar(31), scalar(41), scalar(9), Mat5.newString("0")},
                new Array[] {scalar(51), scalar(61), scalar(15), EMPTY});
        Struct firstImageRects = structArray(RECT_FIELDS,
                new Array[] {scalar(10), scalar(20), scalar(40), scalar(60), scalar(2),
                        struct("x", scalar(100), "y", scalar(200)), struct("point", points)},
                new Array[] {EMPTY, EMPTY, EMPTY, EMPTY, scalar(1.5), struct("x", scalar(300), "y", scalar(310)), EMPTY});
        Struct pointWithoutVisibility = structArray(new String[] {"x", "y", "id"},
                new Array[] {scalar(5), scalar(6), scalar(6)});
        Struct secondImageRects = structArray(RECT_FIELDS, new Array[] {scalar(1), scalar(2), scalar(21), scalar(32),
                scalar(1), EMPTY, struct("point", pointWithoutVisibility)});
        Struct testRects = structArray(new String[] {"scale", "objpos"},
                new Array[] {scalar(3), struct("x", scalar(7), "y", scalar(8))});
        Struct annolist = structArray(new String[] {"image", "annorect"},
                new Array[] {struct("name", Mat5.newString("one.jpg")), firstImageRects},
                new Array[] {struct("name", Mat5.newString("two.jpg")), secondImageRects},
                new Array[] {struct("name", Mat5.newString("three.jpg")), testRects},
                new Array[] {struct("name", Mat5.newString("four.jpg")), EMPTY});
        Cell singlePerson = Mat5.newCell(4, 1);
        singlePerson.set(0, scalar(1));
        singlePerson.set(1, EMPTY);
        singlePerson.set(2, scalar(1));
        singlePerson.set(3, EMPTY);
        Struct act = Mat5.newStruct(4, 1);
        for (int i = 0; i < 4; i++) {
            act.set("cat_name", i, i == 0 ? Mat5.newString("sports") : EMPTY);
            act.set("act_name", i, i == 0 ? Mat5.newString("curling") : EMPTY);
            act.set("act_id", i, scalar(i == 0 ? 5 : -1));
        }
        return struct("annolist", annolist, "img_train", row(1, 1, 0, 1), "single_person", singlePerson, "act", act);
    }
}
