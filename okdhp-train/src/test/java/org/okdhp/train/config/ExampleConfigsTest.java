package org.okdhp.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.OkdhpNetwork;

/**
 * The ready configurations and scripts in {@code examples/} (the repository's, found from this
 * module's folder): each paper setting is its preset with its own run folder, the student has the
 * size its header states, and every config has a script that trains it.
 */
class ExampleConfigsTest {

    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final String COCO_DETECTIONS = "person_detection_results/COCO_val2017_detections_AP_H_56_person.json";
    private static final String STUDENT = "mpii-student-w128";

    @Test
    void everyPaperSettingIsItsPresetWithItsOwnRunFolder() {
        Map<String, List<String>> presetOverrides = Map.of(
                "mpii-hg2", List.of(), "mpii-hg4", List.of(), "mpii-hg8", List.of(), "mpii-hg4-unbalanced", List.of(),
                "coco-hg4", List.of("data.detection_file=" + COCO_DETECTIONS));
        presetOverrides.forEach((name, overrides) -> {
            List<String> expected = Stream.concat(overrides.stream(), Stream.of("run.output_dir=runs/" + name)).toList();
            assertEquals(ConfigLoader.load(name, expected), ConfigLoader.load(config(name), List.of()), name);
        });
    }

    @Test
    void theStudentIsNarrowerAndShallowerWithTheParameterCountsItStates() throws IOException {
        TrainingConfig student = ConfigLoader.load(config(STUDENT), List.of());
        TrainingConfig paper = ConfigLoader.load("mpii-hg4", List.of());
        assertEquals(128, student.model().features());
        assertEquals(2, student.model().deployedStacks(0));
        assertEquals(List.of(paper.data(), paper.optim(), paper.distillation()),
                List.of(student.data(), student.optim(), student.distillation()), "the paper's MPII recipe otherwise");

        String header = Files.readString(config(STUDENT));
        OkdhpArchitecture training = student.model().architecture();
        assertEquals(stated(header, "plain 2-stack hourglass of ([\\d,]+) parameters"), trainable(training.prunedTo(0)));
        assertEquals(stated(header, "Trained as OKDHP with the FAU: ([\\d,]+) parameters"), trainable(training));
    }

    @Test
    void everyConfigStatesItsExpectationAndHasAScriptThatTrainsIt() throws IOException {
        Set<String> configs = names(EXAMPLES.resolve("configs"), ".yaml");
        assertEquals(Set.of("mpii-hg2", "mpii-hg4", "mpii-hg8", "mpii-hg4-unbalanced", "coco-hg4", STUDENT), configs);
        assertEquals(configs, names(EXAMPLES, ".sh"), "one script per config");
        for (String name : configs) {
            String header = Files.readString(config(name));
            assertTrue(header.contains("Expected") && header.contains("Reproduce: examples/" + name + ".sh"), name);
            Path script = EXAMPLES.resolve(name + ".sh");
            assertTrue(Files.isExecutable(script), script + " is executable");
            assertTrue(Files.readString(script).contains("okdhp\" train --config \"$here/configs/" + name + ".yaml\""),
                    script + " trains its config");
        }
    }

    private static Path config(String name) {
        return EXAMPLES.resolve("configs").resolve(name + ".yaml");
    }

    private static Set<String> names(Path folder, String extension) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(extension))
                    .map(file -> file.substring(0, file.length() - extension.length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static long stated(String text, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(text.replaceAll("\\s*\\n#\\s*", " "));
        assertTrue(matcher.find(), "the header states /" + pattern + "/");
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }

    private static long trainable(OkdhpArchitecture architecture) {
        try (NDManager manager = NDManager.newBaseManager()) {
            OkdhpNetwork network = OkdhpNetwork.of(architecture);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            return network.getParameters().values().stream().filter(Parameter::requiresGradient)
                    .mapToLong(parameter -> parameter.getArray().size()).sum();
        }
    }
}
