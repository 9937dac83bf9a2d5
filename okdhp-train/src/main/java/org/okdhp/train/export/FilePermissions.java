package org.okdhp.train.export;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Gives a folder built with {@code Files.createTempDirectory} (owner-only, rwx------) the modes
 * of a folder the user made: rwxr-xr-x, files rw-r--r--, so that an exported model can be shared.
 * File systems without POSIX permissions are left alone.
 */
final class FilePermissions {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");

    private FilePermissions() {
    }

    static void shareReadable(Path folder) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Files.setPosixFilePermissions(folder, FOLDER);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, Files.isDirectory(file) ? FOLDER : FILE);
            }
        }
    }
}
