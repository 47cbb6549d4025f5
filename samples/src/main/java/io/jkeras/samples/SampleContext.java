package io.jkeras.samples;

import io.jkeras.KerasException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a sample prints and draws, and the options it was given ({@code --steps 300} is the
 * option {@code steps} with value {@code "300"}).
 *
 * @param out where the sample prints (Keras's own printouts go there too)
 * @param outDir where pictures are written
 * @param options the options, by name without the leading dashes
 */
public record SampleContext(PrintStream out, Path outDir, Map<String, String> options) {

    /** Copies the options. */
    public SampleContext {
        options = Map.copyOf(options);
    }

    /** The integer option {@code name}, or {@code defaultValue} when absent. */
    public int intOption(String name, int defaultValue) {
        String v = options.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new KerasException("Option --" + name + " expects a non-negative integer. Received: '" + v + "'.");
        }
    }

    /** The text option {@code name}, or {@code defaultValue} when absent. */
    public String option(String name, String defaultValue) {
        return options.getOrDefault(name, defaultValue);
    }

    /** The comma-separated integers of option {@code name}, or {@code defaultValue} when absent. */
    public int[] intListOption(String name, int... defaultValue) {
        String v = options.get(name);
        if (v == null) {
            return defaultValue.clone();
        }
        String[] parts = v.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new KerasException("Option --" + name + " expects comma-separated integers, e.g. 1,2,3. Received: '"
                        + v + "'.");
            }
        }
        return out;
    }

    /** A file under {@link #outDir()}. */
    public Path file(String name) {
        return outDir.resolve(name);
    }
}
