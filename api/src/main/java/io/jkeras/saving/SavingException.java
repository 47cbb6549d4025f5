package io.jkeras.saving;

import io.jkeras.KerasException;
import java.nio.file.Path;

/**
 * A model file that cannot be written, or read into a model: the base of every error of
 * {@code io.jkeras.saving}. The message names the file and the entry (a zip entry, an HDF5 path or
 * a configuration key) and says what was expected and what was found; each kind of problem has its
 * own subclass.
 */
public class SavingException extends KerasException {
    private static final long serialVersionUID = 1L;

    /** The file, or {@code null} when the error is not about one file. */
    private final transient Path file;
    private final String entry;

    /**
     * An error about one entry of one file.
     *
     * @param file the file read or written
     * @param entry the entry inside it, e.g. {@code "model.weights.h5:/layers/dense/vars/0"}, or {@code null}
     * @param message what was expected and what was found
     * @param cause the underlying error, or {@code null}
     */
    public SavingException(Path file, String entry, String message, Throwable cause) {
        super(describe(file, entry) + message, cause);
        this.file = file;
        this.entry = entry;
    }

    /** The same, without a cause. */
    public SavingException(Path file, String entry, String message) {
        this(file, entry, message, null);
    }

    /** The file read or written, or {@code null}. */
    public Path file() {
        return file;
    }

    /** The entry inside the file, or {@code null}. */
    public String entry() {
        return entry;
    }

    private static String describe(Path file, String entry) {
        String f = file == null ? "" : "File " + file;
        String e = entry == null ? "" : (f.isEmpty() ? "Entry " : ", entry ") + entry;
        return f.isEmpty() && e.isEmpty() ? "" : f + e + ": ";
    }
}
