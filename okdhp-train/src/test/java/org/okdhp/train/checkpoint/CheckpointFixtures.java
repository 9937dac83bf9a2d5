package org.okdhp.train.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.okdhp.train.optim.AdamState;
import org.okdhp.train.tensor.HostTensor;

/** Small checkpoints whose values exercise every float corner case. */
final class CheckpointFixtures {

    private CheckpointFixtures() {}

    static Checkpoint sample(int completedEpochs) {
        Map<String, HostTensor> model = new LinkedHashMap<>();
        model.put("stem.conv1.weight", new HostTensor(new long[] {3, 1, 2, 2}, new float[] {
                0.5f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc00123), 1e-38f, 3.14159265f, -2.5e-7f, completedEpochs}));
        model.put("branch/0.bn.running_var", new HostTensor(new long[] {3}, new float[] {1f, 0.25f, 7f}));
        model.put("scalar", new HostTensor(new long[0], new float[] {42f}));
        Map<String, AdamState.ParameterMoments> moments = new LinkedHashMap<>();
        moments.put("stem.conv1.weight", new AdamState.ParameterMoments(1234,
                new HostTensor(new long[] {2, 2}, new float[] {1e-3f, -2e-3f, 0f, 5f}),
                new HostTensor(new long[] {2, 2}, new float[] {1e-6f, 4e-6f, 0f, 25f})));
        return new Checkpoint(completedEpochs, 1234L * completedEpochs, 2.5e-4 * 0.1, Math.exp(-2.0),
                "{\"model\":{\"features\":256},\"note\":\"ünïcödé\"}", OptionalDouble.of(0.8912345678901234),
                model, new AdamState(moments), Optional.of("0f3c2a1e-8d4b-4c6e-9a7f-1b2c3d4e5f60"));
    }
}
