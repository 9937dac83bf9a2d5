package org.okdhp.train.export;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.UUID;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.prune.BranchPruner;
import org.okdhp.core.weights.StateDictNpz;

/**
 * Ships one branch of a trained OKDHP network as a self-contained model folder:
 * {@code model.params} (DJL parameter stream of the pruned plain hourglass or student), {@code hourglass.npz}
 * (the same weights as a PyTorch state_dict under pytorch-pose {@code HourglassNet} names, or a
 * student's under HRNet {@code PoseResNet} names; the file keeps its name in both),
 * {@code model.onnx} (the deployed prediction as an ONNX model, batch norms folded where a
 * convolution precedes them), {@code metadata.json} ({@link ModelMetadata}), a {@code README.md}
 * on loading it and {@code SHA256SUMS} ({@link ModelDigests}). {@link PoseModel#load} reads the
 * folder back.
 */
public final class BestBranchExporter {

    /** The folder a run exports into unless told otherwise. */
    public static final String DEFAULT_FOLDER = "best-branch";

    private BestBranchExporter() {
    }

    /**
     * Prunes {@code trained} to {@code branch} and writes the model folder. The folder is built
     * beside the target and renamed into place only when complete; an existing folder is kept
     * until then, so a failed export leaves the previous one usable. A folder holding anything
     * but a model folder's files is refused, never replaced: okdhp deletes only what it wrote.
     *
     * @param trained the initialised multi-branch network (any device; the export is made on the CPU)
     * @param branch the branch to keep, 0-based
     * @param folder the model folder to (re)place
     * @return {@code folder}
     */
    public static Path export(OkdhpNetwork trained, int branch, ExportInfo info, Path folder) throws IOException {
        // Checks the branch, the joint set against the network and the input size before any file is written.
        ModelMetadata metadata = ModelMetadata.describe(trained.architecture(), branch, info);
        Path target = folder.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new IOException(target + ": exists and is not a folder");
        }
        requireOnlyModelFiles(target);
        Path parent = target.getParent();
        Files.createDirectories(parent);
        deleteAbandonedStaging(target);
        // createDirectory, not createTempDirectory: the model folder keeps the umask's modes (e.g. 755), not owner-only 700.
        Path staging = Files.createDirectory(parent.resolve(stagingPrefix(target) + UUID.randomUUID()));
        try {
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                OkdhpNetwork pruned = BranchPruner.prune(trained, branch, manager);
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(staging.resolve(PoseModel.PARAMETERS_FILE))))) {
                    pruned.saveParameters(out);
                }
                StateDictNpz.save(pruned.deployedParameters(), staging.resolve(PoseModel.HOURGLASS_NPZ_FILE),
                        info.trainingSteps());
                Files.write(staging.resolve(PoseModel.ONNX_FILE), onnx(pruned, 0, metadata));
            }
            metadata.write(staging.resolve(PoseModel.METADATA_FILE));
            Files.writeString(staging.resolve(PoseModel.README_FILE), ModelReadme.text(metadata));
            ModelDigests.write(staging);
            syncFiles(staging);
            replace(target, staging);
        } finally {
            deleteRecursively(staging);
        }
        return folder;
    }

    /**
     * Writes only branch {@code branch}'s ONNX model (as the folder's {@code model.onnx}) to
     * {@code file}, which must not exist: a temporary file beside it is renamed into place when
     * complete.
     */
    public static Path exportOnnx(OkdhpNetwork trained, int branch, ExportInfo info, Path file) throws IOException {
        ModelMetadata metadata = ModelMetadata.describe(trained.architecture(), branch, info);
        Path target = file.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists; remove it or choose another --output");
        }
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        Files.write(partial, onnx(trained, branch, metadata));
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private static byte[] onnx(OkdhpNetwork network, int branch, ModelMetadata metadata) {
        return network.toOnnx(branch, metadata.input().height(), metadata.input().width(), metadata.okdhpVersion(),
                Map.of(PoseModel.ONNX_METADATA_KEY, metadata.toJson())).toByteArray();
    }

    /**
     * Puts {@code staging} in place of {@code target}. A non-empty folder cannot be renamed over,
     * so the old one steps aside first and comes back if the new one cannot move in.
     */
    private static void replace(Path target, Path staging) throws IOException {
        if (!Files.exists(target)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path retired = Files.createDirectory(
                target.getParent().resolve("." + target.getFileName() + ".old-" + UUID.randomUUID()));
        Path old = retired.resolve(target.getFileName());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Should moving back fail too, the exception leaves the old export in the retired folder.
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(retired);
            throw new IOException("could not move the new export into " + target + " (the previous one is left in place): "
                    + e.getMessage(), e);
        }
        deleteRecursively(retired);
    }

    /** Refuses an existing folder with anything in it that okdhp does not write into a model folder. */
    private static void requireOnlyModelFiles(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return;
        }
        try (Stream<Path> entries = Files.list(target)) {
            List<String> foreign = entries.map(path -> path.getFileName().toString())
                    .filter(name -> !PoseModel.FILES.contains(name)).sorted().toList();
            if (!foreign.isEmpty()) {
                throw new IOException(target + ": holds " + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                        + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "")
                        + ", which okdhp did not write; it replaces only a model folder it exported. Choose another --output");
            }
        }
    }

    private static String stagingPrefix(Path target) {
        return "." + target.getFileName() + ".new-";
    }

    /** Staging folders of exports that were killed before they finished. */
    private static void deleteAbandonedStaging(Path target) throws IOException {
        try (DirectoryStream<Path> abandoned = Files.newDirectoryStream(target.getParent(), stagingPrefix(target) + "*")) {
            for (Path folder : abandoned) {
                deleteRecursively(folder);
            }
        }
    }

    /** Forces the new files to the storage device, so that the rename never publishes a folder of empty files after a crash. */
    private static void syncFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
