package org.okdhp.train.export;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken model folders fail with one message that names the file at fault. */
class PoseModelLoadingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One export for the class; each test breaks its own copy. */
    @TempDir
    static Path exports;
    private static Path exported;

    @TempDir
    Path dir;

    private Path folder;
    private Path originalMetadata;

    @BeforeAll
    static void export() throws IOException {
        exported = TinyModels.exported(exports.resolve("best-branch"));
    }

    @BeforeEach
    void copy() throws IOException {
        folder = Files.createDirectory(dir.resolve("best-branch"));
        try (Stream<Path> files = Files.list(exported)) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
        originalMetadata = Files.copy(folder.resolve(PoseModel.METADATA_FILE), dir.resolve("metadata.original.json"));
    }

    @Test
    void missingFolderOrFilesAreNamed() throws IOException {
        assertFailsNaming(dir.resolve("nowhere"), "nowhere");
        Files.delete(folder.resolve(PoseModel.PARAMETERS_FILE));
        assertFailsNaming(folder, PoseModel.PARAMETERS_FILE);
        Files.delete(folder.resolve(PoseModel.METADATA_FILE));
        assertFailsNaming(folder, PoseModel.METADATA_FILE);
    }

    @Test
    void unreadableMetadataIsNamed() throws IOException {
        Files.writeString(folder.resolve(PoseModel.METADATA_FILE), "{\"format\": ");
        assertFailsNaming(folder, PoseModel.METADATA_FILE);
        assertEditRefused(json -> json.remove("heatmap"), PoseModel.METADATA_FILE, "heatmap");
    }

    @Test
    void inconsistentMetadataIsNamed() throws IOException {
        assertEditRefused(json -> json.put("format", "something-else"), PoseModel.METADATA_FILE, "something-else");
        assertEditRefused(json -> network(json).put("joints", 17), PoseModel.METADATA_FILE, "17 joints");
        assertEditRefused(json -> ((ObjectNode) json.get("input")).put("width", 60), PoseModel.METADATA_FILE, "a multiple of 32");
    }

    @Test
    void weightsOfAnotherNetworkAreRefusedNamingTheParameterFile() throws IOException {
        assertEditRefused(json -> network(json).put("stacks", 2), PoseModel.PARAMETERS_FILE, "more than");
        assertEditRefused(json -> network(json).put("stacks", 4), PoseModel.PARAMETERS_FILE, "truncated");
        assertEditRefused(json -> network(json).put("features", 16), PoseModel.PARAMETERS_FILE, "shape");
    }

    @Test
    void truncatedOrGarbledParametersAreNamed() throws IOException {
        Path parameters = folder.resolve(PoseModel.PARAMETERS_FILE);
        byte[] bytes = Files.readAllBytes(parameters);
        Files.write(parameters, Arrays.copyOf(bytes, bytes.length / 2));
        ModelDigests.write(folder);
        assertFailsNaming(folder, PoseModel.PARAMETERS_FILE, "truncated");
        Files.writeString(parameters, "not parameters at all");
        ModelDigests.write(folder);
        assertFailsNaming(folder, PoseModel.PARAMETERS_FILE);
    }

    @Test
    void changedBytesInAnyModelFileAreRefusedByTheirDigest() throws IOException {
        for (String name : List.of(PoseModel.PARAMETERS_FILE, PoseModel.METADATA_FILE, PoseModel.HOURGLASS_NPZ_FILE)) {
            Path file = folder.resolve(name);
            byte[] original = Files.readAllBytes(file);
            byte[] flipped = original.clone();
            for (int i = 0; i < 64; i++) {
                flipped[flipped.length / 2 + i] ^= 0x01;
            }
            Files.write(file, flipped);
            assertFailsNaming(folder, name, "SHA-256");
            Files.write(file, original);
        }
        Files.writeString(folder.resolve(PoseModel.ONNX_FILE), "an onnx graph nobody listed");
        assertFailsNaming(folder, ModelDigests.FILE, PoseModel.ONNX_FILE);
        Files.delete(folder.resolve(PoseModel.ONNX_FILE));
        Files.delete(folder.resolve(ModelDigests.FILE));
        assertFailsNaming(folder, ModelDigests.FILE, "integrity");
    }

    /** Rewrites the exported metadata.json with one change to the original and expects the load to fail naming {@code file}. */
    private void assertEditRefused(Consumer<ObjectNode> edit, String file, String detail) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(originalMetadata.toFile());
        edit.accept(json);
        JSON.writeValue(folder.resolve(PoseModel.METADATA_FILE).toFile(), json);
        ModelDigests.write(folder); // as if exported so: the checks behind the digest are the subject
        assertFailsNaming(folder, file, detail);
    }

    private static ObjectNode network(ObjectNode metadata) {
        return (ObjectNode) metadata.get("network");
    }

    private static void assertFailsNaming(Path folder, String file, String... details) {
        IOException e = assertThrows(IOException.class, () -> PoseModel.load(folder).close());
        String message = e.getMessage();
        assertTrue(message.contains(file), "'" + message + "' should name " + file);
        for (String detail : details) {
            assertTrue(message.contains(detail), "'" + message + "' should say " + detail);
        }
    }
}
