package org.okdhp.train.cli;

import java.util.List;
import org.okdhp.core.fau.FauVariant;
import org.okdhp.core.model.OkdhpArchitecture;
import picocli.CommandLine.Option;

/** The network-shape options shared by commands that build an OKDHP network from flags. */
final class ArchitectureOptions {

    @Option(names = "--features", defaultValue = "256", description = "feature width F (default ${DEFAULT-VALUE})")
    int features;

    @Option(names = "--joints", defaultValue = "16", description = "joints J (default ${DEFAULT-VALUE})")
    int joints;

    @Option(names = "--shared", defaultValue = "2", description = "shared stacks S (default ${DEFAULT-VALUE})")
    int shared;

    @Option(names = "--branches", defaultValue = "2,2,2", split = ",",
            description = "stacks per branch (default ${DEFAULT-VALUE})")
    List<Integer> branches;

    @Option(names = "--depth", defaultValue = "4", description = "hourglass depth (default ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--fau", defaultValue = "released", description = "released or paper (default ${DEFAULT-VALUE})")
    FauVariant fau;

    OkdhpArchitecture architecture() {
        return new OkdhpArchitecture(features, joints, shared, branches, depth, fau);
    }
}
