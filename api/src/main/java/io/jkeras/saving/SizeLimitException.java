package io.jkeras.saving;

import java.nio.file.Path;

/**
 * A size declared in a file that is larger than what the file holds or than jkeras's limits: a
 * weight of 2^40 values in a file of a few kilobytes, an entry whose declared length exceeds the
 * archive. It is raised before anything of that size is allocated.
 */
public class SizeLimitException extends SavingException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code entry} of {@code file}; see {@link SavingException}. */
    public SizeLimitException(Path file, String entry, String message, Throwable cause) {
        super(file, entry, message, cause);
    }

    /** The same, without a cause. */
    public SizeLimitException(Path file, String entry, String message) {
        super(file, entry, message, null);
    }
}
