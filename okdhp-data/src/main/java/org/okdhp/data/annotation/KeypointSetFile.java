package org.okdhp.data.annotation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a keypoint-set file (YAML, or JSON by its {@code .json} ending), the description of a
 * custom keypoint set:
 *
 * <pre>
 * name: hand21
 * keypoints: [wrist, thumb1, thumb2, ...]        # order = order of the COCO file's keypoint triples
 * flip_pairs: [[left_paw, right_paw], ...]       # by name; optional: no flip augmentation or flip test without
 * skeleton: [[wrist, thumb1], ...]               # by name; optional, for drawings
 * sigmas: [0.025, ...]                           # per-keypoint OKS sigma; needed for COCO-style AP
 * weights: [1.0, ...]                            # optional per-keypoint loss weights (default 1)
 * </pre>
 *
 * Everything is checked before use; a problem is one {@link AnnotationFormatException} naming the
 * file, the field and what is wrong.
 */
public final class KeypointSetFile {

    private static final Set<String> FIELDS = Set.of("name", "keypoints", "flip_pairs", "skeleton", "sigmas", "weights");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode root;

    private KeypointSetFile(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** The keypoint set the file describes. */
    public static JointSet read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no keypoint-set file");
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new AnnotationFormatException(file, "not valid " + (json ? "JSON" : "YAML") + " ("
                    + e.getOriginalMessage() + ")", e);
        }
        return fromTree(root, file);
    }

    /** The keypoint set a parsed file describes (e.g. one stored inside another file); {@code source} names it in errors. */
    public static JointSet fromTree(JsonNode root, Path source) throws AnnotationFormatException {
        if (root == null || !root.isObject()) {
            throw new AnnotationFormatException(source, "expected a mapping with 'keypoints' and optionally "
                    + "'name', 'flip_pairs', 'skeleton', 'sigmas', 'weights'");
        }
        return new KeypointSetFile(source, root).jointSet();
    }

    /** {@code set} in this file's layout, pairs and bones by name; sigmas only when the set has them. */
    public static ObjectNode toTree(JointSet set) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", set.name());
        set.jointNames().forEach(root.putArray("keypoints")::add);
        namePairs(root.putArray("flip_pairs"), set.flipPairs(), set.jointNames());
        namePairs(root.putArray("skeleton"), set.skeleton(), set.jointNames());
        if (set.hasSigmas()) {
            set.sigmas().forEach(root.putArray("sigmas")::add);
        }
        set.weights().forEach(root.putArray("weights")::add);
        return root;
    }

    /** Writes {@code set} as a YAML keypoint-set file; never replaces an existing file. */
    public static void write(JointSet set, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            YAML.writeValue(out, toTree(set));
        }
    }

    private static void namePairs(ArrayNode into, int[][] pairs, List<String> names) {
        for (int[] pair : pairs) {
            into.addArray().add(names.get(pair[0])).add(names.get(pair[1]));
        }
    }

    private JointSet jointSet() throws AnnotationFormatException {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw fail(field, "unknown field (expected one of " + new java.util.TreeSet<>(FIELDS) + ")");
            }
        }
        List<String> keypoints = keypoints();
        int[][] flipPairs = namePairs("flip_pairs", keypoints);
        Set<Integer> paired = new HashSet<>();
        for (int i = 0; i < flipPairs.length; i++) {
            for (int end = 0; end < 2; end++) {
                if (!paired.add(flipPairs[i][end])) {
                    throw fail("flip_pairs[" + i + "]", "'" + keypoints.get(flipPairs[i][end])
                            + "' is in more than one flip pair, or paired with itself");
                }
            }
        }
        List<Double> sigmas = numbers("sigmas", keypoints.size(), true);
        List<Double> weights = root.has("weights") ? numbers("weights", keypoints.size(), false)
                : Collections.nCopies(keypoints.size(), 1.0);
        if (weights.stream().allMatch(w -> w == 0)) {
            throw fail("weights", "every weight is 0: nothing would be learnt");
        }
        String name = root.has("name") ? text(root.get("name"), "name") : stem();
        return new JointSet(name, keypoints, flipPairs, namePairs("skeleton", keypoints), sigmas, weights);
    }

    private List<String> keypoints() throws AnnotationFormatException {
        JsonNode array = root.get("keypoints");
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw fail("keypoints", "missing or empty: list the keypoint names in the order of the annotations' triples");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String name = text(array.get(i), "keypoints[" + i + "]");
            if (names.contains(name)) {
                throw fail("keypoints[" + i + "]", "'" + name + "' is listed twice (names must be unique)");
            }
            names.add(name);
        }
        return names;
    }

    /** A list of [name, name] pairs as index pairs; empty when the field is absent. */
    private int[][] namePairs(String field, List<String> keypoints) throws AnnotationFormatException {
        JsonNode array = root.get(field);
        if (array == null) {
            return new int[0][];
        }
        if (!array.isArray()) {
            throw fail(field, "expected a list of [name, name] pairs");
        }
        int[][] pairs = new int[array.size()][];
        for (int i = 0; i < pairs.length; i++) {
            JsonNode pair = array.get(i);
            String where = field + "[" + i + "]";
            if (!pair.isArray() || pair.size() != 2) {
                throw fail(where, "expected a pair [name, name], got " + pair);
            }
            pairs[i] = new int[2];
            for (int end = 0; end < 2; end++) {
                String name = text(pair.get(end), where + "[" + end + "]");
                pairs[i][end] = keypoints.indexOf(name);
                if (pairs[i][end] < 0) {
                    throw fail(where, "'" + name + "' is not a keypoint (keypoints: " + String.join(", ", keypoints) + ")");
                }
            }
        }
        return pairs;
    }

    /** One number per keypoint, finite, positive (or, for weights, not negative); empty when optional and absent. */
    private List<Double> numbers(String field, int count, boolean positive) throws AnnotationFormatException {
        JsonNode array = root.get(field);
        if (array == null) {
            return List.of();
        }
        if (!array.isArray() || array.size() != count) {
            throw fail(field, "expected " + count + " numbers, one per keypoint, got "
                    + (array.isArray() ? array.size() + "" : array.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        List<Double> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            JsonNode value = array.get(i);
            double v = value.isNumber() ? value.doubleValue() : Double.NaN;
            if (!Double.isFinite(v) || (positive ? v <= 0 : v < 0)) {
                throw fail(field + "[" + i + "]", value + " is not a " + (positive ? "positive" : "non-negative")
                        + " finite number");
            }
            values.add(v);
        }
        return values;
    }

    private String text(JsonNode value, String field) throws AnnotationFormatException {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw fail(field, "expected a name, got " + value);
        }
        return value.asText();
    }

    private String stem() {
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private AnnotationFormatException fail(String field, String problem) {
        return new AnnotationFormatException(file, field, problem);
    }
}
