package io.jkeras.saving;

import java.nio.file.Path;

/**
 * A {@code class_name} (layer, initializer, optimizer, loss...) that is neither one of jkeras's
 * own nor registered in code with {@link ObjectRegistration}. Loading never instantiates a class
 * named in a file.
 */
public class UnknownClassException extends SavingException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code entry} of {@code file}; see {@link SavingException}. */
    public UnknownClassException(Path file, String entry, String message, Throwable cause) {
        super(file, entry, message, cause);
    }

    /** The same, without a cause. */
    public UnknownClassException(Path file, String entry, String message) {
        super(file, entry, message, null);
    }
}
