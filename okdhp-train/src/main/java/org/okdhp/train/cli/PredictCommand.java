package org.okdhp.train.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.okdhp.data.heatmap.HeatmapDecoding;
import org.okdhp.data.image.ImageDecoder;
import org.okdhp.data.image.RgbImage;
import org.okdhp.data.transform.AffineCrop;
import org.okdhp.data.transform.CropBox;
import org.okdhp.train.export.PoseModel;
import org.okdhp.train.predict.InferenceEngine;
import org.okdhp.train.predict.Joint;
import org.okdhp.train.predict.PersonRegion;
import org.okdhp.train.predict.PoseOverlay;
import org.okdhp.train.predict.PosePrediction;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code okdhp predict}: one person's keypoints in one image, as JSON and as a skeleton overlay. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        header = "Predicts one person's keypoints in an image with an exported model.",
        description = {
            "Runs an exported model (okdhp export) on one person in an image and writes the keypoints with their",
            "scores as JSON and, with --overlay, the skeleton drawn over the image (warm = right side, cool = left,",
            "faint = score below " + PoseOverlay.CONFIDENT_SCORE + "). The person is the whole image unless --box or",
            "--center/--scale place it. Coordinates are image px, 0-based."
        })
final class PredictCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Exported model folder.")
    Path model;

    @Option(names = "--image", required = true, paramLabel = "IMG", description = "JPEG or PNG image.")
    Path image;

    @ArgGroup(exclusive = true)
    Region region;

    static final class Region {
        @ArgGroup(exclusive = false)
        Centered centered;

        @Option(names = "--box", split = ",", paramLabel = "x,y,w,h",
                description = "Person box, px: left, top, width, height; widened to the model's aspect and padded by 1.25.")
        double[] box;
    }

    static final class Centered {
        @Option(names = "--center", required = true, split = ",", paramLabel = "x,y",
                description = "Crop center, image px, 0-based (taken as given: no MPII 1-based or 15 px shift).")
        double[] center;

        @Option(names = "--scale", required = true, paramLabel = "s",
                description = "Crop width / 200 px, as PoseInstance stores people (no 1.25 padding added).")
        double scale;
    }

    @Option(names = "--engine", defaultValue = "djl", converter = EngineConverter.class, paramLabel = "djl|onnx",
            description = "Run model.params with DJL, or model.onnx with ONNX Runtime (default ${DEFAULT-VALUE}).")
    InferenceEngine engine;

    @Option(names = "--decoding", defaultValue = "quarter_offset", paramLabel = "quarter_offset|dark",
            description = "Joints between heatmap cells: the quarter-cell shift toward the larger neighbour, or DARK's"
                    + " Taylor step on the blurred log-heatmap (default ${DEFAULT-VALUE}).")
    HeatmapDecoding decoding;

    @Option(names = "--no-flip", description = "Skip the flip test (averaging with the mirrored crop).")
    boolean noFlip;

    @Option(names = {"-o", "--output"}, paramLabel = "JSON", description = "Keypoints file (default: standard output).")
    Path output;

    @Option(names = "--overlay", paramLabel = "PNG", description = "Also draw the skeleton over the image into this PNG.")
    Path overlay;

    /** The JSON written: the image, the crop the model saw, and the joints in image px. */
    record PredictionFile(String image, CropBox crop, boolean flipTest, String decoding, List<Joint> joints) {}

    @Override
    public Integer call() throws IOException {
        PersonRegion person = person();
        OutputFiles.requireNotAnInput("--output", output, Map.of("--image", image));
        OutputFiles.requireNotAnInput("--overlay", overlay, Map.of("--image", image));
        RgbImage pixels = ImageDecoder.read(image);
        requireOverlap(pixels);
        try (PoseModel pose = PoseModel.load(model, engine, 0)) {
            CropBox crop = pose.metadata().codec().cropBox(person == null
                    ? PersonRegion.wholeImage(pixels.width(), pixels.height()) : person);
            // Status lines go to stderr when the JSON itself goes to stdout.
            PrintWriter status = output == null ? spec.commandLine().getErr() : spec.commandLine().getOut();
            boolean flipTest = !noFlip && pose.metadata().codec().jointSet().flipPairs().length > 0;
            if (!noFlip && !flipTest) {
                status.println("keypoint set " + pose.metadata().codec().jointSet().name() + " has no flip pairs: no flip test");
            }
            PosePrediction prediction = pose.predict(pixels, List.of(crop), flipTest, decoding).get(0);
            PredictionFile result = new PredictionFile(image.toString(), crop, flipTest,
                    decoding.name().toLowerCase(Locale.ROOT), prediction.joints().joints());
            if (output == null) {
                spec.commandLine().getOut().println(JSON.writeValueAsString(result));
            } else {
                Path parent = output.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                JSON.writeValue(output.toFile(), result);
                status.println("wrote " + result.joints().size() + " joints to " + output);
            }
            if (overlay != null) {
                PoseOverlay.writePng(pixels, pose.metadata().codec().jointSet(), List.of(prediction.joints()), overlay);
                status.println("wrote the skeleton overlay to " + overlay);
            }
        }
        return 0;
    }

    /** The person as the options place it, or null for the whole image. */
    private PersonRegion person() {
        if (region == null) {
            return null;
        }
        if (region.box != null) {
            requireCount("--box", "x,y,w,h", region.box, 4);
            return new PersonRegion.Box(region.box[0], region.box[1], region.box[2], region.box[3]);
        }
        requireCount("--center", "x,y", region.centered.center, 2);
        return new PersonRegion.Centered(region.centered.center[0], region.centered.center[1], region.centered.scale);
    }

    /** A person placed wholly outside the image would be "predicted" on padding alone. */
    private void requireOverlap(RgbImage pixels) {
        if (region == null) {
            return;
        }
        double left;
        double top;
        double right;
        double bottom;
        String option;
        if (region.box != null) {
            option = "--box " + describe(region.box);
            left = region.box[0];
            top = region.box[1];
            right = left + region.box[2];
            bottom = top + region.box[3];
        } else {
            double halfWidth = region.centered.scale * AffineCrop.PIXEL_STD / 2;
            option = "--center " + describe(region.centered.center) + " --scale " + region.centered.scale;
            left = region.centered.center[0] - halfWidth;
            right = region.centered.center[0] + halfWidth;
            top = region.centered.center[1] - halfWidth;
            bottom = region.centered.center[1] + halfWidth;
        }
        if (right <= 0 || bottom <= 0 || left >= pixels.width() || top >= pixels.height()) {
            throw new IllegalArgumentException(option + " lies entirely outside " + image + " (" + pixels.height() + "x"
                    + pixels.width() + " px, height x width; x runs along the width, 0-based)");
        }
    }

    private static String describe(double[] values) {
        return Arrays.stream(values).mapToObj(v -> v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v))
                .collect(java.util.stream.Collectors.joining(","));
    }

    private static void requireCount(String option, String form, double[] values, int count) {
        if (values.length != count) {
            throw new IllegalArgumentException(option + " takes " + form + ", got " + Arrays.toString(values));
        }
    }
}
