package org.okdhp.train.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The named configurations shipped as resources under {@code presets/NAME.yaml}. */
public final class Presets {

    private static final List<String> NAMES =
            List.of("mpii-hg2", "mpii-hg4", "mpii-hg8", "mpii-hg4-unbalanced", "coco-hg4", "coco-custom", "demo",
                    "coco-res50", "coco-mbv2", "mpii-mbv2", "demo-mbv2");

    private Presets() {}

    public static List<String> names() {
        return NAMES;
    }

    static JsonNode read(String name) {
        String resource = "/presets/" + name + ".yaml";
        try (InputStream in = Presets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("preset resource " + resource + " is missing from the build");
            }
            return ConfigLoader.parse(ConfigMapper.YAML, in, "preset " + name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read preset resource " + resource, e);
        }
    }
}
