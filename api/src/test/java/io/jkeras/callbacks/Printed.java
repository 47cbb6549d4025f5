package io.jkeras.callbacks;

import io.jkeras.Keras;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What an action printed through {@link Keras#output()}. */
final class Printed {
    private Printed() {
    }

    /** The text {@code action} printed, with {@code \n} line ends. */
    static String by(Runnable action) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream previous = Keras.output();
        Keras.setOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            Keras.setOutput(previous);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
