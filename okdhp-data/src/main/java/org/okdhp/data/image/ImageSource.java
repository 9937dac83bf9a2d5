package org.okdhp.data.image;

import java.nio.file.Path;

/**
 * Where a dataset gets the pixels of a {@link org.okdhp.data.annotation.PoseInstance#image()}:
 * image files on disk, or images that exist only in memory (synthetic data). Implementations
 * must be safe to call from several loader threads at once.
 */
@FunctionalInterface
public interface ImageSource {

    /**
     * @param image the instance's image path, as given in the annotation
     * @throws ImageReadException when the image cannot be produced; the message names it
     */
    RgbImage read(Path image) throws ImageReadException;
}
