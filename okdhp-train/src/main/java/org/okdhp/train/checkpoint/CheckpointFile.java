package org.okdhp.train.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
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

    public static final int FORMAT_VERSION = 1;
    static final byte[] MAGIC = "OKDHPCKP".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END_MARKER = "OKDHPEND".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length + Integer.BYTES;
    static final int DIGEST_BYTES = 32;
    static final int TRAILER_BYTES = Long.BYTES + DIGEST_BYTES + END_MARKER.length;
    private static final int READ_BUFFER_BYTES = 1 << 20;

    private static final String METADATA_ENTRY = "checkpoint.json";
    private static final String CONFIG_ENTRY = "config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFile() {}

    /** Writes {@code checkpoint} to {@code out} (which stays open). */
    public static void write(Checkpoint checkpoint, OutputStream out) throws IOException {
        out.write(ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(FORMAT_VERSION).array());
        PayloadStream payload = new PayloadStream(out);
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
        out.write(ByteBuffer.allocate(TRAILER_BYTES)
                .putLong(payload.count).put(payload.digest.digest()).put(END_MARKER).array());
        out.flush();
    }

    /** Reads and verifies a checkpoint; an untrustworthy file raises {@link InvalidCheckpointException}. */
    public static Checkpoint read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long payloadLength = verifyFrame(file, channel);
            verifyDigest(file, channel, payloadLength);
            InputStream payload = new BufferedInputStream(Channels.newInputStream(channel.position(HEADER_BYTES)));
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

    /** Checks magic, version, end marker and length; returns the payload length. */
    private static long verifyFrame(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < HEADER_BYTES + TRAILER_BYTES) {
            throw new InvalidCheckpointException(file, "it is " + size + " bytes, shorter than the "
                    + (HEADER_BYTES + TRAILER_BYTES) + "-byte frame of any checkpoint (truncated or not a checkpoint)");
        }
        ByteBuffer header = readAt(channel, 0, HEADER_BYTES);
        byte[] magic = new byte[MAGIC.length];
        header.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new InvalidCheckpointException(file, "it does not start with the magic \"OKDHPCKP\" (found hex "
                    + HexFormat.of().formatHex(magic) + "): not an okdhp checkpoint, or its header is corrupt");
        }
        int version = header.getInt();
        if (version != FORMAT_VERSION) {
            throw new InvalidCheckpointException(file, "format version " + version
                    + " is not supported; this build reads version " + FORMAT_VERSION);
        }
        ByteBuffer trailer = readAt(channel, size - TRAILER_BYTES, TRAILER_BYTES);
        long payloadLength = trailer.getLong();
        byte[] endMarker = Arrays.copyOfRange(trailer.array(), TRAILER_BYTES - END_MARKER.length, TRAILER_BYTES);
        if (!Arrays.equals(endMarker, END_MARKER)) {
            throw new InvalidCheckpointException(file, "the end marker \"OKDHPEND\" is missing: the file is truncated"
                    + " (an interrupted write or copy) or its trailer is corrupt");
        }
        long expectedSize = HEADER_BYTES + payloadLength + TRAILER_BYTES;
        if (payloadLength < 0 || expectedSize != size) {
            throw new InvalidCheckpointException(file, "the trailer declares a payload of " + payloadLength
                    + " bytes, so the file should be " + expectedSize + " bytes, but it is " + size);
        }
        return payloadLength;
    }

    private static void verifyDigest(Path file, FileChannel channel, long payloadLength) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
        long position = HEADER_BYTES;
        long end = HEADER_BYTES + payloadLength;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new InvalidCheckpointException(file, "the file ended while its payload was being read");
            }
            digest.update(buffer.array(), 0, read);
            position += read;
        }
        byte[] recorded = new byte[DIGEST_BYTES];
        readAt(channel, end + Long.BYTES, DIGEST_BYTES).get(recorded);
        byte[] actual = digest.digest();
        if (!MessageDigest.isEqual(recorded, actual)) {
            throw new InvalidCheckpointException(file, "the SHA-256 of the payload is " + HexFormat.of().formatHex(actual)
                    + " but the file records " + HexFormat.of().formatHex(recorded) + ": the content is corrupt");
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
                metadata.rampWeight(), new RandomState(metadata.generatorState(), metadata.engineSeed()), configJson,
                metadata.bestMetric() == null ? OptionalDouble.empty() : OptionalDouble.of(metadata.bestMetric()),
                model, new AdamState(moments));
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
                checkpoint.rampWeight(), checkpoint.random().generatorState(), checkpoint.random().engineSeed(),
                checkpoint.bestMetric().isPresent() ? checkpoint.bestMetric().getAsDouble() : null,
                List.copyOf(checkpoint.model().keySet()), optimizer);
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

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** Counts and digests the payload bytes on their way to the file, without closing it. */
    private static final class PayloadStream extends FilterOutputStream {
        final MessageDigest digest = sha256();
        long count;

        PayloadStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            digest.update(bytes, offset, length);
            count += length;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
