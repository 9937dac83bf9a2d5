package org.okdhp.train.export;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.data.image.RgbImage;
import org.okdhp.data.transform.CropBox;
import org.okdhp.train.predict.Joints;
import org.okdhp.train.predict.PoseCodec;
import org.okdhp.train.predict.PosePrediction;
import org.okdhp.data.heatmap.HeatmapDecoding;
import org.okdhp.train.predict.DjlHeatmapPredictor;
import org.okdhp.train.predict.HeatmapPredictor;
import org.okdhp.train.predict.InferenceEngine;
import org.okdhp.train.predict.OnnxHeatmapPredictor;
import org.okdhp.train.predict.PoseTranslator;

/**
 * An exported pose model, loaded from its folder ({@link BestBranchExporter} writes it): the
 * pruned stacked hourglass with its weights, and the metadata that says how to feed it.
 * Owns the network's arrays; close it when done.
 */
public final class PoseModel implements AutoCloseable {

    /** The network's parameters as DJL's {@code Block.saveParameters} stream. */
    public static final String PARAMETERS_FILE = "model.params";
    /** The same weights as a PyTorch state_dict under pytorch-pose {@code HourglassNet} names. */
    public static final String HOURGLASS_NPZ_FILE = "hourglass.npz";
    public static final String METADATA_FILE = "metadata.json";
    public static final String README_FILE = "README.md";
    /** The deployed prediction as an ONNX model (opset 17), with {@link #METADATA_FILE}'s text in its metadata_props. */
    public static final String ONNX_FILE = "model.onnx";
    /** The metadata_props key of {@link #ONNX_FILE} that holds {@link #METADATA_FILE}'s text. */
    public static final String ONNX_METADATA_KEY = METADATA_FILE;
    /** Every file okdhp writes into a model folder or checks there. */
    public static final List<String> FILES = List.of(PARAMETERS_FILE, HOURGLASS_NPZ_FILE, METADATA_FILE, README_FILE,
            ONNX_FILE, ModelDigests.FILE);

    private final ModelMetadata metadata;
    private final PoseCodec codec;
    private final NDManager manager;
    private final OkdhpNetwork network;
    private final HeatmapPredictor predictor;

    private PoseModel(ModelMetadata metadata, NDManager manager, OkdhpNetwork network, HeatmapPredictor predictor) {
        this.metadata = metadata;
        this.codec = metadata.codec();
        this.manager = manager;
        this.network = network;
        this.predictor = predictor;
    }

    /**
     * Checks every file against {@code SHA256SUMS}, reads {@code metadata.json}, builds the network
     * it describes and loads {@code model.params}.
     *
     * @throws IOException naming the folder or file: missing, unreadable, changed since export, or
     *     weights that do not fit the network the metadata describes
     */
    public static PoseModel load(Path folder) throws IOException {
        return load(folder, InferenceEngine.DJL, 0);
    }

