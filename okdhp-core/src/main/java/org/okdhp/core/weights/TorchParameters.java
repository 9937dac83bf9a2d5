package org.okdhp.core.weights;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An ordered map from PyTorch state_dict names to the DJL parameters behind them. */
public final class TorchParameters {

    /** The suffix of the BN counters PyTorch keeps; DJL has no such array. */
    public static final String BATCHES_TRACKED = ".num_batches_tracked";

    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    /** Lists the parameters of a named block tree under {@code prefix}. */
    public static TorchParameters of(TorchNamed block, String prefix) {
        TorchParameters parameters = new TorchParameters();
        block.collectTorchParameters(prefix, parameters);
        return parameters;
    }

    public Map<String, Parameter> asMap() {
        return Collections.unmodifiableMap(byName);
    }

    /** The names of the BatchNorm layers, whose PyTorch counterparts carry a num_batches_tracked. */
    public java.util.List<String> batchNormPrefixes() {
        return byName.keySet().stream()
                .filter(n -> n.endsWith(".running_mean"))
                .map(n -> n.substring(0, n.length() - ".running_mean".length()))
                .toList();
    }

    /** A convolution's weight, and its bias when it has one. */
    public TorchParameters conv(String name, Conv2d conv) {
        return conv.getParameters().contains("bias") ? weightAndBias(name, conv) : weight(name, conv);
    }

    /** A lone weight (a layer without bias, such as a transposed convolution's [in, out, kh, kw]). */
    public TorchParameters weight(String name, Parameter weight) {
        put(name + ".weight", weight);
        return this;
    }

    public TorchParameters linear(String name, Linear linear) {
        return weightAndBias(name, linear);
    }

    public TorchParameters bn(String name, BatchNorm bn) {
        var p = bn.getParameters();
        put(name + ".weight", p.get("gamma"));
        put(name + ".bias", p.get("beta"));
        put(name + ".running_mean", p.get("runningMean"));
        put(name + ".running_var", p.get("runningVar"));
        return this;
    }

    /** A child that names its own parameters, under {@code name}. */
    public TorchParameters child(String name, TorchNamed block) {
        block.collectTorchParameters(name, this);
        return this;
    }

    private TorchParameters weight(String name, Block block) {
        return weight(name, block.getParameters().get("weight"));
    }

    private TorchParameters weightAndBias(String name, Block block) {
        var p = block.getParameters();
        put(name + ".weight", p.get("weight"));
        put(name + ".bias", p.get("bias"));
        return this;
    }

    private void put(String name, Parameter parameter) {
        if (parameter == null) {
            throw new IllegalStateException("block for '" + name + "' has no such parameter");
        }
        if (byName.putIfAbsent(name, parameter) != null) {
            throw new IllegalStateException("two parameters named '" + name + "'");
        }
    }

    /** Joins name segments with '.', skipping an empty prefix. */
    public static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
