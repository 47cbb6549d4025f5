package io.jkeras;

/**
 * The one unchecked exception type jkeras throws for a user's mistake or a backend failure; the
 * message says what was expected and what was received.
 */
public class KerasException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message that names what was wrong and what was expected. */
    public KerasException(String message) {
        super(message);
    }

    /** An error caused by another, e.g. a backend's own exception, with what the user was doing. */
    public KerasException(String message, Throwable cause) {
        super(message, cause);
    }
}
