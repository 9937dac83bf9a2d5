package org.okdhp.train.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.okdhp.core.model.Backbone;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.heatmap.HeatmapCodec;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.transform.Normalization;
import org.okdhp.data.transform.Normalization.ChannelOrder;
import org.okdhp.train.OkdhpVersion;
import org.okdhp.train.predict.PoseCodec;

/**
 * {@code metadata.json} of an exported model folder: everything needed to rebuild and use the
 * pruned network without the training run, stored as self-describing JSON (snake_case keys).
 * Its own records, not the library's, fix the file layout so that renaming a field in the code
 * cannot silently change the format. A constructed instance is consistent: the joint set fits
 * the network and the input size survives the network (hourglass or backbone).
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion the layout version, {@value #FORMAT_VERSION}
 * @param okdhpVersion the okdhp release that exported the model
 * @param network the pruned network: a plain stacked hourglass, or a light student's backbone and head
 * @param jointSet the joints the heatmaps stand for
 * @param input the network input, px
 * @param heatmap the output heatmaps, cells
 * @param normalization how crop pixels become input values
 * @param origin where in the trained multi-branch network the model came from
 * @param branchMetrics that branch's validation numbers by name, empty when not known
 */
public record ModelMetadata(
        String format,
        int formatVersion,
        String okdhpVersion,
        Network network,
        JointLayout jointSet,
        Size input,
        Size heatmap,
        InputNormalization normalization,
        Origin origin,
        Map<String, Double> branchMetrics) {

    public static final String FORMAT = "okdhp-pose-model";
    public static final int FORMAT_VERSION = 1;
    private static final String BACKBONE_KEY = "backbone";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Newer okdhp releases may add keys within the same format version.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public ModelMetadata {
        require(FORMAT.equals(format), "format is '" + format + "', not an " + FORMAT);
        require(formatVersion == FORMAT_VERSION, "format version " + formatVersion + " is not the version "
                + FORMAT_VERSION + " this okdhp " + OkdhpVersion.current() + " reads");
        Objects.requireNonNull(okdhpVersion, "okdhp_version");
        require(network.joints() == jointSet.jointNames().size(), "the network has " + network.joints()
                + " joints but joint set " + jointSet.name() + " names " + jointSet.jointNames().size());
        jointSet.requireIndicesBelow(network.joints());
        network.architecture().requireInputSize(input.height(), input.width());
        int stride = network.architecture().heatmapStride();
        require(heatmap.width() * stride == input.width() && heatmap.height() * stride == input.height(),
                "heatmap " + heatmap + " must be the input " + input + " / " + stride);
        branchMetrics = Collections.unmodifiableMap(new LinkedHashMap<>(branchMetrics));
    }

    /**
     * The pruned network's shape: a plain stacked hourglass (features, stacks, depth), or a light
     * student's backbone with one head ({@code stacks} 1; features and depth play no part).
     *
     * @param backbone {@link Backbone}'s name; folders written before students existed have none
     *     and hold hourglasses ({@link #read} fills it in)
     */
    public record Network(int features, int joints, int stacks, int hourglassDepth, String backbone) {

        public Network {
            Objects.requireNonNull(backbone, "network.backbone");
        }

        /** Fails with the constructor's message when the numbers make no network. */
        public OkdhpArchitecture architecture() {
            Backbone kind = Backbone.parse(backbone);
            return kind.isStudent()
                    ? OkdhpArchitecture.student(kind, joints, stacks)
                    : OkdhpArchitecture.hourglass(features, joints, stacks, hourglassDepth);
        }
    }

    /**
     * A {@link JointSet} as stored: pairs and bones are lists of two joint indices; OKS sigmas
     * (empty when unknown) and loss weights in joint order. Files written before sigmas and
     * weights were stored read as COCO's sigmas for COCO's 17 names, none otherwise, and unit
     * weights ({@link #read}).
     */
    public record JointLayout(String name, List<String> jointNames, List<List<Integer>> flipPairs,
            List<List<Integer>> skeleton, List<Double> sigmas, List<Double> weights) {

        public JointLayout {
            jointNames = List.copyOf(jointNames);
            flipPairs = pairs(flipPairs, "flip_pairs");
            skeleton = pairs(skeleton, "skeleton");
            sigmas = List.copyOf(sigmas);
            weights = List.copyOf(weights);
            require(sigmas.isEmpty() || sigmas.size() == jointNames.size(), "joint set " + name + " has "
                    + sigmas.size() + " sigmas for " + jointNames.size() + " joints");
            require(weights.size() == jointNames.size(), "joint set " + name + " has " + weights.size()
                    + " weights for " + jointNames.size() + " joints");
        }

        static JointLayout of(JointSet set) {
            return new JointLayout(set.name(), set.jointNames(), lists(set.flipPairs()), lists(set.skeleton()),
                    set.sigmas(), set.weights());
        }

        /** MPII's or COCO's own set when this is one of them, else a set built from the file. */
        public JointSet toJointSet() {
            JointSet stored = new JointSet(name, jointNames, arrays(flipPairs), arrays(skeleton), sigmas, weights);
            for (JointSet known : List.of(JointSet.MPII, JointSet.COCO)) {
                if (of(known).equals(this)) {
                    return known;
                }
            }
            return stored;
        }

        void requireIndicesBelow(int joints) {
            for (List<Integer> pair : concat(flipPairs, skeleton)) {
                require(pair.get(0) >= 0 && pair.get(0) < joints && pair.get(1) >= 0 && pair.get(1) < joints,
                        "joint set " + name + " pairs joints " + pair + ", outside 0.." + (joints - 1));
            }
        }

        private static List<List<Integer>> pairs(List<List<Integer>> pairs, String key) {
            for (List<Integer> pair : pairs) {
                require(pair.size() == 2, key + " must hold pairs of joint indices, got " + pair);
            }
            return pairs.stream().map(List::copyOf).toList();
        }

        private static List<List<Integer>> lists(int[][] pairs) {
            return Arrays.stream(pairs).map(p -> List.of(p[0], p[1])).toList();
        }

        private static int[][] arrays(List<List<Integer>> pairs) {
            return pairs.stream().map(p -> new int[] {p.get(0), p.get(1)}).toArray(int[][]::new);
        }

        private static List<List<Integer>> concat(List<List<Integer>> a, List<List<Integer>> b) {
            List<List<Integer>> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }

    /** An {@link ImageSize} as stored: an object with {@code height} and {@code width} keys. */
    public record Size(int height, int width) {
        public Size {
            require(width > 0 && height > 0, "sizes must be positive, got " + height + "x" + width);
        }

        static Size of(ImageSize size) {
            return new Size(size.height(), size.width());
        }

        public ImageSize imageSize() {
            return new ImageSize(height, width);
        }

        /** Height x width, as every image size is written (a config's data.input_size included). */
        @Override
        public String toString() {
            return imageSize().toString();
        }
    }

    /** {@link Normalization} as stored: value = (pixel / 255 - mean[c]) / std[c], channels in {@code channelOrder}. */
    public record InputNormalization(List<Float> mean, List<Float> std, ChannelOrder channelOrder) {

        public InputNormalization {
            mean = List.copyOf(mean);
            std = List.copyOf(std);
            require(mean.size() == 3 && std.size() == 3, "normalisation needs 3 means and 3 stds, got " + mean + " and " + std);
        }

        static InputNormalization of(Normalization n) {
            return new InputNormalization(boxed(n.mean()), boxed(n.std()), n.order());
        }

        public Normalization toNormalization() {
            return new Normalization(unboxed(mean), unboxed(std), channelOrder);
        }

        private static List<Float> boxed(float[] values) {
            List<Float> list = new ArrayList<>(values.length);
            for (float v : values) {
                list.add(v);
            }
            return list;
        }

        private static float[] unboxed(List<Float> values) {
            float[] array = new float[values.size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = values.get(i);
            }
            return array;
        }
    }

    /**
     * The trained network the model was cut from.
     *
     * @param branch the kept branch, 0-based
     * @param sharedStacks the trained network's shared stacks S
     * @param branches the trained network's stacks per branch
     * @param trainingSteps optimizer steps taken in training
     */
    public record Origin(int branch, int sharedStacks, List<Integer> branches, long trainingSteps) {
        public Origin {
            branches = List.copyOf(branches);
        }
    }

    /** The metadata of branch {@code branch} of a trained network, exported now. */
    static ModelMetadata describe(OkdhpArchitecture trained, int branch, ExportInfo info) {
        if (branch < 0 || branch >= trained.branchCount()) {
            throw new IllegalArgumentException(
                    "branch " + branch + " does not exist: the network has " + trained.branchCount() + " branches");
        }
        OkdhpArchitecture pruned = trained.prunedTo(branch);
        PoseCodec codec = info.codec();
        return new ModelMetadata(FORMAT, FORMAT_VERSION, OkdhpVersion.current(),
                new Network(pruned.features(), pruned.joints(), pruned.totalStacks(), pruned.hourglassDepth(),
                        pruned.backbone().toString()),
                JointLayout.of(codec.jointSet()),
                Size.of(codec.inputSize()),
                Size.of(codec.heatmapSize()),
                InputNormalization.of(codec.normalization()),
                new Origin(branch, trained.sharedStacks(), trained.branches(), info.trainingSteps()),
                info.branchMetrics());
    }

    /** The single-branch network this folder holds. */
    public OkdhpArchitecture architecture() {
        return network.architecture();
    }

    /** How to crop for and decode from this model. */
    public PoseCodec codec() {
        return new PoseCodec(jointSet.toJointSet(), HeatmapCodec.standard(input.imageSize(), heatmap.imageSize()),
                normalization.toNormalization());
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** The metadata as the JSON text {@link #write} puts in a file. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model metadata cannot fail to serialise", e);
        }
    }

    /**
     * @throws IOException naming the file: missing, not JSON, a missing key, or values that do
     *     not make a usable model
     */
    public static ModelMetadata read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no model metadata");
        }
        try {
            JsonNode tree = withOptionalDefaults(JSON.readTree(file.toFile()));
            if (tree.get("network") instanceof ObjectNode network && !network.has(BACKBONE_KEY)) {
                network.put(BACKBONE_KEY, Backbone.HOURGLASS.toString()); // written before light students
            }
            return JSON.treeToValue(tree, ModelMetadata.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException(file + ": " + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            String key = e.getPath().stream()
                    .map(step -> step.getFieldName() != null ? step.getFieldName() : "[" + step.getIndex() + "]")
                    .collect(Collectors.joining("."));
            // Jackson appends the feature that raised the error after a ';', which means nothing to a user.
            String problem = e.getOriginalMessage().split(";", 2)[0];
            throw new IOException(file + ": not valid model metadata" + (key.isEmpty() ? "" : " at " + key)
                    + " (" + problem + ")", e);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** Fills in the joint set's sigmas and weights when a file written before they were stored lacks them. */
    private static JsonNode withOptionalDefaults(JsonNode root) {
        if (root != null && root.get("joint_set") instanceof ObjectNode set && set.get("joint_names") instanceof ArrayNode names) {
            List<String> jointNames = new ArrayList<>();
            names.forEach(name -> jointNames.add(name.asText()));
            if (!set.has("sigmas")) {
                ArrayNode sigmas = set.putArray("sigmas");
                (jointNames.equals(JointSet.COCO.jointNames()) ? JointSet.COCO.sigmas() : List.<Double>of())
                        .forEach(sigmas::add);
            }
            if (!set.has("weights")) {
                ArrayNode weights = set.putArray("weights");
                jointNames.forEach(name -> weights.add(1.0));
            }
        }
        return root;
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
