package io.jkeras.saving;

import java.nio.file.Path;

/**
 * Something Keras allows that jkeras does not implement: an HDF5 feature jhdf cannot read (the
 * message names the dataset and the feature), or a configuration value jkeras has no equivalent
 * for (e.g. {@code label_smoothing}, {@code clipnorm}, a frozen layer).
 */
public class UnsupportedFeatureException extends SavingException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code entry} of {@code file}; see {@link SavingException}. */
    public UnsupportedFeatureException(Path file, String entry, String message, Throwable cause) {
        super(file, entry, message, cause);
    }

    /** The same, without a cause. */
    public UnsupportedFeatureException(Path file, String entry, String message) {
        super(file, entry, message, null);
    }
}
