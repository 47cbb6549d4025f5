package io.jkeras.saving;

import java.nio.file.Path;

/**
 * A zip entry, an HDF5 group or dataset, or a configuration key that the format requires and the
 * file lacks.
 */
public class MissingEntryException extends SavingException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code entry} of {@code file}; see {@link SavingException}. */
    public MissingEntryException(Path file, String entry, String message, Throwable cause) {
        super(file, entry, message, cause);
    }

    /** The same, without a cause. */
    public MissingEntryException(Path file, String entry, String message) {
        super(file, entry, message, null);
    }
}
