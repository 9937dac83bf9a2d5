package org.okdhp.core.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a network's branches share: the stacked hourglass's stem and stacks (the paper's network), or
 * an ImageNet backbone of a light student (method doc section 9), whose K branches are one
 * SimpleBaseline head each.
 */
public enum Backbone {
    /** The stacked hourglass: stem, shared stacks, branches of stacks. */
    HOURGLASS,
    /** torchvision's resnet18: BasicBlocks [2, 2, 2, 2], 512 channels. */
    RESNET18,
    /** torchvision's resnet34: BasicBlocks [3, 4, 6, 3], 512 channels. */
    RESNET34,
    /** torchvision's resnet50: Bottlenecks [3, 4, 6, 3], 2048 channels. */
    RESNET50,
    /** torchvision's mobilenet_v2, width 1.0: 1280 channels. */
    MOBILENETV2;

    /** Whether this is a light student's backbone rather than the hourglass. */
    public boolean isStudent() {
        return this != HOURGLASS;
    }

    /** Parses the configuration name ({@code hourglass}, {@code resnet18} ...), in any case. */
    public static Backbone parse(String text) {
        return Arrays.stream(values()).filter(b -> b.toString().equals(text.trim().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown backbone '" + text
                        + "': expected one of " + Arrays.toString(values())));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
