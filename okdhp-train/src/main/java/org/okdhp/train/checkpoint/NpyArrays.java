package org.okdhp.train.checkpoint;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.okdhp.train.tensor.HostTensor;

/**
 * Float32 tensors in NumPy's {@code .npy} format (version 1.0, little-endian {@code <f4}, C
 * order): the per-array encoding inside the checkpoint's npz-style payload, so that Python can
 * read the arrays with {@code numpy.load}. Only what {@link #write} produces is read back.
 */
final class NpyArrays {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAJOR_VERSION = 1;
    /** The header (magic, version, length, dict) is padded to a multiple of this, as NumPy does. */
    private static final int HEADER_ALIGNMENT = 64;
    /** magic (6) + version (2) + header length (2). */
    private static final int PREAMBLE_BYTES = 10;
    private static final int FLOATS_PER_CHUNK = 1 << 16;
    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '<f4', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), \\}\\s*");

    private NpyArrays() {}

    static void write(HostTensor tensor, OutputStream out) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeTuple(tensor.shape()) + ", }";
        int unpadded = PREAMBLE_BYTES + dict.length() + 1; // + the closing newline
        int padding = (HEADER_ALIGNMENT - unpadded % HEADER_ALIGNMENT) % HEADER_ALIGNMENT;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer preamble = ByteBuffer.allocate(PREAMBLE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        preamble.put(MAGIC).put((byte) MAJOR_VERSION).put((byte) 0).putShort((short) header.length());
        out.write(preamble.array());
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        float[] data = tensor.data();
        ByteBuffer chunk = ByteBuffer.allocate(Float.BYTES * Math.min(FLOATS_PER_CHUNK, Math.max(1, data.length)))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < data.length; start += FLOATS_PER_CHUNK) {
            int count = Math.min(FLOATS_PER_CHUNK, data.length - start);
            chunk.clear();
            chunk.asFloatBuffer().put(data, start, count);
            out.write(chunk.array(), 0, count * Float.BYTES);
        }
    }

    static HostTensor read(InputStream in, String entryName) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] preamble = new byte[PREAMBLE_BYTES];
        data.readFully(preamble);
        if (!Arrays.equals(Arrays.copyOf(preamble, MAGIC.length), MAGIC) || preamble[6] != MAJOR_VERSION) {
            throw new IOException("entry " + entryName + " is not a version 1 .npy array");
        }
        int headerLength = ByteBuffer.wrap(preamble, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        byte[] header = new byte[headerLength];
        data.readFully(header);
        Matcher matcher = HEADER.matcher(new String(header, StandardCharsets.US_ASCII));
        if (!matcher.matches()) {
            throw new IOException("entry " + entryName + " is not a little-endian float32 C-order array");
        }
        long[] shape = parseShape(matcher.group(1));
        long count = Arrays.stream(shape).reduce(1L, Math::multiplyExact);
        float[] values = new float[Math.toIntExact(count)];
        ByteBuffer chunk = ByteBuffer.allocate(Float.BYTES * Math.min(FLOATS_PER_CHUNK, Math.max(1, values.length)))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < values.length; start += FLOATS_PER_CHUNK) {
            int n = Math.min(FLOATS_PER_CHUNK, values.length - start);
            data.readFully(chunk.array(), 0, n * Float.BYTES);
            chunk.clear();
            chunk.asFloatBuffer().get(values, start, n);
        }
        return new HostTensor(shape, values);
    }

    /** Python's tuple syntax: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    private static String shapeTuple(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return tuple.append(')').toString();
    }

    private static long[] parseShape(String tuple) {
        return Arrays.stream(tuple.split(","))
                .map(String::trim).filter(dim -> !dim.isEmpty()).mapToLong(Long::parseLong).toArray();
    }
}
