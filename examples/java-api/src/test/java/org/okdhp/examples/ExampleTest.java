package org.okdhp.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.train.predict.Joint;
import org.okdhp.train.predict.Joints;

/** Runs the example as a user would, so it breaks the build when the public API changes under it. */
class ExampleTest {

    @TempDir
    Path work;

    @Test
    void trainsExportsAndPredictsSixteenJointsInsideTheImage() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Joints joints = Example.run(work, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(16, joints.size(), "MPII's 16 joints");
        for (Joint joint : joints.joints()) {
            // The 48 px box padded by 1.25 is a 60 px crop around (32, 32): 2 .. 62 inside the 64 px image.
            assertTrue(Float.isFinite(joint.x()) && joint.x() >= 2 && joint.x() <= 62, joint.toString());
            assertTrue(Float.isFinite(joint.y()) && joint.y() >= 2 && joint.y() <= 62, joint.toString());
            assertTrue(Float.isFinite(joint.score()), joint.toString());
        }
        Path model = work.resolve("run/best-branch");
        for (String file : new String[] {"model.params", "hourglass.npz", "metadata.json"}) {
            assertTrue(Files.isRegularFile(model.resolve(file)), file + " exported");
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("branches [1, 1, 1]") && output.contains("4 steps; branch "), output);
        assertTrue(output.contains("exported as a plain 2-stack hourglass"), output);
        assertEquals(16, output.lines().filter(line -> line.matches("  [a-z_]+ +-?[\\d.]+ +-?[\\d.]+ +-?[\\d.]+")).count(), output);
    }
}
