package io.jkeras.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jkeras.Keras;
import io.jkeras.models.Model;
import io.jkeras.models.Models;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Fuzzes the model-file loaders ({@code io.jkeras.saving} through {@link Models#load} and
 * {@link Model#loadWeights}) with any bytes as: a whole {@code .keras} file; the
 * {@code config.json} of a {@code .keras} archive (the zip itself intact, so the fuzzer reaches the
 * configuration past the zip's checksums); its {@code model.weights.h5}; a {@code .weights.h5}
 * file loaded into a built model; and a legacy {@code .h5} model. The archive's other entries come
 * from the Keras-written {@code mlp.keras} fixture, its compile configuration removed (no backend
 * here). Each input is written to a file, as users load models from files.
 */
class ModelFileFuzzTest {
    private static final Path DIR;
    private static final byte[] METADATA;
    private static final byte[] CONFIG;
    private static final byte[] WEIGHTS;

    static {
        try {
            DIR = Files.createTempDirectory("jkeras-model-fuzz");
            DIR.toFile().deleteOnExit();
            Map<String, byte[]> mlp = entries("/fixtures/saving/mlp.keras");
            METADATA = mlp.get("metadata.json");
            ObjectMapper json = new ObjectMapper();
            ObjectNode config = (ObjectNode) json.readTree(mlp.get("config.json"));
            config.remove("compile_config");
            CONFIG = json.writeValueAsBytes(config);
            WEIGHTS = mlp.get("model.weights.h5");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> entries(String resource) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = ModelFileFuzzTest.class.getResourceAsStream(resource);
                ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                out.put(e.getName(), zip.readAllBytes());
            }
        }
        return out;
    }

    /** Writes {@code bytes} to the file {@code name} in the fuzzing folder. */
    private static Path file(String name, byte[] bytes) {
        try {
            return Files.write(DIR.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code .keras} archive of the mlp fixture with {@code config} and {@code weights}. */
    private static Path archive(byte[] config, byte[] weights) {
        Path p = DIR.resolve("fuzz.keras");
        try (OutputStream os = Files.newOutputStream(p); ZipOutputStream zip = new ZipOutputStream(os)) {
            Map<String, byte[]> e = new LinkedHashMap<>();
            e.put("metadata.json", METADATA);
            e.put("config.json", config);
            e.put("model.weights.h5", weights);
            for (Map.Entry<String, byte[]> entry : e.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Any bytes as a {@code .keras} file: a model, or a {@code KerasException} with a message. */
    @FuzzTest(maxDuration = "3m")
    void kerasFile(byte[] input) {
        Keras.clearSession();
        Path p = file("any.keras", input);
        Contract.holds(() -> Models.load(p));
    }

    /** Any bytes as the {@code config.json} of an intact {@code .keras} archive. */
    @FuzzTest(maxDuration = "3m")
    void kerasConfig(byte[] input) {
        Keras.clearSession();
        Path p = archive(input, WEIGHTS);
        Contract.holds(() -> Models.load(p));
    }

    /** Any bytes as the {@code model.weights.h5} of an intact {@code .keras} archive. */
    @FuzzTest(maxDuration = "3m")
    void kerasWeights(byte[] input) {
        Keras.clearSession();
        Path p = archive(CONFIG, input);
        Contract.holds(() -> Models.load(p));
    }

    /** Any bytes as a {@code .weights.h5} file loaded into the mlp model. */
    @FuzzTest(maxDuration = "3m")
    void weightsFile(byte[] input) {
        Keras.clearSession();
        Model model = Models.load(archive(CONFIG, WEIGHTS));
        Path p = file("any.weights.h5", input);
        Contract.holds(() -> model.loadWeights(p));
    }

    /** Any bytes as a legacy (Keras 2) {@code .h5} model file. */
    @FuzzTest(maxDuration = "3m")
    void legacyH5(byte[] input) {
        Keras.clearSession();
        Path p = file("any.h5", input);
        Contract.holds(() -> Models.load(p));
    }
}
