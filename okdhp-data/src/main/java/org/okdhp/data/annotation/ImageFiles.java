package org.okdhp.data.annotation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks that the images an annotation file names exist, before hours of training find out. */
public final class ImageFiles {

    private ImageFiles() {}

    /**
     * Fails naming the first missing image, the person that names it and how many are missing.
     *
     * @param annotationFile the file the people were read from (for the message)
     */
    public static void requireAll(Path annotationFile, List<PoseInstance> people) throws AnnotationFormatException {
        Set<Path> checked = new HashSet<>();
        List<Path> missing = new ArrayList<>();
        int firstMissingPerson = -1;
        for (int i = 0; i < people.size(); i++) {
            Path image = people.get(i).image();
            if (checked.add(image) && !Files.isRegularFile(image)) {
                if (missing.isEmpty()) {
                    firstMissingPerson = i;
                }
                missing.add(image);
            }
        }
        if (!missing.isEmpty()) {
            throw new AnnotationFormatException(annotationFile, "person " + firstMissingPerson,
                    "image " + missing.get(0) + " does not exist (" + missing.size() + " of "
                            + checked.size() + " images are missing)");
        }
    }
}
