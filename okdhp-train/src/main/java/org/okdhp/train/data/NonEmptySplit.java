package org.okdhp.train.data;

import java.nio.file.Path;
import java.util.List;
import org.okdhp.data.annotation.AnnotationFormatException;
import org.okdhp.data.annotation.PoseInstance;

/**
 * Refuses a split without people before anything is built: an empty training split would "train"
 * zero steps and report success, an empty validation split would score nothing.
 */
final class NonEmptySplit {

    private NonEmptySplit() {}

    /**
     * @param file the annotation file the people were read from
     * @param key the configuration key that names it
     * @param wanted what the file should hold, e.g. "people" or "labelled people of category person"
     * @return {@code people}
     */
    static List<PoseInstance> require(List<PoseInstance> people, Path file, String key, String wanted)
            throws AnnotationFormatException {
        if (people.isEmpty()) {
            throw new AnnotationFormatException(file, "holds no " + wanted + "; " + key
                    + " must name a file with at least one");
        }
        return people;
    }
}
