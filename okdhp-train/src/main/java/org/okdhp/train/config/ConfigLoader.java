package org.okdhp.train.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.okdhp.data.annotation.JointSet;

/**
 * Builds a checked {@link TrainingConfig} from layers: the built-in defaults (the authors' MPII
 * recipe), then a preset or a YAML/JSON file, then {@code --set key=value} overrides with dotted
 * keys ({@code optim.lr=1e-3}, {@code model.branches=2,4,6}). Every leaf remembers which layer
 * set it, so an error names the key and where its value came from. Unknown keys are refused at
 * every layer, values are type-checked, then the {@link ConfigValidator} rules apply.
 */
public final class ConfigLoader {

    private static final String DEFAULT_SOURCE = "default";

    /** The defaults, which also fix each key's type for {@code --set}. */
    private static final ObjectNode DEFAULTS = ConfigMapper.JSON.valueToTree(TrainingConfig.defaults());

    private final ObjectNode tree = DEFAULTS.deepCopy();
    private final Map<String, String> sources = new HashMap<>();
    /**
     * Whether model.joints follows data.keypoints' set: for configurations being written, not for
     * one stored in a checkpoint, whose joints were checked when it was trained.
     */
    private boolean followsKeypointSet;

    private ConfigLoader() {}

    /**
     * The configuration named by {@code presetOrFile} (a preset such as {@code mpii-hg4}, or a
     * path to a .yaml/.yml/.json file) with {@code overrides} applied in order.
     *
     * @throws ConfigException listing every problem, each with its key and source
     */
    public static TrainingConfig load(String presetOrFile, List<String> overrides) {
        if (!Presets.names().contains(presetOrFile)) {
            return load(Path.of(presetOrFile), overrides);
        }
        ConfigLoader loader = new ConfigLoader();
        loader.followsKeypointSet = true;
        loader.merge(Presets.read(presetOrFile), "preset " + presetOrFile);
        return loader.overrideAndResolve(overrides);
    }

