package org.okdhp.data.synthetic;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.okdhp.data.image.ImageReadException;
import org.okdhp.data.image.ImageSource;
import org.okdhp.data.image.RgbImage;

/**
 * The synthetic images, rendered on demand from their scenes: nothing on disk, nothing cached,
 * so memory does not grow with the dataset size (rendering costs about as much as decoding a
 * small PNG).
 */
final class SyntheticImageSource implements ImageSource {

    private final Map<Path, FigureScene> scenes;
    private final int width;
    private final int height;

    SyntheticImageSource(List<Path> paths, List<FigureScene> scenes, int width, int height) {
        this.scenes = new HashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            this.scenes.put(paths.get(i), scenes.get(i));
        }
        this.width = width;
        this.height = height;
    }

    @Override
    public RgbImage read(Path image) throws ImageReadException {
        FigureScene scene = scenes.get(image);
        if (scene == null) {
            throw new ImageReadException(image, "not an image of this synthetic dataset");
        }
        return FigureRenderer.render(scene, width, height);
    }
}
