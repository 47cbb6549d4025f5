package io.jkeras.samples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a sample reached: named numbers (final loss, learned weight, accuracy...) and the pictures it wrote. */
public final class SampleResult {
    private final Map<String, Double> values = new LinkedHashMap<>();
    private final List<Path> images = new ArrayList<>();

    /** Records a number under a name. */
    public SampleResult put(String name, double value) {
        values.put(name, value);
        return this;
    }

    /** Records a picture that was written. */
    public SampleResult image(Path file) {
        images.add(file);
        return this;
    }

    /** The number recorded under {@code name}. */
    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("No value '" + name + "'; recorded: " + values.keySet());
        }
        return v;
    }

    /** Every recorded number, in the order recorded. */
    public Map<String, Double> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Every picture written, in order. */
    public List<Path> images() {
        return Collections.unmodifiableList(images);
    }
}
