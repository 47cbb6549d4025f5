package io.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import io.jkeras.Keras;
import io.jkeras.activations.Activation;
import io.jkeras.backend.ActivationSpec;
import io.jkeras.backend.LayerSpec;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import io.jkeras.models.Models;
import io.jkeras.models.Sequential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file is untrusted input: each kind of damage is its own {@link SavingException}
 * subclass naming the file and the entry, raised before anything large is allocated. These run
 * without a backend, on Keras-written fixtures stripped of their compile configuration.
 */
class HostileFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void fresh() {
        Keras.clearSession();
    }

    private Path fixture(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/saving/" + name)) {
            Path p = dir.resolve(name);
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return p;
        }
    }

    private static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                out.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return out;
    }

    private Path zip(String name, Map<String, byte[]> entries) throws IOException {
        Path p = dir.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return p;
    }

    /** The fixture with its config edited (compile_config removed: no backend here). */
    private Path edited(String fixture, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Map<String, byte[]> e = entries(fixture(fixture));
        ObjectNode config = (ObjectNode) JSON.readTree(e.get("config.json"));
        config.remove("compile_config");
        edit.accept(config);
        e.put("config.json", JSON.writeValueAsBytes(config));
        return zip("edited_" + fixture, e);
    }

    private static ObjectNode layer(ObjectNode config, int i) {
        return (ObjectNode) config.get("config").get("layers").get(i);
    }

    @Test
    void theUnchangedFixtureLoadsWithoutABackend() throws IOException {
        Model m = Models.load(edited("two_inputs.keras", c -> { }));
        assertEquals(17, m.layers().size());
    }

    @Test
    void everyTruncationOfAKerasFileIsACorruptFileError() throws IOException {
        byte[] whole = Files.readAllBytes(edited("mlp.keras", c -> { }));
        int checked = 0;
        for (int n = 0; n < whole.length; n += Math.max(1, whole.length / 300)) {
            Path p = dir.resolve("cut.keras");
            Files.write(p, java.util.Arrays.copyOf(whole, n));
            SavingException e = assertThrows(SavingException.class, () -> Models.load(p), "cut at " + n);
            assertTrue(e instanceof CorruptFileException || e instanceof MissingEntryException, n + ": " + e);
            assertTrue(e.getMessage().contains("cut.keras"), e.getMessage());
            checked++;
        }
        assertTrue(checked >= 300, "checked " + checked);
    }

    @Test
    void aTruncatedWeightsEntryInsideAnIntactZipIsACorruptFileError() throws IOException {
        Map<String, byte[]> e = entries(edited("mlp.keras", c -> { }));
        byte[] w = e.get("model.weights.h5");
        for (int n : new int[] {0, 8, 100, 1000, 3000, w.length / 2}) {
            e.put("model.weights.h5", java.util.Arrays.copyOf(w, n));
            Path p = zip("short.keras", e);
            SavingException ex = assertThrows(SavingException.class, () -> Models.load(p), "weights cut at " + n);
            assertTrue(ex.getMessage().contains("model.weights.h5"), ex.getMessage());
        }
    }

    @Test
    void missingEntriesAreMissingEntryErrors() throws IOException {
        for (String drop : new String[] {"config.json", "model.weights.h5"}) {
            Map<String, byte[]> e = entries(edited("mlp.keras", c -> { }));
            e.remove(drop);
            Path p = zip("no_" + drop + ".keras", e);
            MissingEntryException ex = assertThrows(MissingEntryException.class, () -> Models.load(p));
            assertEquals(drop, ex.entry());
        }
        Path p = edited("mlp.keras", c -> ((ObjectNode) c.get("config")).remove("layers"));
        assertTrue(assertThrows(MissingEntryException.class, () -> Models.load(p)).entry().endsWith("config.layers"));
    }

    @Test
    void weightsOfAnotherShapeThanTheConfigAreAWeightMismatch() throws IOException {
        Path p = edited("two_inputs.keras", c -> ((ObjectNode) layer(c, 15).get("config")).put("units", 2));
        WeightMismatchException e = assertThrows(WeightMismatchException.class, () -> Models.load(p));
        assertEquals("model.weights.h5:/layers/dense_3/vars/0", e.entry());
        assertTrue(e.getMessage().contains("(18, 2)") && e.getMessage().contains("(18, 1)"), e.getMessage());
    }

    @Test
    void unknownClassesAreRefusedNeverLoaded() throws IOException {
        Path p = edited("two_inputs.keras", c -> layer(c, 13).put("class_name", "java.lang.Runtime"));
        UnknownClassException e = assertThrows(UnknownClassException.class, () -> Models.load(p));
        assertTrue(e.getMessage().contains("java.lang.Runtime") && e.getMessage().contains("Dense"), e.getMessage());
        Path q = edited("mlp.keras", c -> ((ObjectNode) layer(c, 1).get("config")).put("kernel_initializer", "identity"));
        assertThrows(UnknownClassException.class, () -> Models.load(q));
    }

    @Test
    void lambdaLayersAreRefusedAsKerasSafeModeDoes() throws IOException {
        Path p = edited("two_inputs.keras", c -> {
            ObjectNode l = layer(c, 13);
            l.put("class_name", "Lambda");
            ((ObjectNode) l.get("config")).put("function", "base64-of-python-bytecode");
        });
        UnsafeContentException e = assertThrows(UnsafeContentException.class, () -> Models.load(p));
        assertTrue(e.getMessage().contains("safe_mode"), e.getMessage());
        Path q = edited("mlp.keras", c -> {
            ObjectNode act = JSON.createObjectNode().put("class_name", "__lambda__");
            ((ObjectNode) layer(c, 1).get("config")).set("activation", act);
        });
        assertThrows(UnsafeContentException.class, () -> Models.load(q));
    }

    @Test
    void kerasOpsJkerasCannotRepresentAreRefusedNamingTheOpAndTheFile() throws IOException {
        // Keras-written (masked_saving_fixtures.py): keras.ops.multiply(h, 2.0) on the data path
        Path p = fixture("ops_layer.keras");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> Models.load(p));
        assertTrue(e.getMessage().contains("ops_layer.keras") && e.getMessage().contains("'multiply' (Multiply from"
                + " keras.src.ops.numpy)"), e.getMessage());
        // an LSTM given mask=ops.not_equal(tokens, 3) by hand: no Embedding(mask_zero) or Masking computes it
        Path q = fixture("masked_custom_mask.keras");
        UnsupportedFeatureException f = assertThrows(UnsupportedFeatureException.class, () -> Models.load(q));
        assertTrue(f.getMessage().contains("masked_custom_mask.keras") && f.getMessage().contains("LSTM 'lstm' is given"
                + " mask=not_equal, NotEqual(tokens of shape (None, 7), 3.0)") && f.getMessage().contains("no mask arrives"),
                f.getMessage());
        assertTrue(f.entry().endsWith("inbound_nodes[0].kwargs.mask"), f.entry());
    }

    @Test
    void theMaskOpsKerasRecordsAreReadOnlyAsTheMasksJkerasComputes() throws IOException {
        // Masking's Any(NotEqual(series, -1.0)) with another mask value than the layer's
        Path p = edited("masked_masking_functional.keras", c -> ((com.fasterxml.jackson.databind.node.ArrayNode)
                layer(c, 1).get("inbound_nodes").get(0).get("args")).set(1, JSON.getNodeFactory().numberNode(0.5)));
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> Models.load(p));
        assertTrue(e.getMessage().contains("Any(NotEqual(series of shape (None, 6, 3), 0.5), axis=-1)")
                && e.getMessage().contains("Any(NotEqual(series, -1.0), axis=-1), from a Masking"), e.getMessage());
        // the mask op read as data
        Path q = edited("masked_embedding_functional.keras", c -> ((ObjectNode) layer(c, 4).get("inbound_nodes").get(0)
                .get("args").get(0).get("config")).set("keras_history", JSON.createArrayNode().add("not_equal").add(0).add(0)));
        UnsupportedFeatureException f = assertThrows(UnsupportedFeatureException.class, () -> Models.load(q));
        assertTrue(f.getMessage().contains("'not_equal' (NotEqual) as data"), f.getMessage());
        // Any over another axis
        Path r = edited("masked_masking_functional.keras", c -> ((ObjectNode) layer(c, 3).get("config")).put("axis", 1));
        UnsupportedFeatureException g = assertThrows(UnsupportedFeatureException.class, () -> Models.load(r));
        assertTrue(g.getMessage().contains("op 'any' (Any) reduces axis 1"), g.getMessage());
    }

    @Test
    void aDeclaredWeightOfTwoToTheFortyValuesIsASizeErrorNotAnOutOfMemoryError() throws IOException {
        Path p = edited("mlp.keras", c -> {
            ((ObjectNode) layer(c, 0).get("config")).set("batch_shape", JSON.createArrayNode().addNull().add(1 << 20));
            ((ObjectNode) layer(c, 1).get("config")).put("units", 1 << 20);
            ((ObjectNode) c.get("config")).remove("build_input_shape");
        });
        SizeLimitException e = assertThrows(SizeLimitException.class, () -> Models.load(p));
        assertTrue(e.getMessage().contains("hidden"), e.getMessage());
        Path q = edited("mlp.keras", c -> ((ObjectNode) layer(c, 1).get("config")).put("units", 1 << 26));
        SizeLimitException f = assertThrows(SizeLimitException.class, () -> Models.load(q));
        assertTrue(f.getMessage().contains("(4, 67108864)") && f.getMessage().contains("can hold only"), f.getMessage());
    }

    @Test
    void invalidJsonIsACorruptFileErrorWithItsLine() throws IOException {
        Map<String, byte[]> e = entries(fixture("mlp.keras"));
        e.put("config.json", "{\n \"class_name\": \"Sequential\",\n oops".getBytes(StandardCharsets.UTF_8));
        Path p = zip("bad.keras", e);
        CorruptFileException ex = assertThrows(CorruptFileException.class, () -> Models.load(p));
        assertTrue(ex.getMessage().contains("config.json") && ex.getMessage().contains("line 3"), ex.getMessage());
    }

    @Test
    void settingsJkerasWouldIgnoreAreRefused() throws IOException {
        Map<String, byte[]> e = entries(fixture("mlp.keras"));
        ObjectNode config = (ObjectNode) JSON.readTree(e.get("config.json"));
        ObjectNode opt = (ObjectNode) config.get("compile_config").get("optimizer").get("config");
        opt.put("clipnorm", 1.0);
        e.put("config.json", JSON.writeValueAsBytes(config));
        Path p = zip("clip.keras", e);
        UnsupportedFeatureException ex = assertThrows(UnsupportedFeatureException.class, () -> Models.load(p));
        assertTrue(ex.entry().endsWith("optimizer.config.clipnorm"), ex.entry());
        Path q = edited("mlp.keras", c -> ((ObjectNode) layer(c, 1).get("config")).put("trainable", false));
        assertThrows(UnsupportedFeatureException.class, () -> Models.load(q));
        Path r = edited("mlp.keras", c -> ((ObjectNode) layer(c, 1).get("config")).put("activity_regularizer", "l2"));
        assertThrows(UnsupportedFeatureException.class, () -> Models.load(r));
    }

    @Test
    void weightsOfAnotherDtypeAreADtypeError() throws IOException {
        Sequential m = new Sequential().add(new Input(2));
        m.add(new Dense(1));
        Path p = dir.resolve("f64.weights.h5");
        try (WritableHdfFile f = HdfFile.write(p)) {
            WritableGroup vars = f.putGroup("layers").putGroup("dense").putGroup("vars");
            vars.putDataset("0", new double[][] {{1.0}, {2.0}});
            vars.putDataset("1", new float[] {0f});
        }
        DtypeException e = assertThrows(DtypeException.class, () -> m.loadWeights(p));
        assertEquals("/layers/dense/vars/0", e.entry());
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
    }

    @Test
    void aFileThatIsNeitherZipNorHdf5IsACorruptFileError() throws IOException {
        Path p = dir.resolve("x.keras");
        Files.writeString(p, "hello");
        assertThrows(CorruptFileException.class, () -> Models.load(p));
        assertThrows(MissingEntryException.class, () -> Models.load(dir.resolve("absent.keras")));
    }

    /** A custom layer: y = 2x, saved under its registered name. */
    static final class Doubler extends Layer {
        @Override
        public String className() {
            return "Doubler";
        }

        @Override
        protected String namePrefix() {
            return "doubler";
        }

        @Override
        protected int[] computeOutputShape(int[] in) {
            return in.clone();
        }

        @Override
        public LayerSpec toSpec() {
            return new ActivationSpec(getName(), inputShape(), Activation.LINEAR);
        }
    }

    @Test
    void customLayersLoadOnlyOnceRegisteredInCode() throws IOException {
        Path p = edited("mlp.keras", c -> {
            ObjectNode l = ((com.fasterxml.jackson.databind.node.ArrayNode) c.get("config").get("layers")).addObject();
            l.put("class_name", "Doubler").put("module", "my_layers").put("registered_name", "my_layers>Doubler");
            ObjectNode cfg = JSON.createObjectNode().put("name", "double").put("trainable", true);
            l.set("config", cfg);
        });
        assertThrows(UnknownClassException.class, () -> Models.load(p));
        ObjectRegistration.registerLayer(BuiltinLayers.simple("Doubler", Doubler.class, (l, c) -> { }, c -> new Doubler()));
        Model m = Models.load(p);
        assertEquals("double", m.getLayer(2).getName());
        assertTrue(m.getLayer(2) instanceof Doubler);
    }

    // ------------------------------------------------------------------ atomic saving

    /** A stream that fails after {@code limit} bytes, as a full disk does. */
    private static UnaryOperator<java.io.OutputStream> failingAfter(long limit) {
        return out -> new java.io.FilterOutputStream(out) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                if (++written > limit) {
                    throw new IOException("No space left on device (after " + limit + " bytes)");
                }
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                    write(b[off + i]);
                }
            }
        };
    }

    @Test
    void aSaveThatFailsAtAnyByteLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Sequential m = new Sequential().add(new Input(3));
        m.add(new Dense(2, "tanh"));
        Path target = dir.resolve("atomic").resolve("m.keras");
        Path weights = dir.resolve("atomic").resolve("m.weights.h5");
        m.save(target);
        m.saveWeights(weights);
        byte[] before = Files.readAllBytes(target);
        byte[] beforeWeights = Files.readAllBytes(weights);
        m.layers().get(0).setWeights(java.util.List.of(io.jkeras.Tensor.full(1f, 3, 2), io.jkeras.Tensor.full(1f, 2)));
        int tried = 0;
        try {
            for (long n = 0; n < before.length; n += Math.max(1, before.length / 150)) {
                AtomicFiles.streamWrapper = failingAfter(n);
                assertThrows(SavingException.class, () -> m.save(target), "fail after " + n);
                if (n < beforeWeights.length) {
                    assertThrows(SavingException.class, () -> m.saveWeights(weights), "fail after " + n);
                }
                assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(target)), "m.keras changed at " + n);
                assertTrue(java.util.Arrays.equals(beforeWeights, Files.readAllBytes(weights)), "weights changed at " + n);
                try (var files = Files.list(target.getParent())) {
                    assertEquals(2, files.count(), "a temporary file was left after failing at byte " + n);
                }
                tried++;
            }
        } finally {
            AtomicFiles.streamWrapper = UnaryOperator.identity();
        }
        assertTrue(tried >= 150);
        m.save(target);
        assertNotNull(Models.load(target));
        assertTrue(!java.util.Arrays.equals(before, Files.readAllBytes(target)), "a good save replaces the file");
    }

    @Test
    void savingRefusesNamesKerasWouldRefuse() {
        Sequential m = new Sequential().add(new Input(3));
        m.add(new Dense(2));
        assertThrows(SavingException.class, () -> m.save(dir.resolve("m.h5")));
        assertThrows(SavingException.class, () -> m.saveWeights(dir.resolve("m.h5")));
    }
}
