package org.okdhp.core;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The read-only ../shared folder beside the repo; tests that need it skip with a message when it is absent. */
public final class SharedFiles {

    private SharedFiles() {}

    /** A file under ../shared, or a skipped test when it is not there. */
    public static Path require(String relative) {
        String root = System.getProperty("okdhp.shared", "../shared");
        Path path = Path.of(root).resolve(relative).normalize();
        Assumptions.assumeTrue(Files.exists(path), "shared file " + path + " is absent, skipping");
        return path;
    }
}
