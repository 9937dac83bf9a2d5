package org.okdhp.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.train.optim.AdamState;
import org.okdhp.train.tensor.HostTensor;

class CheckpointFileTest {

    @TempDir
    Path folder;

    private Path written(Checkpoint checkpoint) throws IOException {
        Path file = folder.resolve("sample.ckpt");
        try (OutputStream out = Files.newOutputStream(file)) {
            CheckpointFile.write(checkpoint, out);
        }
        return file;
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        Checkpoint original = CheckpointFixtures.sample(7);
        Checkpoint read = CheckpointFile.read(written(original));
        assertEquals(original, read);
        for (Map.Entry<String, HostTensor> entry : original.model().entrySet()) {
            assertArrayEquals(rawBits(entry.getValue()), rawBits(read.model().get(entry.getKey())), entry.getKey());
        }
        assertEquals(original.model().keySet().stream().toList(), read.model().keySet().stream().toList(), "order kept");
        assertEquals(Double.doubleToRawLongBits(original.learningRate()), Double.doubleToRawLongBits(read.learningRate()));
        assertEquals(1234L, read.optimizer().parameters().get("stem.conv1.weight").step());
    }

    @Test
    void roundTripWithoutBestMetricOrArrays() throws IOException {
        Checkpoint empty = new Checkpoint(0, 0, 1e-3, 0.0067, "{}",
                OptionalDouble.empty(), Map.of(), new AdamState(Map.of()), Optional.empty());
        assertEquals(empty, CheckpointFile.read(written(empty)));
    }

    /** Earlier checkpoints also stored a random state that no resume read; they still load. */
    @Test
    void metadataWithTheFormerRandomStateStillReads() throws IOException {
        String earlier = "{\"completedEpochs\":3,\"globalStep\":30,\"learningRate\":2.5E-4,\"rampWeight\":0.5,"
                + "\"generatorState\":-7046029254386353131,\"engineSeed\":20210917,\"bestMetric\":null,"
                + "\"model\":[],\"optimizer\":[]}";
        CheckpointMetadata metadata = new ObjectMapper().readValue(earlier, CheckpointMetadata.class);
        assertEquals(new CheckpointMetadata(3, 30, 2.5e-4, 0.5, null, List.of(), List.of(), null), metadata);
    }

    @Test
    void truncatedFileIsRefusedNamingTheFile() throws IOException {
        Path file = written(CheckpointFixtures.sample(3));
        byte[] bytes = Files.readAllBytes(file);
        for (int length : new int[] {bytes.length - 1, bytes.length / 2, 20}) {
            Files.write(file, java.util.Arrays.copyOf(bytes, length));
            InvalidCheckpointException error = assertThrows(InvalidCheckpointException.class, () -> CheckpointFile.read(file));
            assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
            assertTrue(error.getMessage().contains("truncated"), error.getMessage());
        }
    }

    @Test
    void flippedPayloadByteIsRefusedByTheDigest() throws IOException {
        assertRefusedAfter(bytes -> bytes[bytes.length / 2] ^= 0x10, "SHA-256 of the payload");
    }

    @Test
    void flippedTrailerLengthIsRefused() throws IOException {
        // The lowest byte of the payload length.
        assertRefusedAfter(bytes -> bytes[bytes.length - CheckpointFrame.TRAILER_BYTES + 7] ^= 0x01, "declares a payload");
    }

    @Test
    void wrongMagicAndNewerVersionAreRefused() throws IOException {
        assertRefusedAfter(bytes -> bytes[0] = 'P', "magic");
        assertRefusedAfter(bytes -> ByteBuffer.wrap(bytes).putInt(CheckpointFrame.MAGIC.length, 2), "format version 2");
    }

    /** Damages a freshly written checkpoint in place and expects reading to refuse it, naming the file. */
    private void assertRefusedAfter(Consumer<byte[]> damage, String reason) throws IOException {
        Path file = written(CheckpointFixtures.sample(3));
        byte[] bytes = Files.readAllBytes(file);
        damage.accept(bytes);
        Files.write(file, bytes);
        InvalidCheckpointException error = assertThrows(InvalidCheckpointException.class, () -> CheckpointFile.read(file));
        assertTrue(error.getMessage().contains(reason), error.getMessage());
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    @Test
    void payloadIsAnNpzStyleZipWithNumpyHeaders() throws IOException {
        Path file = written(CheckpointFixtures.sample(1));
        byte[] bytes = Files.readAllBytes(file);
        byte[] payload = java.util.Arrays.copyOfRange(bytes, CheckpointFrame.HEADER_BYTES, bytes.length - CheckpointFrame.TRAILER_BYTES);
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(payload))) {
            java.util.Set<String> names = new java.util.HashSet<>();
            for (java.util.zip.ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                names.add(entry.getName());
                if (entry.getName().equals("model/branch/0.bn.running_var.npy")) {
                    byte[] npy = zip.readAllBytes();
                    String header = new String(npy, 10, 118, java.nio.charset.StandardCharsets.US_ASCII);
                    // What numpy.save writes for np.zeros(3, np.float32): a 128-byte header block.
                    assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", header.strip());
                    assertEquals('\n', header.charAt(117));
                    assertEquals(128 + 3 * Float.BYTES, npy.length);
                }
            }
            assertTrue(names.contains("checkpoint.json") && names.contains("config.json")
                    && names.contains("optimizer/stem.conv1.weight/exp_avg_sq.npy"), names.toString());
        }
    }

    private static int[] rawBits(HostTensor tensor) {
        int[] bits = new int[tensor.data().length];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Float.floatToRawIntBits(tensor.data()[i]);
        }
        return bits;
    }
}
