package org.okdhp.train.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.okdhp.data.annotation.KeypointSetFile;
import org.okdhp.train.optim.AdamState;
import org.okdhp.train.tensor.HostTensor;

/**
 * The checkpoint file format, version 1.
 *
 * <pre>
 *   offset 0         8 bytes   magic "OKDHPCKP"
 *   offset 8         4 bytes   format version, big-endian int (1)
 *   offset 12        N bytes   payload: a zip archive (npz-style, entries stored uncompressed)
 *     checkpoint.json                    scalars and the ordered index of arrays (Jackson)
 *     config.json                        the resolved training configuration, verbatim
 *     model/NAME.npy                     each model array, float32 .npy
 *     optimizer/NAME/exp_avg.npy         Adam first moment
 *     optimizer/NAME/exp_avg_sq.npy      Adam second moment
 *   offset 12 + N    8 bytes   N, big-endian long
 *                    32 bytes  SHA-256 of the payload
 *                    8 bytes   end marker "OKDHPEND"
 * </pre>
 *
 * <p>Why this shape: the writer is strictly sequential (length and digest come last), so a
 * multi-hundred-megabyte checkpoint streams to disk without being held twice in memory and the
 * failure-injection seam of {@link CheckpointStore} sees every byte. The reader checks magic,
 * version, end marker, length and digest before parsing anything, so a truncated file (end
 * marker missing), a flipped bit (digest) or a foreign file (magic) is refused with a precise
 * message. The payload is a plain zip of {@code .npy} arrays, so Python can inspect it with
 * {@code numpy.load(io.BytesIO(data[12:-48]))}; no engine is needed to read or write it (unlike
 * {@code NDList.encode}, which needs NDArrays and so a loaded libtorch), and floats are copied
 * bit for bit. Compression is off: float weights gain under 10% and would cost seconds.
 */
public final class CheckpointFile {

    public static final int FORMAT_VERSION = CheckpointFrame.FORMAT_VERSION;

    private static final String METADATA_ENTRY = "checkpoint.json";
    private static final String CONFIG_ENTRY = "config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFile() {}

    /** Writes {@code checkpoint} to {@code out} (which stays open). */
    public static void write(Checkpoint checkpoint, OutputStream out) throws IOException {
        CheckpointFrame.PayloadStream payload = CheckpointFrame.begin(out);
        ZipOutputStream zip = new ZipOutputStream(payload, StandardCharsets.UTF_8);
        zip.setLevel(Deflater.NO_COMPRESSION);
        zip.putNextEntry(new ZipEntry(METADATA_ENTRY));
        zip.write(JSON.writeValueAsBytes(metadataOf(checkpoint)));
        zip.putNextEntry(new ZipEntry(CONFIG_ENTRY));
        zip.write(checkpoint.configJson().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, HostTensor> array : checkpoint.model().entrySet()) {
            writeArray(zip, modelEntry(array.getKey()), array.getValue());
        }
        for (Map.Entry<String, AdamState.ParameterMoments> state : checkpoint.optimizer().parameters().entrySet()) {
            writeArray(zip, firstMomentEntry(state.getKey()), state.getValue().firstMoment());
            writeArray(zip, secondMomentEntry(state.getKey()), state.getValue().secondMoment());
        }
        zip.finish();
        CheckpointFrame.end(payload);
    }

