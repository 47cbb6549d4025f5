package io.jkeras.saving;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * One JSON object of a Keras configuration being read, with where it is ({@code config.json} and
 * the key path) so that every error names the file and the entry. Layer serializers read their
 * keys through it; keys never read are checked afterwards, and one with a value jkeras would
 * silently ignore is refused with {@link UnsupportedFeatureException}.
 */
public final class ConfigNode {
    private final JsonNode json;
    private final Path file;
    private final String path;
    private final Set<String> read = new HashSet<>();

    /** A node of the file {@code file} at the key path {@code path} (e.g. {@code config.json:config.layers[1].config}). */
    public ConfigNode(JsonNode json, Path file, String path) {
        this.json = Objects.requireNonNull(json, "json");
        this.file = file;
        this.path = path;
        if (!json.isObject()) {
            throw new CorruptFileException(file, path, "expected a JSON object. Received: " + abbreviate(json) + ".");
        }
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /** The key path of this object. */
    public String path() {
        return path;
    }

    /** The raw JSON. */
    public JsonNode json() {
        return json;
    }

    /** Whether the key is present with a value other than {@code null}. */
    public boolean has(String key) {
        read.add(key);
        JsonNode v = json.get(key);
        return v != null && !v.isNull();
    }

    /** The value of a key, or {@code null} when absent or {@code null}; marks it read. */
    public JsonNode raw(String key) {
        read.add(key);
        JsonNode v = json.get(key);
        return v == null || v.isNull() ? null : v;
    }

    /** The object under a key, or {@code null}. */
    public ConfigNode object(String key) {
        JsonNode v = raw(key);
        return v == null ? null : new ConfigNode(v, file, path + "." + key);
    }

    /** A required integer. */
    public int getInt(String key) {
        JsonNode v = required(key);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw type(key, "an integer", v);
        }
        return v.intValue();
    }

    /** An integer, or {@code dflt} when absent or null. */
    public int getInt(String key, int dflt) {
        return has(key) ? getInt(key) : dflt;
    }

    /** A long, or {@code dflt} when absent or null. */
    public Long getLong(String key, Long dflt) {
        JsonNode v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw type(key, "an integer", v);
        }
        return v.longValue();
    }

    /** A required number, as a float. */
    public float getFloat(String key) {
        JsonNode v = required(key);
        if (!v.isNumber()) {
            throw type(key, "a number", v);
        }
        return (float) v.doubleValue();
    }

    /** A number, or {@code dflt} when absent or null. */
    public float getFloat(String key, float dflt) {
        return has(key) ? getFloat(key) : dflt;
    }

    /** A number as a double, or {@code dflt} when absent or null. */
    public double getDouble(String key, double dflt) {
        JsonNode v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw type(key, "a number", v);
        }
        return v.doubleValue();
    }

    /** A boolean, or {@code dflt} when absent or null. */
    public boolean getBoolean(String key, boolean dflt) {
        JsonNode v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw type(key, "true or false", v);
        }
        return v.booleanValue();
    }

    /** A required string. */
    public String getString(String key) {
        JsonNode v = required(key);
        if (!v.isTextual()) {
            throw type(key, "a string", v);
        }
        return v.textValue();
    }

    /** A string, or {@code dflt} when absent or null. */
    public String getString(String key, String dflt) {
        return has(key) ? getString(key) : dflt;
    }

    /** A required list of integers; {@code null} entries (Keras's batch axis) become -1. */
    public int[] getShape(String key) {
        JsonNode v = required(key);
        return shape(v, key);
    }

    /** A JSON list of integers (or nulls, as -1), checked. */
    int[] shape(JsonNode v, String key) {
        if (!v.isArray() || v.size() > 64) {
            throw type(key, "a list of at most 64 integers", v);
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode d = v.get(i);
            if (d.isNull()) {
                out[i] = -1;
            } else if (d.isIntegralNumber() && d.canConvertToInt()) {
                out[i] = d.intValue();
            } else {
                throw type(key + "[" + i + "]", "an integer or null", d);
            }
        }
        return out;
    }

    /**
     * Refuses a key whose value is not Keras's default (which is what jkeras implements): e.g.
     * {@code expect("label_smoothing", 0.0)}. Absent and {@code null} count as the default.
     */
    public void expect(String key, Object keraDefault) {
        JsonNode v = raw(key);
        if (v == null) {
            return;
        }
        boolean same = keraDefault == null ? false
                : keraDefault instanceof Number n ? v.isNumber() && v.doubleValue() == n.doubleValue()
                : keraDefault instanceof Boolean b ? v.isBoolean() && v.booleanValue() == b
                : v.isTextual() && v.textValue().equals(keraDefault.toString());
        if (!same) {
            throw unsupported(key, "jkeras implements only " + (keraDefault == null ? "null" : "Keras's default " + keraDefault)
                    + ". Received: " + abbreviate(v));
        }
    }

    /** An error for a key whose value jkeras cannot honour. */
    public UnsupportedFeatureException unsupported(String key, String why) {
        return new UnsupportedFeatureException(file, path + "." + key, why + ".");
    }

    /** An error for a key whose value has the wrong JSON type. */
    public CorruptFileException type(String key, String expected, JsonNode v) {
        return new CorruptFileException(file, path + "." + key, "expected " + expected + ". Received: " + abbreviate(v) + ".");
    }

    /** A required key. */
    public JsonNode required(String key) {
        JsonNode v = raw(key);
        if (v == null) {
            throw new MissingEntryException(file, path + "." + key, "the key is missing (or null).");
        }
        return v;
    }

    /**
     * Refuses every key that was never read and holds a value other than {@code null}, {@code false}
     * or an empty list/object: jkeras would otherwise ignore a setting the file asks for.
     */
    void checkAllRead(String what) {
        Iterator<String> it = json.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (read.contains(k)) {
                continue;
            }
            JsonNode v = json.get(k);
            boolean empty = v.isNull() || (v.isBoolean() && !v.booleanValue()) || (v.isContainerNode() && v.isEmpty());
            if (!empty) {
                throw unsupported(k, what + ": jkeras has no equivalent of this setting. Received: " + abbreviate(v));
            }
        }
    }

    /** A short rendering of a JSON value for messages. */
    static String abbreviate(JsonNode v) {
        String s = v.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
