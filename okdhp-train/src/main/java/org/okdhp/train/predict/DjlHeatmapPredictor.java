package org.okdhp.train.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.okdhp.core.model.ActivationLayout;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.onnx.OnnxProgram;

/**
 * okdhp's own network (DJL, libtorch) in inference: the deployed prediction, the last stack's
 * heatmaps. The pruned network is rebuilt for inference once, here: its deployed graph (the one
 * {@code model.onnx} holds, batch norms folded into the convolutions before them) run by libtorch
 * in the layout that is fastest on the device ({@link OnnxProgram}).
 */
public final class DjlHeatmapPredictor implements HeatmapPredictor {

    private final OnnxProgram program;

    private DjlHeatmapPredictor(OnnxProgram program) {
        this.program = program;
    }

    /**
     * The deployed branch 0 of {@code network} (a pruned network has only that one) for inputs of
     * height x width px; its folded weights live in {@code manager} until {@link #close}.
     */
    public static DjlHeatmapPredictor of(OkdhpNetwork network, long height, long width, NDManager manager) {
        var graph = network.toOnnx(0, height, width, "inference", Map.of());
        return new DjlHeatmapPredictor(OnnxProgram.of(graph, manager, ActivationLayout.AUTO));
    }

    @Override
    public NDArray heatmaps(NDArray crops) {
        return program.run(crops);
    }

    @Override
    public void close() {
        program.close();
    }
}