    /**
     * The same, predicting with {@code engine}: DJL on {@code model.params}, or ONNX Runtime on
     * {@code model.onnx} with {@code threads} intra-op threads (0: one per core).
     */
    public static PoseModel load(Path folder, InferenceEngine engine, int threads) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "no exported model folder");
        }
        if (!Files.isRegularFile(folder.resolve(METADATA_FILE))) {
            throw new NoSuchFileException(folder.resolve(METADATA_FILE).toString(), null, "no model metadata");
        }
        Path parameters = folder.resolve(PARAMETERS_FILE);
        if (!Files.isRegularFile(parameters)) {
            throw new NoSuchFileException(parameters.toString(), null, "no model parameters");
        }
        ModelDigests.verify(folder, List.of(PARAMETERS_FILE, METADATA_FILE, HOURGLASS_NPZ_FILE, ONNX_FILE));
        ModelMetadata metadata = ModelMetadata.read(folder.resolve(METADATA_FILE));
        NDManager manager = NDManager.newBaseManager();
        try {
            OkdhpArchitecture architecture = metadata.architecture();
            OkdhpNetwork network = OkdhpNetwork.of(architecture);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 3, metadata.input().height(), metadata.input().width()));
            loadParameters(network, manager, parameters);
            return new PoseModel(metadata, manager, network, predictor(engine, network, metadata, manager, folder, threads));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static HeatmapPredictor predictor(InferenceEngine engine, OkdhpNetwork network, ModelMetadata metadata,
            NDManager manager, Path folder, int threads) throws IOException {
        if (engine == InferenceEngine.DJL) {
            return DjlHeatmapPredictor.of(network, metadata.input().height(), metadata.input().width(), manager);
        }
        try {
            return new OnnxHeatmapPredictor(folder.resolve(ONNX_FILE), threads);
        } catch (NoClassDefFoundError e) {
            throw new IOException("predicting with ONNX needs ONNX Runtime on the class path"
                    + " (com.microsoft.onnxruntime:onnxruntime, an optional dependency of okdhp-train)", e);
        }
    }

    /**
     * Loads the parameter stream and checks it against the network built from the metadata. DJL
     * reads parameters by position and takes whatever shape the file holds, so a file of another
     * architecture is caught here: by a parameter's shape, a short file, or bytes left over.
     */
    private static void loadParameters(OkdhpNetwork network, NDManager manager, Path file) throws IOException {
        Map<String, Shape> expected = shapes(network);
        String mismatch = " (does it belong to another network than " + METADATA_FILE + " describes?)";
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            network.loadParameters(manager, in);
            if (in.read() != -1) {
                throw new IOException(file + ": holds more than the parameters of the network" + mismatch);
            }
        } catch (EOFException e) {
            throw new IOException(file + ": ends before every parameter was read: truncated" + mismatch, e);
        } catch (MalformedModelException | RuntimeException e) {
            throw new IOException(file + ": not a parameter file of this network: " + e.getMessage() + mismatch, e);
        }
        Map<String, Shape> loaded = shapes(network);
        for (var entry : expected.entrySet()) {
            Shape actual = loaded.get(entry.getKey());
            if (!entry.getValue().equals(actual)) {
                throw new IOException(file + ": parameter " + entry.getKey() + " has shape " + actual
                        + " but the network needs " + entry.getValue() + mismatch);
            }
        }
    }

    private static Map<String, Shape> shapes(OkdhpNetwork network) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : network.getParameters()) {
            NDArray array = parameter.getValue().getArray();
            shapes.put(parameter.getKey(), array.getShape());
        }
        return shapes;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** The pruned network, initialised with the exported weights; set it as a DJL {@code Model}'s block. */
    public OkdhpNetwork network() {
        return network;
    }

    /**
     * The deployed prediction's heatmaps [N, J, h, w] of normalised crops [N, 3, H, W], by the
     * engine the model was loaded with; in the crops' manager.
     */
    public NDArray heatmaps(NDArray crops) {
        return predictor.heatmaps(crops);
    }

    /** A translator for DJL's {@code Predictor} over {@link #network()}; see {@link PoseTranslator}. */
    public PoseTranslator translator(boolean flipTest) {
        return new PoseTranslator(codec, flipTest);
    }

    /**
     * Predicts one person per box: crop, normalise, forward in inference mode, the last stack's
     * heatmaps (averaged with the mirrored crop's under the flip test), decoded to image px.
     *
     * @param boxes crops in image px, scale = box width / 200; see {@code PersonRegion} to make
     *     them from a bounding box
     */
    public List<PosePrediction> predict(RgbImage image, List<CropBox> boxes, boolean flipTest) {
        return predict(image, boxes, flipTest, codec.heatmaps().decoding());
    }

    /** The same, placing joints between heatmap cells as {@code decoding} says (DARK, or the quarter shift). */
    public List<PosePrediction> predict(RgbImage image, List<CropBox> boxes, boolean flipTest,
            HeatmapDecoding decoding) {
        if (boxes.isEmpty()) {
            return List.of();
        }
        PoseCodec decoder = new PoseCodec(codec.jointSet(), codec.heatmaps().withDecoding(decoding),
                codec.normalization());
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = codec.inputs(scope, image, boxes, flipTest);
            NDArray last = predictor.heatmaps(input);
            List<Joints> people = decoder.decode(last, boxes, flipTest);
            List<PosePrediction> predictions = new ArrayList<>(boxes.size());
            for (int i = 0; i < boxes.size(); i++) {
                predictions.add(new PosePrediction(boxes.get(i), people.get(i)));
            }
            return predictions;
        }
    }

    @Override
    public void close() {
        predictor.close();
        manager.close();
    }
}
