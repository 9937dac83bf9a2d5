package org.okdhp.core.prune;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.OkdhpNetwork;

/**
 * Cuts a trained multi-branch network down to one branch: the stem, the shared stacks and that
 * branch's stacks, as a standalone plain (S + n_b)-stack hourglass whose output equals the
 * branch's final heatmap; for a light student, the backbone and that branch's head. Weights and BN running statistics are copied, the rest is dropped.
 */
public final class BranchPruner {

    private BranchPruner() {}

    /**
     * @param trained an initialised network
     * @param branch the branch to keep, 0-based
     * @param manager where the pruned network's arrays live
     */
    public static OkdhpNetwork prune(OkdhpNetwork trained, int branch, NDManager manager) {
        OkdhpArchitecture source = trained.architecture();
        if (branch < 0 || branch >= source.branchCount()) {
            throw new IllegalArgumentException(
                    "branch " + branch + " does not exist: the network has " + source.branchCount() + " branches");
        }
        if (!trained.isInitialized()) {
            throw new IllegalStateException("prune a trained (initialised) network");
        }
        OkdhpArchitecture target = source.prunedTo(branch);
        OkdhpNetwork pruned = OkdhpNetwork.of(target, trained.layout());
        int side = target.inputDivisor();
        pruned.initialize(manager, DataType.FLOAT32, new Shape(1, 3, side, side));
        Map<String, Parameter> from = trained.deployedParameters(branch).asMap();
        Map<String, Parameter> to = pruned.deployedParameters().asMap();
        if (!from.keySet().equals(to.keySet())) {
            throw new IllegalStateException("pruned layout differs from branch " + branch + "'s chain");
        }
        to.forEach((name, parameter) -> from.get(name).getArray().copyTo(parameter.getArray()));
        return pruned;
    }
}
