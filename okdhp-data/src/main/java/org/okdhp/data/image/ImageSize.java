package org.okdhp.data.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A size in pixels, written {@code HEIGHTxWIDTH} in configurations ("256x192" is COCO's 256 high
 * by 192 wide, the convention of the pose literature).
 */
public record ImageSize(int height, int width) {

    public ImageSize {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("a size needs positive height and width, got " + height + "x" + width);
        }
    }

    public static ImageSize square(int side) {
        return new ImageSize(side, side);
    }

    /** Parses {@code HEIGHTxWIDTH}, e.g. {@code 256x192}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ImageSize parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected HEIGHTxWIDTH such as 256x192, got \"" + text + "\"");
        }
        try {
            return new ImageSize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected HEIGHTxWIDTH such as 256x192, got \"" + text + "\"", e);
        }
    }

    public ImageSize dividedBy(int factor) {
        return new ImageSize(height / factor, width / factor);
    }

    @JsonValue
    @Override
    public String toString() {
        return height + "x" + width;
    }
}
