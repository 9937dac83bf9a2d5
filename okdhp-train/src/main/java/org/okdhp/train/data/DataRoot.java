package org.okdhp.train.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The folder {@code data.data_root} names, resolving the configuration's relative paths in it.
 * Everything is checked before any file is read, so a wrong layout fails in one clear line rather
 * than as a stack trace hours into a run.
 *
 * @param folder absolute, normalised
 */
record DataRoot(Path folder) {

    /**
     * @param layout what the folder should hold, for the message when it does not exist
     */
    static DataRoot of(String dataRoot, String layout) throws DataLayoutException {
        Path folder = Path.of(dataRoot).toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new DataLayoutException("data.data_root " + folder + " is not a folder; expected " + layout);
        }
        return new DataRoot(folder);
    }

    /** The existing file at {@code relative}, else a failure saying what belongs there and which key moves it. */
    Path file(String relative, String key, String expected) throws DataLayoutException {
        Path path = resolve(relative, key, expected);
        if (!Files.isRegularFile(path)) {
            throw missing(relative, key, expected);
        }
        return path;
    }

    /** The existing folder at {@code relative}, else a failure like {@link #file}'s. */
    Path folder(String relative, String key, String expected) throws DataLayoutException {
        Path path = resolve(relative, key, expected);
        if (!Files.isDirectory(path)) {
            throw missing(relative, key, expected);
        }
        return path;
    }

    /** The file at {@code relative} when it is set and exists. */
    Optional<Path> optionalFile(String relative) {
        if (relative == null || relative.isBlank()) {
            return Optional.empty();
        }
        Path path = folder.resolve(relative);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /** "data root X has no annot/train.json; expected ..., or set data.train_annotations". */
    DataLayoutException missing(String relative, String key, String expected) {
        if (relative == null || relative.isBlank()) {
            return new DataLayoutException(key + " is not set; it names " + expected);
        }
        String where = Path.of(relative).isAbsolute() ? relative + " does not exist" : "data root " + folder + " has no " + relative;
        return new DataLayoutException(where + "; expected " + expected + " there, or set " + key);
    }

    private Path resolve(String relative, String key, String expected) throws DataLayoutException {
        if (relative == null || relative.isBlank()) {
            throw missing(relative, key, expected);
        }
        return folder.resolve(relative).normalize();
    }
}
