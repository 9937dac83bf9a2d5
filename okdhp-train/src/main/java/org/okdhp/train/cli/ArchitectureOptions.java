package org.okdhp.train.cli;

import java.util.ArrayList;
import java.util.List;
import org.okdhp.core.fau.FauVariant;
import org.okdhp.core.model.OkdhpArchitecture;
import picocli.CommandLine.Option;

/**
 * The network-shape options shared by commands that build an OKDHP network from flags; each
 * defaults to {@link OkdhpArchitecture#PAPER}'s value.
 */
final class ArchitectureOptions {

    private static final OkdhpArchitecture PAPER = OkdhpArchitecture.PAPER;

    @Option(names = "--features", description = "feature width F (default ${DEFAULT-VALUE})")
    int features = PAPER.features();

    @Option(names = "--joints", description = "joints J (default ${DEFAULT-VALUE})")
    int joints = PAPER.joints();

    @Option(names = "--shared", description = "shared stacks S (default ${DEFAULT-VALUE})")
    int shared = PAPER.sharedStacks();

    @Option(names = "--branches", split = ",", description = "stacks per branch (default ${DEFAULT-VALUE})")
    List<Integer> branches = new ArrayList<>(PAPER.branches());

    @Option(names = "--depth", description = "hourglass depth (default ${DEFAULT-VALUE})")
    int depth = PAPER.hourglassDepth();

    @Option(names = "--fau", description = "released or paper (default ${DEFAULT-VALUE})")
    FauVariant fau = PAPER.fau();

    OkdhpArchitecture architecture() {
        return new OkdhpArchitecture(features, joints, shared, branches, depth, fau);
    }
}
