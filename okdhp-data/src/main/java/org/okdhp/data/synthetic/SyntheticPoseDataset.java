package org.okdhp.data.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.dataset.DerivedSeed;
import org.okdhp.data.dataset.PoseSource;
import org.okdhp.data.image.FileImageSource;
import org.okdhp.data.image.ImageReadException;
import org.okdhp.data.image.ImageSource;
import org.okdhp.data.image.RgbImage;

/**
 * The built-in dataset for demos and tests: procedurally drawn articulated figures with MPII
 * joint semantics (16 joints, limbs as outlined capsules, warm colours on the person's right and
 * cool on the left, a head ellipse with eyes), in varied poses, sizes, rotations and positions
 * over background clutter and noise. Some joints are hidden behind an occluder or lie outside the
 * image; both are labelled invisible. Head boxes surround the head ellipse, so PCKh works.
 *
 * <p>Image i and its labels are a function of (seed, i) alone. Images live in memory (rendered on
 * demand through {@link #images()}) or can be written out with {@link #writeTo}.
 */
public final class SyntheticPoseDataset {

    /** File format for {@link #writeTo}. */
    public enum ImageFormat {
        PNG("png"),
        JPEG("jpg");

        private final String extension;

        ImageFormat(String extension) {
            this.extension = extension;
        }

        public String extension() {
            return extension;
        }

        String imageIoName() {
            return this == PNG ? "png" : "jpeg";
        }
    }

    /** The figures are drawn with MPII's 16 joints. */
    public static final JointSet JOINT_SET = JointSet.MPII;
    /** Name of the MPII-style annotation file {@link #writeTo} creates. */
    public static final String ANNOTATION_FILE = "annotations.json";

    private final SyntheticConfig config;
    private final List<FigureScene> scenes;
    private final List<PoseInstance> instances;
    private final SyntheticImageSource images;

    private SyntheticPoseDataset(SyntheticConfig config) {
        this.config = config;
        FigureSampler sampler = new FigureSampler(config);
        List<FigureScene> sceneList = new ArrayList<>(config.count());
        List<PoseInstance> instanceList = new ArrayList<>(config.count());
        List<Path> paths = new ArrayList<>(config.count());
        for (int i = 0; i < config.count(); i++) {
            FigureScene scene = sampler.sample(new SplittableRandom(DerivedSeed.of(config.seed(), i)));
            Path path = Path.of(fileName(i, ImageFormat.PNG));
            sceneList.add(scene);
            paths.add(path);
            instanceList.add(instance(scene, path, i));
        }
        this.scenes = List.copyOf(sceneList);
        this.instances = List.copyOf(instanceList);
        this.images = new SyntheticImageSource(paths, scenes, config.imageSize().width(), config.imageSize().height());
    }

    /** Generates the labels of every figure now (cheap); pixels are rendered when read. */
    public static SyntheticPoseDataset generate(SyntheticConfig config) {
        return new SyntheticPoseDataset(config);
    }

    /** {@code count} 256x256 images from {@code seed} with default occlusion and truncation rates. */
    public static SyntheticPoseDataset generate(int count, long seed) {
        return generate(SyntheticConfig.of(count, seed));
    }

    public SyntheticConfig config() {
        return config;
    }

    /** One person per image, in image order; paths are the in-memory image names. */
    public List<PoseInstance> instances() {
        return instances;
    }

    /** Renders the in-memory images. Thread-safe. */
    public ImageSource images() {
        return images;
    }

    /** Instances + MPII joint set + in-memory images: ready for {@code TopDownDataset}. */
    public PoseSource source() {
        return new PoseSource(instances, JOINT_SET, images);
    }

    /** Image {@code index}. */
    public RgbImage render(int index) {
        try {
            return images.read(instances.get(index).image());
        } catch (ImageReadException e) {
            throw new IllegalStateException("own image missing: " + e.getMessage(), e);
        }
    }

    /**
     * Writes every image into {@code dir} and an MPII-style {@value #ANNOTATION_FILE} next to
     * them (see {@link MpiiStyleJson} for the format).
     *
     * @return the same people pointing at the written files, read back through a {@link FileImageSource}
     */
    public PoseSource writeTo(Path dir, ImageFormat format) throws IOException {
        Files.createDirectories(dir);
        List<PoseInstance> written = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            Path file = dir.resolve(fileName(i, format));
            if (!ImageIO.write(render(i).toBufferedImage(), format.imageIoName(), file.toFile())) {
                throw new IOException("no ImageIO writer for " + format);
            }
            written.add(withImage(instances.get(i), file.getFileName()));
        }
        MpiiStyleJson.write(dir.resolve(ANNOTATION_FILE), written);
        return new PoseSource(written, JOINT_SET, new FileImageSource(dir));
    }

    private String fileName(int index, ImageFormat format) {
        return String.format(Locale.ROOT, "synthetic_%06d.%s", index, format.extension());
    }

    private static PoseInstance instance(FigureScene scene, Path path, int index) {
        return new PoseInstance(path, index, scene.centerX(), scene.centerY(), scene.scale(), scene.joints(),
                scene.visibility(), scene.head().boundingBox(), 0, 1);
    }

    private static PoseInstance withImage(PoseInstance p, Path image) {
        return new PoseInstance(image, p.imageId(), p.centerX(), p.centerY(), p.scale(), p.joints(), p.visibility(),
                p.headBox(), p.area(), p.score());
    }
}
