package io.jkeras.saving;

import java.nio.file.Path;

/**
 * Weights that do not fit the model: a layer with another number of variables, or a variable of
 * another shape than the configuration gives.
 */
public class WeightMismatchException extends SavingException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code entry} of {@code file}; see {@link SavingException}. */
    public WeightMismatchException(Path file, String entry, String message, Throwable cause) {
        super(file, entry, message, cause);
    }

    /** The same, without a cause. */
    public WeightMismatchException(Path file, String entry, String message) {
        super(file, entry, message, null);
    }
}
