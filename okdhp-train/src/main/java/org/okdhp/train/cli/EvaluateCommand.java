package org.okdhp.train.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code okdhp evaluate}: score saved predictions with the paper's protocols. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Score predictions: COCO keypoint AP (pycocotools semantics) or MPII PCKh (HRNet protocol).",
        subcommands = {EvaluateCocoCommand.class, EvaluateMpiiCommand.class})
public final class EvaluateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
