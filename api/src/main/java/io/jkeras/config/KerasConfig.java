package io.jkeras.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jkeras.KerasException;
import io.jkeras.backend.BackendConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contents of a {@code keras.json} file: Keras's keys {@code backend}, {@code floatx},
 * {@code epsilon}, {@code image_data_format}, plus jkeras's {@code device} and {@code native_threads}
 * (the threads of the native backend's pool, a positive integer).
 *
 * @param file where it was read from, or {@code null} for defaults
 * @param backend the configured backend, or {@code null}
 * @param settings the settings handed to the backend
 */
public record KerasConfig(Path file, String backend, BackendConfig settings) {
    private static final Logger LOG = LoggerFactory.getLogger(KerasConfig.class);
    private static final Set<String> KNOWN_KEYS = Set.of("backend", "floatx", "epsilon", "image_data_format", "device",
            "native_threads");
    /** Keras reads the file with Python's {@code json.load}, which refuses anything after the object. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /**
     * The largest {@code keras.json} read, in bytes: Keras's own is about 100 bytes, so 64 KiB
     * leaves room for any real file while a huge or endless one fails before it is parsed.
     */
    public static final int MAX_BYTES = 64 * 1024;

    /** No file: no configured backend and Keras's defaults. */
    public static KerasConfig defaults() {
        return new KerasConfig(null, null, BackendConfig.defaults());
    }

    /**
     * Reads {@code file}; a missing file gives {@link #defaults()}. At most {@link #MAX_BYTES}
     * bytes are read (a special file such as {@code /dev/zero} included).
     *
     * @throws KerasException naming the file and the field, for a file that is not valid JSON or
     *     has a bad value, and for a file longer than {@link #MAX_BYTES}
     * @throws NullPointerException if {@code file} is {@code null}
     */
    public static KerasConfig read(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        if (!Files.exists(file)) {
            return defaults();
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new KerasException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return parse(content, file);
    }

    /**
     * Parses the contents of a {@code keras.json}; {@code file} names it in messages and in
     * {@link #file()}.
     *
     * @throws KerasException as {@link #read(Path)} does
     * @throws NullPointerException if {@code content} or {@code file} is {@code null}
     */
    public static KerasConfig parse(byte[] content, Path file) {
        Objects.requireNonNull(content, "content must not be null");
        Objects.requireNonNull(file, "file must not be null");
        if (content.length > MAX_BYTES) {
            throw new KerasException("Configuration file " + file + " is longer than " + MAX_BYTES
                    + " bytes; a keras.json holds a few fields such as {\"backend\": \"native\"}.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new KerasException("Configuration file " + file + " is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "." : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")."), e);
        } catch (IOException e) {
            throw new KerasException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new KerasException("Configuration file " + file + " must hold a JSON object such as "
                    + "{\"backend\": \"native\"}. Received: " + (root == null ? "nothing" : root.getNodeType()));
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!KNOWN_KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            LOG.warn("Ignoring unknown keys {} in {}; known keys: {}",
                    unknown.size() > 10 ? unknown.subList(0, 10) + " and " + (unknown.size() - 10) + " more" : unknown,
                    file, KNOWN_KEYS);
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
        Integer threads = null;
        JsonNode t = root.get("native_threads");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || !t.canConvertToInt() || t.intValue() < 1) {
                throw new KerasException("Field 'native_threads' of " + file + " must be a positive integer, the threads"
                        + " of the native backend's pool (1 turns threading off). Received: " + t);
            }
            threads = t.intValue();
        }
        return new KerasConfig(file, backend,
                new BackendConfig(device, "float32", epsilon, format == null ? "channels_last" : format, threads));
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
