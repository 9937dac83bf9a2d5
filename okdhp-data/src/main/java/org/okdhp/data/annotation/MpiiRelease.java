package org.okdhp.data.annotation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The official MPII release ({@code mpii_human_pose_v1_u12_1.mat}), image by image. */
public record MpiiRelease(List<MpiiImage> images) {

    public MpiiRelease {
        images = List.copyOf(images);
    }

    /**
     * The people of one split that can be cropped (a center and a positive scale), in file order,
     * spec-adjusted and 0-based; image ids are the {@code annolist} indices.
     *
     * @param imageDir where the image files are
     * @param train true for {@code img_train == 1}, false for the test split
     */
    public List<PoseInstance> poseInstances(Path imageDir, boolean train) {
        List<PoseInstance> people = new ArrayList<>();
        for (MpiiImage image : images) {
            if (image.train() != train) {
                continue;
            }
            for (MpiiRect rect : image.rects()) {
                if (rect.hasCenterAndScale()) {
                    people.add(rect.toPoseInstance(imageDir.resolve(image.name()), image.index()));
                }
            }
        }
        return List.copyOf(people);
    }

    /**
     * PCKh ground truth: every rectangle with labelled joints and a head box, in {@code annolist}
     * then {@code annorect} order, 0-based px.
     */
    public List<LabelledJoints> labelledPeople() {
        List<LabelledJoints> people = new ArrayList<>();
        for (MpiiImage image : images) {
            for (MpiiRect rect : image.rects()) {
                if (rect.hasLabelledJoints() && rect.hasHeadBox()) {
                    people.add(rect.toLabelledJoints());
                }
            }
        }
        return List.copyOf(people);
    }
}
