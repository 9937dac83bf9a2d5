package org.okdhp.train.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.weights.StateDictNpz;
import org.okdhp.core.weights.TorchParameters;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.heatmap.HeatmapCodec;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.transform.Normalization.ChannelOrder;
import org.okdhp.train.predict.PoseCodec;

class BestBranchExporterTest {

    private static final Map<String, Double> METRICS = Map.of(BranchScore.HEADLINE, 71.5);

    /** One trained network for the whole class: building it costs more than an export. */
    private static NDManager manager;
    private static OkdhpNetwork trained;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        manager = NDManager.newBaseManager();
        trained = TinyModels.trained(manager, 7);
    }

    @AfterAll
    static void release() {
        manager.close();
    }

    @Test
    void loadedModelReproducesTheTrainedBranchBitForBit() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            Path folder = BestBranchExporter.export(trained, 1, TinyModels.info(METRICS), dir.resolve("best-branch"));
            assertEquals(Set.of("model.params", "hourglass.npz", "model.onnx", "metadata.json", "README.md",
                    "SHA256SUMS"), fileNames(folder));

            NDArray x = m.randomNormal(TinyModels.INPUT);
            NDArray expected = trained.run(new ParameterStore(m, false), x, false).branchFinal(1);
            try (PoseModel model = PoseModel.load(folder)) {
                assertEquals(OkdhpArchitecture.hourglass(TinyModels.FEATURES, 16, 3, TinyModels.DEPTH),
                        model.network().architecture(), "1 shared + 2 stacks of branch 1, depth from the metadata");
                NDList out = model.network().forward(new ParameterStore(m, false), new NDList(x), false);
                assertEquals(3, out.size());
                assertArrayEquals(expected.toFloatArray(), out.get(2).toFloatArray());
            }
        }
    }

    /** model.onnx, run by ONNX Runtime at two batch sizes, predicts what the branch predicts; it carries metadata.json. */
    @Test
    void onnxModelRunsTheBranchInOnnxRuntime() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            Path folder = BestBranchExporter.export(trained, 1, TinyModels.info(METRICS), dir.resolve("onnx"));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(folder.resolve(PoseModel.ONNX_FILE).toString(),
                    new OrtSession.SessionOptions())) {
                JsonNode carried = new ObjectMapper().readTree(
                        session.getMetadata().getCustomMetadata().get(PoseModel.ONNX_METADATA_KEY));
                assertEquals(new ObjectMapper().readTree(folder.resolve(PoseModel.METADATA_FILE).toFile()), carried);
                for (int batch : new int[] {1, 2}) {
                    NDArray x = m.randomNormal(new Shape(batch).addAll(TinyModels.INPUT.slice(1)));
                    float[] expected = trained.run(new ParameterStore(m, false), x, false).branchFinal(1).toFloatArray();
                    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()),
                            x.getShape().getShape());
                            OrtSession.Result result = session.run(Map.of("input", input))) {
                        float[] actual = ((OnnxTensor) result.get("heatmaps").orElseThrow()).getFloatBuffer().array();
                        double difference = m.create(actual).sub(m.create(expected)).norm().getFloat();
                        double error = difference / m.create(expected).norm().getFloat();
                        assertTrue(error < 1e-4, "batch " + batch + ": relative error " + error);
                    }
                }
            }
        }
    }

    @Test
    void hourglassNpzHoldsTheBranchUnderHourglassNetNames() throws Exception {
        try (NDManager m = manager.newSubManager()) {
            Path folder = BestBranchExporter.export(trained, 1, TinyModels.info(METRICS), dir.resolve("out"));
            Map<String, NDArray> npz = StateDictNpz.read(folder.resolve(PoseModel.HOURGLASS_NPZ_FILE), m);
            TorchParameters branch = trained.deployedParameters(1);
            Set<String> expectedKeys = new HashSet<>(branch.asMap().keySet());
            branch.batchNormPrefixes().forEach(bn -> expectedKeys.add(bn + TorchParameters.BATCHES_TRACKED));
            assertEquals(expectedKeys, npz.keySet());
            for (String key : List.of("conv1.weight", "bn1.running_var", "layer3.0.conv3.bias", "hg.2.hg.0.3.0.conv2.weight",
                    "score.2.weight", "fc_.1.weight", "score_.1.bias")) {
                assertTrue(npz.containsKey(key), key + " among " + npz.keySet());
            }
            assertFalse(npz.containsKey("score_.2.weight"), "the last stack feeds nothing on");
            for (Map.Entry<String, Parameter> entry : branch.asMap().entrySet()) {
                assertArrayEquals(entry.getValue().getArray().toFloatArray(), npz.get(entry.getKey()).toFloatArray(), entry.getKey());
            }
            assertEquals(TinyModels.TRAINING_STEPS, npz.get("bn1.num_batches_tracked").getLong());
        }
    }

    @Test
    void metadataDescribesTheModelAndRoundTrips() throws Exception {
        Path folder = BestBranchExporter.export(trained, 1, TinyModels.info(METRICS), dir.resolve("best-branch"));
        ModelMetadata metadata = ModelMetadata.read(folder.resolve(PoseModel.METADATA_FILE));

        assertEquals(ModelMetadata.FORMAT, metadata.format());
        assertEquals(new ModelMetadata.Network(TinyModels.FEATURES, 16, 3, TinyModels.DEPTH, "hourglass"), metadata.network());
        assertEquals(new ModelMetadata.Origin(1, 1, List.of(1, 2), TinyModels.TRAINING_STEPS), metadata.origin());
        assertEquals(new ModelMetadata.Size(64, 64), metadata.input());
        assertEquals(new ModelMetadata.Size(16, 16), metadata.heatmap());
        assertEquals(METRICS, metadata.branchMetrics());
        assertFalse(metadata.okdhpVersion().isBlank() || metadata.okdhpVersion().contains("${"), metadata.okdhpVersion());
        PoseCodec codec = metadata.codec();
        assertSame(JointSet.MPII, codec.jointSet(), "MPII's own set comes back");
        assertEquals(ChannelOrder.BGR, codec.normalization().order());
        assertArrayEquals(TinyModels.CODEC.normalization().mean(), codec.normalization().mean());
        assertArrayEquals(TinyModels.CODEC.normalization().std(), codec.normalization().std());
        assertEquals(List.of(ImageSize.square(64), ImageSize.square(16)), List.of(codec.inputSize(), codec.heatmapSize()));

        Path copy = dir.resolve("copy.json");
        metadata.write(copy);
        assertEquals(metadata, ModelMetadata.read(copy));

        JsonNode json = new ObjectMapper().readTree(folder.resolve(PoseModel.METADATA_FILE).toFile());
        assertEquals(1, json.get("format_version").asInt());
        assertEquals("r_ankle", json.at("/joint_set/joint_names/0").asText());
        assertEquals(5, json.at("/joint_set/flip_pairs/0/1").asInt());
        assertEquals("BGR", json.at("/normalization/channel_order").asText());
        assertEquals(List.of(1, 2), List.of(json.at("/origin/branches/0").asInt(), json.at("/origin/branches/1").asInt()));

        String readme = Files.readString(folder.resolve(PoseModel.README_FILE));
        assertTrue(readme.contains("num_stacks=3, num_blocks=1, num_classes=16"), readme);
        assertTrue(readme.contains("self.num_feats = 4"), "F = 8 needs HourglassNet's width changed: " + readme);
    }

    @Test
    void exportingAgainReplacesTheFolderAndLeavesNothingBehind() throws Exception {
        Path folder = dir.resolve("best-branch");
        BestBranchExporter.export(trained, 1, TinyModels.info(METRICS), folder);
        Path killed = Files.createDirectory(dir.resolve(".best-branch.new-killed"));
        Files.writeString(killed.resolve("model.params"), "half written");
        BestBranchExporter.export(trained, 0, TinyModels.info(Map.of()), folder);
        ModelMetadata metadata = ModelMetadata.read(folder.resolve(PoseModel.METADATA_FILE));
        assertEquals(0, metadata.origin().branch());
        assertEquals(2, metadata.network().stacks());
        assertEquals(Map.of(), metadata.branchMetrics());
        assertEquals(Set.of("best-branch"), fileNames(dir), "no staging (not even an abandoned one) or retired folders left");
    }

    @Test
    void aModelThatDoesNotFitTheNetworkIsRefusedBeforeAnythingIsWritten() throws Exception {
        PoseCodec coco = new PoseCodec(JointSet.COCO, TinyModels.CODEC.heatmaps(), TinyModels.CODEC.normalization());
        IllegalArgumentException joints = assertThrows(IllegalArgumentException.class, () ->
                BestBranchExporter.export(trained, 1, new ExportInfo(coco, Map.of(), 0), dir.resolve("a")));
        assertTrue(joints.getMessage().contains("16 joints") && joints.getMessage().contains("coco"), joints.getMessage());
        PoseCodec odd = new PoseCodec(JointSet.MPII,
                HeatmapCodec.standard(new ImageSize(64, 72), new ImageSize(16, 18)), TinyModels.CODEC.normalization());
        assertThrows(IllegalArgumentException.class, () ->
                BestBranchExporter.export(trained, 1, new ExportInfo(odd, Map.of(), 0), dir.resolve("b")));
        assertThrows(IllegalArgumentException.class, () ->
                BestBranchExporter.export(trained, 2, TinyModels.info(Map.of()), dir.resolve("c")));
        assertThrows(IllegalArgumentException.class, () -> TinyModels.info(Map.of("headline", Double.NaN)));
        assertEquals(Set.of(), fileNames(dir));
    }

    @Test
    void aFolderWithFilesOkdhpDidNotWriteIsRefusedAndKept() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("thesis"));
        Files.writeString(folder.resolve("thesis.txt"), "three years of work");
        Files.writeString(folder.resolve(PoseModel.METADATA_FILE), "{}");
        IOException e = assertThrows(IOException.class,
                () -> BestBranchExporter.export(trained, 1, TinyModels.info(METRICS), folder));
        assertTrue(e.getMessage().contains("thesis.txt") && e.getMessage().contains("did not write"), e.getMessage());
        assertEquals("three years of work", Files.readString(folder.resolve("thesis.txt")));
        assertEquals(Set.of("thesis"), fileNames(dir), "nothing staged is left");
    }

    @Test
    void exportedFilesAreReadableByOthersAndListedWithTheirDigests() throws Exception {
        Path folder = BestBranchExporter.export(trained, 1, TinyModels.info(METRICS), dir.resolve("shared"));
        // What the user's umask gives any new folder and file (e.g. 755 and 644), never owner-only 700 and 600.
        String usualFolder = modes(Files.createDirectory(dir.resolve("usual")));
        String usualFile = modes(Files.createFile(dir.resolve("usual.txt")));
        assertTrue(usualFile.startsWith("rw-r"), "this test needs a umask that lets others read: " + usualFile);
        assertEquals(usualFolder, modes(folder));
        Set<String> listed = Files.readAllLines(folder.resolve(ModelDigests.FILE)).stream()
                .map(line -> line.substring(66)).collect(Collectors.toSet());
        assertEquals(Set.of(PoseModel.PARAMETERS_FILE, PoseModel.HOURGLASS_NPZ_FILE, PoseModel.METADATA_FILE,
                PoseModel.README_FILE, PoseModel.ONNX_FILE), listed);
        for (String file : fileNames(folder)) {
            assertEquals(usualFile, modes(folder.resolve(file)), file);
        }
    }

    private static String modes(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void theReadmeShowsMetricsWithFourSignificantDigits() {
        assertEquals("68.19", ModelReadme.shown(68.18999999999999));
        assertEquals("0.7481", ModelReadme.shown(0.748123456789));
        assertEquals("70", ModelReadme.shown(70.0));
    }

    private static Set<String> fileNames(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
