package org.okdhp.train.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code SHA256SUMS} of a model folder: the SHA-256 of every file okdhp wrote there, in the format
 * {@code sha256sum -c} checks ("{@code <64 hex digits>  <file name>}"). A flipped byte in the
 * weights otherwise gives other joints with no error, since DJL reads parameters by position.
 */
public final class ModelDigests {

    public static final String FILE = "SHA256SUMS";
    private static final String SEPARATOR = "  ";
    private static final int HEX_DIGITS = 64;

    private ModelDigests() {
    }

    /** Lists every regular file of {@code folder} (but this list) with its digest. */
    static void write(Path folder) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.equals(FILE)) {
                    text.append(sha256(file)).append(SEPARATOR).append(name).append('\n');
                }
            }
        }
        Files.writeString(folder.resolve(FILE), text, StandardCharsets.UTF_8);
    }

    /**
     * Checks every listed file, and that {@code required} files are listed (so that deleting a
     * line cannot skip one).
     *
     * @throws IOException naming the file whose bytes are not the exported ones, or the list when it is missing or malformed
     */
    static void verify(Path folder, List<String> required) throws IOException {
        Path list = folder.resolve(FILE);
        if (!Files.isRegularFile(list)) {
            throw new NoSuchFileException(list.toString(), null,
                    "no digests of the model files, so their integrity cannot be checked (export the model again)");
        }
        Map<String, String> expected = read(list);
        for (String name : required) {
            if (Files.exists(folder.resolve(name)) && !expected.containsKey(name)) {
                throw new IOException(list + ": does not list " + name + ", so its integrity cannot be checked");
            }
        }
        for (var entry : expected.entrySet()) {
            Path file = folder.resolve(entry.getKey());
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "listed in " + FILE + " but missing");
            }
            String actual = sha256(file);
            if (!actual.equals(entry.getValue())) {
                throw new IOException(file + ": SHA-256 " + actual + " differs from " + entry.getValue() + " in " + FILE
                        + ": the file was changed or damaged after export");
            }
        }
    }

    private static Map<String, String> read(Path list) throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int split = line.indexOf(SEPARATOR);
            String digest = split < 0 ? "" : line.substring(0, split);
            String name = split < 0 ? "" : line.substring(split + SEPARATOR.length());
            if (digest.length() != HEX_DIGITS || !digest.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                    || name.isEmpty() || name.contains("/")) {
                throw new IOException(list + " line " + (i + 1) + ": expected '<64 hex digits>  <file name>', got '"
                        + line + "'");
            }
            digests.put(name, digest.toLowerCase());
        }
        return digests;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
