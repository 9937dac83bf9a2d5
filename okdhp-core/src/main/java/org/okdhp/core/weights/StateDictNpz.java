package org.okdhp.core.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * PyTorch state_dicts saved as NumPy {@code .npz} (one array per state_dict key), read into and
 * written from a network's {@link TorchParameters}. In Python:
 * {@code np.savez(path, **{k: v.cpu().numpy() for k, v in torch.load(pth)["state_dict"].items()})}.
 */
public final class StateDictNpz {

    private static final NDIndex WHOLE_ARRAY = new NDIndex("...");

    private StateDictNpz() {}

    /** Every array of an .npz file by name, attached to {@code manager}. */
    public static Map<String, NDArray> read(Path file, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        NDList list;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            list = NDList.decode(manager, in);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a readable .npz file (" + e.getMessage() + ")", e);
        }
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray array : list) {
            byName.put(array.getName(), array);
        }
        return byName;
    }

    /**
     * Copies named arrays into the parameters. Every parameter must be present with its exact
     * shape; {@code *.num_batches_tracked} counters are ignored. Keys that name no parameter are an
     * error unless {@code ignoreUnexpected}.
     *
     * @throws IllegalArgumentException listing every missing, unexpected and mis-shaped key
     */
    public static void load(TorchParameters into, Map<String, NDArray> arrays, boolean ignoreUnexpected, String source) {
        Map<String, Parameter> params = into.asMap();
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        for (var entry : params.entrySet()) {
            NDArray array = arrays.get(entry.getKey());
            if (array == null) {
                missing.add(entry.getKey());
            } else if (!array.getShape().equals(entry.getValue().getArray().getShape())) {
                misShaped.add(entry.getKey() + " " + array.getShape() + " (network expects "
                        + entry.getValue().getArray().getShape() + ")");
            }
        }
        List<String> unexpected = ignoreUnexpected ? List.of() : arrays.keySet().stream()
                .filter(k -> !params.containsKey(k) && !k.endsWith(TorchParameters.BATCHES_TRACKED))
                .toList();
        if (!missing.isEmpty() || !misShaped.isEmpty() || !unexpected.isEmpty()) {
            StringBuilder message = new StringBuilder(source + ": state_dict does not fit the network");
            describe(message, "missing", missing);
            describe(message, "unexpected", unexpected);
            describe(message, "wrong shape", misShaped);
            throw new IllegalArgumentException(message.toString());
        }
        for (var entry : params.entrySet()) {
            NDArray target = entry.getValue().getArray();
            NDArray value = arrays.get(entry.getKey());
            // In place through a detached view: set(ByteBuffer) would swap the parameter's storage and cut
            // it loose from a packed parameter buffer (see the optimizer's PackedParameters).
            try (NDArray writable = target.stopGradient()) {
                writable.set(WHOLE_ARRAY, value.toType(target.getDataType(), false).toDevice(target.getDevice(), false));
            }
        }
    }

    /** Reads an .npz file and loads it (see {@link #load(TorchParameters, Map, boolean, String)}). */
    public static void load(TorchParameters into, Path file, boolean ignoreUnexpected) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            load(into, read(file, manager), ignoreUnexpected, file.toString());
        }
    }

    /**
     * Writes the parameters under their PyTorch names, plus each BatchNorm's
     * {@code num_batches_tracked} (int64, the number of training batches it has seen) so that
     * {@code load_state_dict(strict=True)} accepts the file. Written atomically.
     */
    public static void save(TorchParameters from, Path file, long batchesTracked) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = new NDList();
            for (var entry : from.asMap().entrySet()) {
                NDArray copy = entry.getValue().getArray().duplicate();
                copy.attach(manager);
                copy.setName(entry.getKey());
                list.add(copy);
            }
            for (String bn : from.batchNormPrefixes()) {
                NDArray counter = manager.create(batchesTracked).reshape(new Shape());
                counter.setName(bn + TorchParameters.BATCHES_TRACKED);
                list.add(counter);
            }
            writeAtomically(list, file);
        }
    }

    /** Writes named arrays as .npz through a temporary file renamed into place. */
    public static void writeAtomically(NDList named, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // createFile, not createTempFile: the file keeps the umask's modes (e.g. 644), not owner-only 600.
        Path tmp = Files.createFile(dir.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp"));
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                named.encode(out, NDList.Encoding.NPZ);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void describe(StringBuilder message, String what, List<String> keys) {
        if (!keys.isEmpty()) {
            message.append("\n  ").append(what).append(" (").append(keys.size()).append("): ")
                    .append(String.join(", ", keys));
        }
    }

}
