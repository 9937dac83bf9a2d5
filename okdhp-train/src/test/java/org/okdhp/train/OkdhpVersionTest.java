package org.okdhp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OkdhpVersionTest {

    @Test
    void theBuildFillsInTheVersion() {
        String version = OkdhpVersion.current();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), "filtered from the pom: " + version);
        assertArrayEquals(new String[] {"okdhp " + version}, new OkdhpVersion().getVersion());
    }
}