    /** Reads and verifies a checkpoint; an untrustworthy file raises {@link InvalidCheckpointException}. */
    public static Checkpoint read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            CheckpointFrame.verify(file, channel);
            InputStream payload = new BufferedInputStream(Channels.newInputStream(channel.position(CheckpointFrame.HEADER_BYTES)));
            try {
                return parsePayload(file, new ZipInputStream(payload, StandardCharsets.UTF_8));
            } catch (InvalidCheckpointException e) {
                throw e;
            } catch (IOException | IllegalArgumentException | ArithmeticException e) {
                // The digest matched, so the writer itself produced this: name the defect precisely.
                throw new InvalidCheckpointException(file, "the payload is not a valid checkpoint archive: " + e.getMessage(), e);
            }
        }
    }

    private static Checkpoint parsePayload(Path file, ZipInputStream zip) throws IOException {
        Map<String, HostTensor> arrays = new HashMap<>();
        CheckpointMetadata metadata = null;
        String configJson = null;
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            String name = entry.getName();
            if (name.equals(METADATA_ENTRY)) {
                metadata = JSON.readValue(zip.readAllBytes(), CheckpointMetadata.class);
            } else if (name.equals(CONFIG_ENTRY)) {
                configJson = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
            } else {
                arrays.put(name, NpyArrays.read(zip, name));
            }
        }
        if (metadata == null || configJson == null) {
            throw new InvalidCheckpointException(file, "the payload lacks " + (metadata == null ? METADATA_ENTRY : CONFIG_ENTRY));
        }
        Map<String, HostTensor> model = new LinkedHashMap<>();
        for (String name : metadata.model()) {
            model.put(name, take(file, arrays, modelEntry(name)));
        }
        Map<String, AdamState.ParameterMoments> moments = new LinkedHashMap<>();
        for (CheckpointMetadata.OptimizerEntry state : metadata.optimizer()) {
            moments.put(state.name(), new AdamState.ParameterMoments(state.step(),
                    take(file, arrays, firstMomentEntry(state.name())), take(file, arrays, secondMomentEntry(state.name()))));
        }
        if (!arrays.isEmpty()) {
            throw new InvalidCheckpointException(file, "the payload holds arrays its index does not list: " + arrays.keySet());
        }
        return new Checkpoint(metadata.completedEpochs(), metadata.globalStep(), metadata.learningRate(),
                metadata.rampWeight(), configJson,
                metadata.bestMetric() == null ? OptionalDouble.empty() : OptionalDouble.of(metadata.bestMetric()),
                model, new AdamState(moments), Optional.ofNullable(metadata.runId()),
                metadata.keypointSet() == null || metadata.keypointSet().isNull() ? Optional.empty()
                        : Optional.of(KeypointSetFile.fromTree(metadata.keypointSet(), file)));
    }

    private static HostTensor take(Path file, Map<String, HostTensor> arrays, String entry) throws IOException {
        HostTensor tensor = arrays.remove(entry);
        if (tensor == null) {
            throw new InvalidCheckpointException(file, "the index lists " + entry + " but the payload does not hold it");
        }
        return tensor;
    }

    private static CheckpointMetadata metadataOf(Checkpoint checkpoint) {
        List<CheckpointMetadata.OptimizerEntry> optimizer = new ArrayList<>();
        checkpoint.optimizer().parameters().forEach(
                (name, state) -> optimizer.add(new CheckpointMetadata.OptimizerEntry(name, state.step())));
        return new CheckpointMetadata(checkpoint.completedEpochs(), checkpoint.globalStep(), checkpoint.learningRate(),
                checkpoint.rampWeight(),
                checkpoint.bestMetric().isPresent() ? checkpoint.bestMetric().getAsDouble() : null,
                List.copyOf(checkpoint.model().keySet()), optimizer, checkpoint.runId().orElse(null),
                checkpoint.keypointSet().map(KeypointSetFile::toTree).orElse(null));
    }

    private static void writeArray(ZipOutputStream zip, String entry, HostTensor tensor) throws IOException {
        zip.putNextEntry(new ZipEntry(entry));
        NpyArrays.write(tensor, zip);
    }

    private static String modelEntry(String name) {
        return "model/" + name + ".npy";
    }

    private static String firstMomentEntry(String name) {
        return "optimizer/" + name + "/exp_avg.npy";
    }

    private static String secondMomentEntry(String name) {
        return "optimizer/" + name + "/exp_avg_sq.npy";
    }
}
