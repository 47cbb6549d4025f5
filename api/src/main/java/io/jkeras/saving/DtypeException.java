package io.jkeras.saving;

import java.nio.file.Path;

/**
 * A dataset or a configuration of a data type jkeras does not take: weights other than float32, a
 * step counter that is not an integer, a dtype policy other than {@code float32}.
 */
public class DtypeException extends SavingException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code entry} of {@code file}; see {@link SavingException}. */
    public DtypeException(Path file, String entry, String message, Throwable cause) {
        super(file, entry, message, cause);
    }

    /** The same, without a cause. */
    public DtypeException(Path file, String entry, String message) {
        super(file, entry, message, null);
    }
}
