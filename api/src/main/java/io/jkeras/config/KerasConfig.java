package io.jkeras.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jkeras.KerasException;
import io.jkeras.backend.BackendConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contents of a {@code keras.json} file: Keras's keys {@code backend}, {@code floatx},
 * {@code epsilon}, {@code image_data_format}, plus jkeras's {@code device}.
 *
 * @param file where it was read from, or {@code null} for defaults
 * @param backend the configured backend, or {@code null}
 * @param settings the settings handed to the backend
 */
public record KerasConfig(Path file, String backend, BackendConfig settings) {
    private static final Logger LOG = LoggerFactory.getLogger(KerasConfig.class);
    private static final Set<String> KNOWN_KEYS = Set.of("backend", "floatx", "epsilon", "image_data_format", "device");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** No file: no configured backend and Keras's defaults. */
    public static KerasConfig defaults() {
        return new KerasConfig(null, null, BackendConfig.defaults());
    }

    /**
     * Reads {@code file}; a missing file gives {@link #defaults()}.
     *
     * @throws KerasException naming the file and the field, for a file that is not valid JSON or has a bad value
     */
    public static KerasConfig read(Path file) {
        if (!Files.exists(file)) {
            return defaults();
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new KerasException("Configuration file " + file + " is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ").", e);
        } catch (IOException e) {
            throw new KerasException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new KerasException("Configuration file " + file + " must hold a JSON object such as "
                    + "{\"backend\": \"native\"}. Received: " + (root == null ? "nothing" : root.getNodeType()));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!KNOWN_KEYS.contains(key)) {
                LOG.warn("Ignoring unknown key '{}' in {}; known keys: {}", key, file, KNOWN_KEYS);
            }
        }
        String backend = text(root, "backend", file);
        String floatx = text(root, "floatx", file);
        if (floatx != null && !floatx.equals("float32")) {
            throw new KerasException("Field 'floatx' of " + file + " is '" + floatx
                    + "'; jkeras computes in float32 only. Expected: \"float32\".");
        }
        float epsilon = 1e-7f;
        JsonNode eps = root.get("epsilon");
        if (eps != null && !eps.isNull()) {
            if (!eps.isNumber() || !(eps.asDouble() > 0) || eps.asDouble() >= 1) {
                throw new KerasException("Field 'epsilon' of " + file + " must be a number in (0, 1). Received: " + eps);
            }
            epsilon = (float) eps.asDouble();
        }
        String format = text(root, "image_data_format", file);
        if (format != null && !format.equals("channels_last") && !format.equals("channels_first")) {
            throw new KerasException("Field 'image_data_format' of " + file
                    + " must be \"channels_last\" or \"channels_first\". Received: \"" + format + "\"");
        }
        String device = text(root, "device", file);
        return new KerasConfig(file, backend,
                new BackendConfig(device, "float32", epsilon, format == null ? "channels_last" : format));
    }

    private static String text(JsonNode root, String key, Path file) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new KerasException("Field '" + key + "' of " + file + " must be a string. Received: " + n);
        }
        return n.asText();
    }
}
