package io.jkeras.testing;

import io.jkeras.Keras;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * What a call returned and what it printed through {@link Keras#output()} meanwhile (line ends as
 * {@code \n}); the previous output stream is put back afterwards.
 *
 * @param value what the call returned
 * @param text what it printed
 */
public record Printout<T>(T value, String text) {

    /** Runs {@code action} with Keras's output captured. */
    public static <T> Printout<T> of(Supplier<T> action) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previous = Keras.output();
        Keras.setOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        T value;
        try {
            value = action.get();
        } finally {
            Keras.setOutput(previous);
        }
        return new Printout<>(value, bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    /** What {@code action} printed. */
    public static String textOf(Runnable action) {
        return of(() -> {
            action.run();
            return null;
        }).text();
    }
}
