package io.jkeras.saving;

import java.nio.file.Path;

/**
 * Content Keras's {@code safe_mode} refuses: a {@code Lambda} layer's code, or any other
 * serialized function. jkeras never runs code from a file.
 */
public class UnsafeContentException extends SavingException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code entry} of {@code file}; see {@link SavingException}. */
    public UnsafeContentException(Path file, String entry, String message, Throwable cause) {
        super(file, entry, message, cause);
    }

    /** The same, without a cause. */
    public UnsafeContentException(Path file, String entry, String message) {
        super(file, entry, message, null);
    }
}
