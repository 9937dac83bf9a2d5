package org.okdhp.data.image;

import java.nio.file.Path;

/**
 * Images decoded from files. Relative annotation paths (MPII and COCO store bare file names)
 * are resolved against {@code root}; absolute paths are used as they are.
 *
 * @param root the image directory, or null to use annotation paths as given
 */
public record FileImageSource(Path root) implements ImageSource {

    @Override
    public RgbImage read(Path image) throws ImageReadException {
        Path file = root == null || image.isAbsolute() ? image : root.resolve(image);
        return ImageDecoder.read(file);
    }
}
