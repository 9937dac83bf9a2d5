package org.okdhp.train.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.okdhp.data.annotation.ImageFiles;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.LabelledJoints;
import org.okdhp.data.annotation.MpiiJsonReader;
import org.okdhp.data.annotation.MpiiLabelledPeople;
import org.okdhp.data.annotation.MpiiReleaseReader;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.dataset.PoseSource;
import org.okdhp.data.image.FileImageSource;
import org.okdhp.train.config.DataConfig;

/**
 * MPII from HRNet's layout (annot/train.json, annot/valid.json, annot/gt_valid.mat, images/) or
 * with the official release .mat for training. The release has no validation split, so
 * validation is always a json (HRNet's valid.json: the split of Tompson et al. that the paper
 * reports on); its head boxes come from gt_valid.mat or, failing that, from the release.
 */
public final class MpiiTrainingData {

    static final String LAYOUT = "HRNet's MPII layout: annot/train.json, annot/valid.json, annot/gt_valid.mat and"
            + " images/*.jpg";
    private static final String TRAIN_ANNOTATIONS = "the MPII training annotations (HRNet's annot/train.json, or the"
            + " official release mpii_human_pose_v1_u12_1.mat)";
    private static final String VAL_ANNOTATIONS = "the MPII validation annotations (HRNet's annot/valid.json)";
    private static final String IMAGES = "the MPII images (images/*.jpg of mpii_human_pose_v1.tar.gz)";
    private static final String HEAD_BOXES = "the validation head boxes PCKh needs (HRNet's annot/gt_valid.mat, or the"
            + " official release mpii_human_pose_v1_u12_1.mat)";

    private MpiiTrainingData() {}

    /**
     * The people of one MPII annotation file: an MPII json as it is, or the training split of the
     * official release (its labelled people).
     *
     * @param images the folder of the image files the annotations name
     */
    public static PoseSource people(Path annotations, Path images) throws IOException {
        List<PoseInstance> people = isRelease(annotations)
                ? releaseTrainingPeople(annotations, images, Set.of())
                : MpiiJsonReader.read(annotations, images);
        return source(people);
    }

    static TrainingData open(DataConfig data, DataRoot root) throws IOException {
        Path trainFile = root.file(data.trainAnnotations(), "data.train_annotations", TRAIN_ANNOTATIONS);
        Path trainImages = root.folder(data.trainImages(), "data.train_images", IMAGES);
        Path valFile = root.file(data.valAnnotations(), "data.val_annotations", VAL_ANNOTATIONS);
        ValidationData validationData = validation(data, root, trainFile);
        List<PoseInstance> validation = validationData.validation().instances();
        List<PoseInstance> train = isRelease(trainFile)
                ? releaseTrainingPeople(trainFile, trainImages, imageNames(validation))
                : MpiiJsonReader.read(trainFile, trainImages);
        NonEmptySplit.require(train, trainFile, "data.train_annotations", isRelease(trainFile)
                ? "labelled people of training images outside the validation split" : "people");
        ImageFiles.requireAll(trainFile, train);
        return new TrainingData(source(train), validationData.validation(), validationData.protocol());
    }

    /** The validation split alone; the training annotations are read only if they must give the head boxes. */
    static ValidationData validation(DataConfig data, DataRoot root) throws IOException {
        return validation(data, root, null);
    }

    /** @param trainFile the training annotations when already resolved, else null */
    private static ValidationData validation(DataConfig data, DataRoot root, Path trainFile) throws IOException {
        Path valFile = root.file(data.valAnnotations(), "data.val_annotations", VAL_ANNOTATIONS);
        Path valImages = root.folder(data.valImages(), "data.val_images", IMAGES);
        if (isRelease(valFile)) {
            throw new DataLayoutException("data.val_annotations " + valFile + " is a .mat, but the MPII release has no"
                    + " validation split; set it to a json such as HRNet's annot/valid.json");
        }
        List<PoseInstance> validation = NonEmptySplit.require(MpiiJsonReader.read(valFile, valImages), valFile,
                "data.val_annotations", "people");
        Path headBoxes = root.optionalFile(data.valHeadboxes()).isPresent() || trainFile != null
                ? headBoxFile(data, root, trainFile)
                : headBoxFile(data, root, root.file(data.trainAnnotations(), "data.train_annotations", TRAIN_ANNOTATIONS));
        List<LabelledJoints> truth = MpiiLabelledPeople.withHeadBoxes(validation, headBoxes);
        PckhProtocol.requireDefined(truth, valFile, "data.val_annotations");
        ImageFiles.requireAll(valFile, validation);
        return new ValidationData(source(validation), new PckhProtocol(truth));
    }

    /** data.val_headboxes when it exists, else the release the training people come from. */
    private static Path headBoxFile(DataConfig data, DataRoot root, Path trainFile) throws DataLayoutException {
        Optional<Path> groundTruth = root.optionalFile(data.valHeadboxes());
        if (groundTruth.isPresent()) {
            return groundTruth.get();
        }
        if (isRelease(trainFile)) {
            return trainFile;
        }
        throw root.missing(data.valHeadboxes(), "data.val_headboxes", HEAD_BOXES);
    }

    /**
     * The release's labelled people of training images, leaving out the images of {@code heldOut}
     * (the validation json's, which are release training images too).
     */
    private static List<PoseInstance> releaseTrainingPeople(Path release, Path images, Set<String> heldOut)
            throws IOException {
        return MpiiReleaseReader.read(release).poseInstances(images, true).stream()
                .filter(person -> isLabelled(person) && !heldOut.contains(person.image().getFileName().toString()))
                .toList();
    }

    private static boolean isLabelled(PoseInstance person) {
        for (float flag : person.visibility()) {
            if (flag > 0) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> imageNames(List<PoseInstance> people) {
        Set<String> names = new HashSet<>();
        people.forEach(person -> names.add(person.image().getFileName().toString()));
        return names;
    }

    private static boolean isRelease(Path annotations) {
        return annotations.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mat");
    }

    /** Instance paths already hold their folder, so the image source takes them as they are. */
    private static PoseSource source(List<PoseInstance> people) {
        return new PoseSource(people, JointSet.MPII, new FileImageSource(null));
    }
}
