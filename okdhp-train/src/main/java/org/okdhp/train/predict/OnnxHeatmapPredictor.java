package org.okdhp.train.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.okdhp.core.model.OkdhpNetwork;

/** ONNX Runtime (CPU, every graph optimisation) on a model folder's {@code model.onnx}. */
public final class OnnxHeatmapPredictor implements HeatmapPredictor {

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Path file;

    /**
     * @param intraOpThreads ONNX Runtime's threads within an operator; 0 lets it choose (one per core)
     * @throws IOException naming the file when it is missing or ONNX Runtime cannot load it
     */
    public OnnxHeatmapPredictor(Path file, int intraOpThreads) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no ONNX model (export the run again to get one)");
        }
        this.file = file;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            session = environment.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new IOException(file + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
    }

    @Override
    public NDArray heatmaps(NDArray crops) {
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(crops.toFloatArray()),
                crops.getShape().getShape());
                OrtSession.Result result = session.run(Map.of(OkdhpNetwork.ONNX_INPUT, input))) {
            OnnxTensor heatmaps = (OnnxTensor) result.get(OkdhpNetwork.ONNX_OUTPUT).orElseThrow(
                    () -> new IllegalStateException(file + ": has no output '" + OkdhpNetwork.ONNX_OUTPUT + "'"));
            return crops.getManager().create(heatmaps.getFloatBuffer(), new Shape(heatmaps.getInfo().getShape()));
        } catch (OrtException e) {
            throw new UncheckedIOException(new IOException(file + ": ONNX Runtime failed: " + e.getMessage(), e));
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session of " + file, e);
        }
    }
}
