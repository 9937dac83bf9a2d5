package org.okdhp.train.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.okdhp.train.tensor.HostTensor;

/**
 * Everything Adam remembers between steps, copied to the host: what a checkpoint must hold to
 * resume bit for bit (DJL's own Adam keeps this private and {@code Model.save} drops it).
 *
 * @param parameters per parameter name (insertion order kept), its step count and moments
 */
public record AdamState(Map<String, ParameterMoments> parameters) {

    public AdamState {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * One parameter's state, as in torch's {@code optimizer.state[p]}.
     *
     * @param step how many updates this parameter has received (drives the bias corrections)
     * @param firstMoment running average of gradients ({@code exp_avg})
     * @param secondMoment running average of squared gradients ({@code exp_avg_sq})
     */
    public record ParameterMoments(long step, HostTensor firstMoment, HostTensor secondMoment) {

        public ParameterMoments {
            if (step < 1) {
                throw new IllegalArgumentException("a stored Adam state has taken at least one step, got " + step);
            }
            if (!java.util.Arrays.equals(firstMoment.shape(), secondMoment.shape())) {
                throw new IllegalArgumentException("first and second moments differ in shape: "
                        + firstMoment + " vs " + secondMoment);
            }
        }
    }
}
