package org.okdhp.train.checkpoint;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The integrity frame around a checkpoint's payload (layout in {@link CheckpointFile}): magic and
 * format version in front; payload length, SHA-256 and an end marker behind, so that writing is
 * strictly sequential and a reader can tell a truncated, corrupted or foreign file apart.
 */
final class CheckpointFrame {

    static final int FORMAT_VERSION = 1;
    static final byte[] MAGIC = "OKDHPCKP".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END_MARKER = "OKDHPEND".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length + Integer.BYTES;
    static final int DIGEST_BYTES = 32;
    static final int TRAILER_BYTES = Long.BYTES + DIGEST_BYTES + END_MARKER.length;
    private static final int READ_BUFFER_BYTES = 1 << 20;

    private CheckpointFrame() {}

    /** Writes the header; the payload then goes through the returned stream. */
    static PayloadStream begin(OutputStream out) throws IOException {
        out.write(ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(FORMAT_VERSION).array());
        return new PayloadStream(out);
    }

    /** Writes the trailer after the payload and flushes (the underlying stream stays open). */
    static void end(PayloadStream payload) throws IOException {
        payload.out().write(ByteBuffer.allocate(TRAILER_BYTES)
                .putLong(payload.count).put(payload.digest.digest()).put(END_MARKER).array());
        payload.out().flush();
    }

    /** Verifies the whole frame and the payload's digest before anything is parsed. */
    static void verify(Path file, FileChannel channel) throws IOException {
        verifyDigest(file, channel, verifyFrame(file, channel));
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

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (position + buffer.position()));
            }
        }
        return buffer.flip();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** Counts and digests the payload bytes on their way to the file, without closing it. */
    static final class PayloadStream extends FilterOutputStream {
        final MessageDigest digest = sha256();
        long count;

        PayloadStream(OutputStream out) {
            super(out);
        }

        OutputStream out() {
            return out;
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
