package org.okdhp.train.cli;

import java.util.List;
import org.okdhp.core.fau.FauVariant;
import org.okdhp.core.model.Backbone;
import org.okdhp.core.model.OkdhpArchitecture;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The network-shape options shared by commands that build an OKDHP network from flags; each
 * defaults to {@link OkdhpArchitecture#PAPER}'s value.
 */
final class ArchitectureOptions {

    private static final OkdhpArchitecture PAPER = OkdhpArchitecture.PAPER;
    /** A student's default: three branches of one head, as the paper's K = 3. */
    private static final List<Integer> STUDENT_BRANCHES = List.of(1, 1, 1);

    @Option(names = "--features", description = "feature width F (default ${DEFAULT-VALUE})")
    int features = PAPER.features();

    @Option(names = "--joints", description = "joints J (default ${DEFAULT-VALUE})")
    int joints = PAPER.joints();

    @Option(names = "--backbone", description = "hourglass, resnet18, resnet34, resnet50 or mobilenetv2"
            + " (default ${DEFAULT-VALUE}); a student has --branches 1,1,... (one head each) and nothing shared",
            converter = BackboneConverter.class)
    Backbone backbone = Backbone.HOURGLASS;

    @Option(names = "--shared", description = "shared stacks S (default 2 for the hourglass, 0 for a student)")
    Integer shared;

    @Option(names = "--branches", split = ",",
            description = "stacks per branch (default 2,2,2 for the hourglass, 1,1,1 for a student)")
    List<Integer> branches;

    @Option(names = "--depth", description = "hourglass depth (default ${DEFAULT-VALUE})")
    int depth = PAPER.hourglassDepth();

    @Option(names = "--fau", description = "released or paper (default ${DEFAULT-VALUE})")
    FauVariant fau = PAPER.fau();

    OkdhpArchitecture architecture() {
        boolean student = backbone.isStudent();
        int sharedStacks = shared != null ? shared : student ? 0 : PAPER.sharedStacks();
        List<Integer> stacks = branches != null ? branches : student ? STUDENT_BRANCHES : PAPER.branches();
        return new OkdhpArchitecture(features, joints, sharedStacks, stacks, depth, fau, backbone);
    }

    /** Parses a backbone name as the configuration does. */
    static final class BackboneConverter implements ITypeConverter<Backbone> {
        @Override
        public Backbone convert(String value) {
            return Backbone.parse(value);
        }
    }
}
