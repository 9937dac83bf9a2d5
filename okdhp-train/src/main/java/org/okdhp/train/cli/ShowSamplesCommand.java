package org.okdhp.train.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.okdhp.core.model.Stem;
import org.okdhp.data.dataset.PoseSample;
import org.okdhp.data.dataset.PoseSource;
import org.okdhp.data.dataset.TopDownConfig;
import org.okdhp.data.dataset.TopDownDataset;
import org.okdhp.data.preview.SamplePreview;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.transform.AugmentationConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code okdhp show-samples}: a PNG grid of what the network is fed. */
@Command(
        name = "show-samples",
        mixinStandardHelpOptions = true,
        description = "Writes a PNG grid of training crops as the network sees them (denormalised), with the "
                + "target heatmaps (maximum over joints) and the skeleton of the target joints on top.")
final class ShowSamplesCommand implements Callable<Integer> {

    private static final int DEFAULT_COUNT = 8;

    @Spec
    CommandSpec spec;

    @Mixin
    DatasetOptions dataset = new DatasetOptions();

    @ArgGroup(exclusive = true)
    Selection selection;

    static final class Selection {
        @Option(names = "--count", description = "Show the first N samples (default: " + DEFAULT_COUNT
                + ", or all of a smaller dataset).")
        Integer count;

        @Option(names = "--indices", split = ",", paramLabel = "I", description = "Show these sample indices, e.g. 0,3,5.")
        List<Integer> indices;
    }

    @Option(names = "--epoch", defaultValue = "0", description = "Augmentation epoch (default: ${DEFAULT-VALUE}).")
    int epoch;

    @Option(names = "--eval", description = "Evaluation crops: no scale, rotation or flip augmentation.")
    boolean eval;

    @Option(names = "--input-size", paramLabel = "HxW",
            description = "Network input, height x width px like a config's data.input_size (default: 256x192 for coco,"
                    + " else 256x256).")
    String inputSize;

    @Option(names = "--columns", defaultValue = "4", description = "Tiles per row, at least 1 (default: ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = {"-o", "--output"}, defaultValue = "samples.png", description = "PNG to write (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (columns < 1) {
            throw new IllegalArgumentException("--columns must be at least 1, got " + columns);
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("--epoch cannot be negative, got " + epoch);
        }
        OutputFiles.requireNotAnInput("--output", output, dataset.annotations == null ? Map.of()
                : Map.of("--annotations", dataset.annotations));
        TopDownConfig config = config();
        List<Integer> indices = indices();
        int needed = indices.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        PoseSource source = dataset.open(needed, config.codec().aspectRatio());
        if (source.instances().isEmpty()) {
            throw new IllegalArgumentException("the dataset has no people to show");
        }
        if (selection == null) {
            indices = indices.subList(0, Math.min(indices.size(), source.instances().size()));
        }
        for (int i : indices) {
            if (i < 0 || i >= source.instances().size()) {
                throw new IllegalArgumentException("sample index " + i + " is outside the dataset (0.."
                        + (source.instances().size() - 1) + ")");
            }
        }
        TopDownDataset.Builder builder = TopDownDataset.builder().source(source).config(config);
        TopDownDataset data = (eval ? builder.eval() : builder.train(dataset.seed)).build();
        List<PoseSample> samples = new ArrayList<>(indices.size());
        for (int i : indices) {
            samples.add(data.sample(i, epoch));
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(SamplePreview.grid(samples, config, source.jointSet(), columns), "png", output.toFile())) {
            throw new IOException(output + ": no PNG writer available");
        }
        spec.commandLine().getOut().println("wrote " + samples.size() + " samples to " + output);
        return 0;
    }

    private List<Integer> indices() {
        if (selection != null && selection.indices != null) {
            return selection.indices;
        }
        int count = selection != null && selection.count != null ? selection.count : DEFAULT_COUNT;
        if (count <= 0) {
            throw new IllegalArgumentException("--count must be positive, got " + count);
        }
        return IntStream.range(0, count).boxed().toList();
    }

    /** MPII's augmentation for square inputs, COCO's otherwise. */
    private TopDownConfig config() {
        if (inputSize == null) {
            return dataset.kind == DatasetOptions.Kind.COCO ? TopDownConfig.coco() : TopDownConfig.mpii();
        }
        ImageSize input = parsedInputSize();
        if (input.height() % Stem.STRIDE != 0 || input.width() % Stem.STRIDE != 0) {
            throw new IllegalArgumentException("--input-size must be multiples of the network's stride " + Stem.STRIDE
                    + ", got " + input);
        }
        return TopDownConfig.of(input, input.dividedBy(Stem.STRIDE),
                input.height() == input.width() ? AugmentationConfig.mpii() : AugmentationConfig.coco());
    }

    private ImageSize parsedInputSize() {
        try {
            return ImageSize.parse(inputSize);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--input-size must look like 256x192 (height x width), got '" + inputSize
                    + "'", e);
        }
    }
}