    /** The configuration in a .yaml/.yml/.json file, with {@code overrides} applied in order. */
    public static TrainingConfig load(Path file, List<String> overrides) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(new ConfigProblem("(config)", file.toString(),
                    "is neither a preset " + Presets.names() + " nor a readable file"));
        }
        ConfigLoader loader = new ConfigLoader();
        loader.followsKeypointSet = true;
        loader.merge(readFile(file), "file " + file);
        return loader.overrideAndResolve(overrides);
    }

    /** Reads back a file written by {@link TrainingConfig#writeYaml} (or any complete configuration file). */
    public static TrainingConfig read(Path file) {
        return load(file, List.of());
    }

    /** The configuration stored in a checkpoint, checked like any other. */
    public static TrainingConfig fromJson(String json, String sourceDescription) {
        ConfigLoader loader = new ConfigLoader();
        loader.merge(parse(ConfigMapper.JSON, json, sourceDescription), sourceDescription);
        return loader.resolve();
    }

    /** The configuration stored in a checkpoint with {@code overrides} applied in order (see {@link ResumeChanges}). */
    public static TrainingConfig fromJson(String json, String sourceDescription, List<String> overrides) {
        ConfigLoader loader = new ConfigLoader();
        loader.merge(parse(ConfigMapper.JSON, json, sourceDescription), sourceDescription);
        return loader.overrideAndResolve(overrides);
    }

    /** Throws {@link ConfigException} if a programmatically built configuration breaks a rule. */
    public static void check(TrainingConfig config) {
        List<ConfigProblem> problems = ConfigValidator.problems(config, key -> "programmatic");
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private TrainingConfig overrideAndResolve(List<String> overrides) {
        overrides.forEach(this::override);
        return resolve();
    }

    private TrainingConfig resolve() {
        List<ConfigProblem> problems = new ArrayList<>();
        requireFinite(tree, "", problems);
        TrainingConfig config;
        try {
            config = ConfigMapper.bind(tree, this::sourceOf);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            throw new ConfigException(problems);
        }
        if (followsKeypointSet && config.data().customKeypoints()) {
            config = followKeypointSet(config, problems);
        }
        List<String> named = problems.stream().map(ConfigProblem::key).toList();
        ConfigValidator.problems(config, this::sourceOf).stream()
                .filter(problem -> !named.contains(problem.key())).forEach(problems::add);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /**
     * model.joints as the keypoint set has it: set to the set's size when not given, a problem
     * naming both when given differently, or when the set's file is malformed.
     */
    private TrainingConfig followKeypointSet(TrainingConfig config, List<ConfigProblem> problems) {
        if (!Files.exists(config.data().keypointSource())) {
            // Named when the data is opened, as every data file is (a preset names files yet to be made).
            return config;
        }
        JointSet set;
        try {
            set = config.data().jointSet();
        } catch (IOException e) {
            problems.add(new ConfigProblem("data.keypoints", sourceOf("data.keypoints"), e.getMessage()));
            return config;
        }
        int joints = config.model().joints();
        if (sourceOf("model.joints").equals(DEFAULT_SOURCE)) {
            ((ObjectNode) tree.get("model")).put("joints", set.size());
            sources.put("model.joints", "data.keypoints " + config.data().keypointSource());
            return ConfigMapper.bind(tree, this::sourceOf);
        }
        if (joints != set.size()) {
            problems.add(new ConfigProblem("model.joints", sourceOf("model.joints"), "is " + joints + " but the keypoint"
                    + " set '" + set.name() + "' of data.keypoints " + config.data().keypointSource() + " has "
                    + set.size() + " keypoints; leave model.joints out to follow the set"));
        }
        return config;
    }

    /** 1e999 parses as infinity (and YAML has .nan and .inf); no key means either. */
    private void requireFinite(JsonNode node, String key, List<ConfigProblem> problems) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> requireFinite(field.getValue(), key.isEmpty() ? field.getKey()
                    : key + "." + field.getKey(), problems));
        } else if (node.isArray()) {
            node.forEach(element -> requireFinite(element, key, problems));
        } else if (node.isNumber() && !Double.isFinite(node.asDouble()) || node.isTextual() && isNonFinite(node.asText())
                && DEFAULTS.at("/" + key.replace('.', '/')).isNumber()) {
            problems.add(new ConfigProblem(key, sourceOf(key), "is " + node.asText() + ", not a finite number"));
        }
    }

    /** Text Jackson would bind to a non-finite double ("NaN", "Infinity", "-Infinity"). */
    private static boolean isNonFinite(String text) {
        try {
            return !Double.isFinite(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String sourceOf(String key) {
        return sources.getOrDefault(key, DEFAULT_SOURCE);
    }

    /** Lays {@code layer} over the tree; refuses keys the defaults do not have. */
    private void merge(JsonNode layer, String source) {
        List<ConfigProblem> problems = new ArrayList<>();
        mergeInto(tree, layer, "", source, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private void mergeInto(ObjectNode target, JsonNode layer, String prefix, String source, List<ConfigProblem> problems) {
        if (!layer.isObject()) {
            // The section's own key, without the dot its children would follow.
            String key = prefix.isEmpty() ? "(top level)" : prefix.substring(0, prefix.length() - 1);
            problems.add(new ConfigProblem(key, source,
                    "expected a mapping of keys to values, got " + layer.getNodeType().name().toLowerCase()));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = layer.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode known = target.get(field.getKey());
            if (known == null) {
                problems.add(new ConfigProblem(key, source, "unknown key; known keys here: " + fieldNames(target)));
            } else if (known.isObject()) {
                mergeInto((ObjectNode) known, field.getValue(), key + ".", source, problems);
            } else {
                target.set(field.getKey(), field.getValue());
                sources.put(key, source);
            }
        }
    }

    /**
     * Applies {@code key=value}. The value is read as the key's type: a comma-separated list for
     * list keys, verbatim text for text keys, a JSON scalar (number, true/false) otherwise.
     */
    private void override(String assignment) {
        String source = "--set " + assignment;
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw new ConfigException(new ConfigProblem(assignment, source, "expected key=value, e.g. optim.lr=1e-3"));
        }
        String key = assignment.substring(0, equals).trim();
        String value = assignment.substring(equals + 1).trim();
        if (key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
            throw new ConfigException(new ConfigProblem(key, source, "is not a key: keys are names joined by single dots,"
                    + " e.g. optim.lr"));
        }
        ObjectNode parent = tree;
        String[] path = key.split("\\.");
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = parent.get(path[i]);
            if (child == null || !child.isObject()) {
                throw unknownKey(key, source, parent);
            }
            parent = (ObjectNode) child;
        }
        String leaf = path[path.length - 1];
        JsonNode current = parent.get(leaf);
        if (current == null) {
            throw unknownKey(key, source, parent);
        }
        if (current.isObject()) {
            throw new ConfigException(new ConfigProblem(key, source, "is a section; set one of its keys: " + fieldNames((ObjectNode) current)));
        }
        parent.set(leaf, typedValue(DEFAULTS.at("/" + String.join("/", path)), value));
        sources.put(key, source);
    }

    private static JsonNode typedValue(JsonNode byDefault, String value) {
        if (byDefault.isArray()) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (String element : value.isEmpty() ? new String[0] : value.split(",")) {
                list.add(scalar(element.trim()));
            }
            return list;
        }
        if (byDefault.isTextual() || byDefault.isNull()) {
            // Text keys take the value verbatim ("2024" stays a folder name); optional ones (null
            // by default) are cleared by "null" or "".
            return byDefault.isNull() && (value.isEmpty() || value.equals("null")) ? NullNode.instance : TextNode.valueOf(value);
        }
        return scalar(value);
    }

    /** A number or boolean in JSON syntax, else text (which the typed binding then refuses). */
    private static JsonNode scalar(String text) {
        try {
            JsonNode node = ConfigMapper.JSON.readTree(text);
            if (node != null && node.isValueNode()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // Not JSON: take it as text.
        }
        return TextNode.valueOf(text);
    }

    private static ConfigException unknownKey(String key, String source, ObjectNode section) {
        return new ConfigException(new ConfigProblem(key, source, "unknown key; known keys here: " + fieldNames(section)));
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode readFile(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        ObjectMapper mapper = name.endsWith(".json") ? ConfigMapper.JSON : ConfigMapper.YAML;
        try {
            return parse(mapper, Files.readString(file), "file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration " + file, e);
        }
    }

    static JsonNode parse(ObjectMapper mapper, String text, String source) {
        try {
            JsonNode node = mapper.readTree(text);
            return node == null || node.isMissingNode() ? JsonNodeFactory.instance.objectNode() : node;
        } catch (JsonProcessingException e) {
            throw new ConfigException(new ConfigProblem("(syntax)", source, e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())));
        }
    }

    static JsonNode parse(ObjectMapper mapper, InputStream in, String source) throws IOException {
        return parse(mapper, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), source);
    }
}
