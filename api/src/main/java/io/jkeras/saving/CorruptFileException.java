package io.jkeras.saving;

import java.nio.file.Path;

/**
 * A file that is not what its name says or is cut short: a truncated or damaged zip, JSON that does
 * not parse, HDF5 that jhdf cannot decode, data shorter than declared.
 */
public class CorruptFileException extends SavingException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code entry} of {@code file}; see {@link SavingException}. */
    public CorruptFileException(Path file, String entry, String message, Throwable cause) {
        super(file, entry, message, cause);
    }

    /** The same, without a cause. */
    public CorruptFileException(Path file, String entry, String message) {
        super(file, entry, message, null);
    }
}
