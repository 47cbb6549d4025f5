package io.jkeras.fuzz;

import io.jkeras.KerasException;

/**
 * What a reader may do with any input: return, or throw a {@link KerasException} with a
 * message. Anything else escapes the fuzz target and is a finding: an {@code OutOfMemoryError},
 * a {@code StackOverflowError}, a raw {@code IndexOutOfBoundsException},
 * {@code NullPointerException}, {@code NegativeArraySizeException} or
 * {@code IllegalArgumentException}, or a {@code KerasException} without a message. Endless
 * loops are caught by Jazzer's per-input timeout.
 */
final class Contract {
    private Contract() {
    }

    /** Runs {@code reader}, letting through only what the contract forbids. */
    static void holds(Runnable reader) {
        try {
            reader.run();
        } catch (KerasException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("KerasException without a message", e);
            }
        }
    }
}
