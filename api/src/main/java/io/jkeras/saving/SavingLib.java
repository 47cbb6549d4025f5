package io.jkeras.saving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.VariableSpec;
import io.jkeras.layers.Layer;
import io.jkeras.layers.TimeDistributed;
import io.jkeras.models.CompileOptions;
import io.jkeras.models.Model;
import io.jkeras.optimizers.Adam;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Keras 3's {@code saving_lib}: the {@code .keras} zip ({@code metadata.json}, {@code config.json},
 * {@code model.weights.h5}) and the {@code .weights.h5} file, written and read; legacy Keras 2
 * {@code .h5} files are read by {@link LegacyH5Format}. {@link Model#save}, {@link Model#saveWeights},
 * {@link Model#loadWeights} and {@link io.jkeras.models.Models#load} call it.
 *
 * <p>The weights file has Keras's layout: {@code layers/<layer>/vars/<i>} for the {@code i}-th
 * variable of each layer, {@code optimizer/vars/0} the step counter, {@code optimizer/vars/1} the
 * learning rate, then the optimizer's state in Keras's order, and an empty {@code vars} group for
 * the model itself; each {@code vars} group has a {@code name} attribute.
 */
public final class SavingLib {
    /** The Keras release whose format jkeras writes, recorded in {@code metadata.json}. */
    public static final String KERAS_VERSION = "3.15.1";
    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";
    private static final long JSON_CAP = 64L << 20;
    private static final long WEIGHTS_CAP = Integer.MAX_VALUE - 64L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SavingLib() {
    }

    // ------------------------------------------------------------------ saving

    /**
     * Writes a {@code .keras} file; see {@link Model#save(Path)}.
     *
     * @throws SavingException if the name does not end in {@code .keras} or the file cannot be written
     */
    public static void saveModel(Model model, Path path) {
        String name = String.valueOf(path.getFileName());
        if (!name.endsWith(".keras")) {
            throw new SavingException(path, null, "jkeras writes Keras 3's .keras format; the file name must end in"
                    + " .keras (legacy .h5 files are read, not written).");
        }
        byte[] config;
        byte[] metadata;
        byte[] weights;
        try {
            config = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(ModelConfigs.serialize(model));
            ObjectNode meta = SerializationLib.JSON.objectNode();
            meta.put("keras_version", KERAS_VERSION);
            meta.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
            meta.put("jkeras_version", "0.1.0");
            metadata = MAPPER.writeValueAsBytes(meta);
            weights = weightsFile(model).toBytes();
        } catch (IOException e) {
            throw new SavingException(path, null, "could not be written: " + e, e);
        }
        AtomicFiles.write(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            stored(zip, METADATA, metadata);
            stored(zip, CONFIG, config);
            stored(zip, WEIGHTS, weights);
            zip.finish();
        });
    }

    /**
     * Writes a {@code .weights.h5} file; see {@link Model#saveWeights(Path)}.
     *
     * @throws SavingException if the name does not end in {@code .weights.h5} or the file cannot be written
     */
    public static void saveWeights(Model model, Path path) {
        if (!String.valueOf(path.getFileName()).endsWith(".weights.h5")) {
            throw new SavingException(path, null, "the file name must end in .weights.h5, as Keras 3 requires.");
        }
        byte[] weights;
        try {
            weights = weightsFile(model).toBytes();
        } catch (IOException e) {
            throw new SavingException(path, null, "could not be written: " + e, e);
        }
        AtomicFiles.write(path, out -> out.write(weights));
    }

    /** An entry stored uncompressed, as Keras writes them. */
    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** The model's weights (and optimizer state) in Keras 3's HDF5 layout. */
    static H5Writer weightsFile(Model model) {
        H5Writer w = new H5Writer();
        H5Writer.Group layers = w.root.group("layers");
        List<String> paths = layerPaths(model);
        for (int k = 0; k < paths.size(); k++) {
            Layer l = model.layers().get(k);
            H5Writer.Group group = layers.group(paths.get(k));
            List<String> varsPaths = varsPaths(l);
            List<Tensor> ws = l.getWeights();
            int share = ws.size() / varsPaths.size();
            // Every layer has a vars group of its own, empty where its variables are its cell's (Keras's recurrent layers).
            group.group("vars").attributes.put("name", l.getName());
            for (int p = 0; p < varsPaths.size(); p++) {
                String varsPath = varsPaths.get(p);
                H5Writer.Group vars = subgroup(group, varsPath);
                if (l instanceof TimeDistributed td && varsPath.equals("layer/vars")) {
                    // The wrapped layer's own vars group, named as that layer.
                    vars.attributes.put("name", td.getLayer().getName());
                } else if (!varsPath.equals("vars")) {
                    String owner = varsPath.substring(0, varsPath.length() - "cell/vars".length());
                    if (!owner.isEmpty()) {
                        // A wrapped layer (Bidirectional's forward_layer/...): its own empty vars group too.
                        subgroup(group, owner + "vars").attributes.put("name", owner.substring(0, owner.length() - 1));
                    }
                    vars.attributes.put("name", l.getName() + "_cell");
                }
                for (int i = 0; i < share; i++) {
                    vars.put(String.valueOf(i), ws.get(p * share + i));
                }
            }
        }
        if (model.isCompiled() && model.isBuilt()) {
            H5Writer.Group vars = w.root.group("optimizer").group("vars");
            vars.attributes.put("name", SerializationLib.optimizer(model.getOptimizer()).path("config").path("name").asText());
            vars.put("0", model.getIterations());
            vars.put("1", model.getOptimizer().getLearningRate());
            int i = 2;
            for (Slot s : optimizerLayout(model)) {
                vars.put(String.valueOf(i++), model.getOptimizerSlots(s.layer()).get(s.slot()).get(s.index()));
            }
        }
        w.root.group("vars").attributes.put("name", model.getName());
        return w;
    }

    /**
     * The group of each layer under {@code layers/}, in {@link Model#layers()} order, as Keras 3
     * names them: not by the layer's name, which Keras holds unreproducible, but by the snake-cased
     * class name with a counter ({@code dense}, {@code dense_1}, {@code input_layer}...); the
     * layer's own name is the {@code name} attribute of its {@code vars} group.
     */
    static List<String> layerPaths(Model model) {
        Map<String, Integer> used = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (Layer l : model.layers()) {
            LayerSerializer<?> s = ObjectRegistration.serializerFor(l.getClass());
            String base = toSnakeCase(s != null ? s.className() : l.className());
            Integer n = used.get(base);
            used.put(base, n == null ? 0 : n + 1);
            out.add(n == null ? base : base + "_" + (n + 1));
        }
        return out;
    }

    /** Keras's {@code naming.to_snake_case}. */
    static String toSnakeCase(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** One optimizer variable: state {@code slot} of the {@code index}-th trainable variable of {@code layer}. */
    record Slot(String layer, String slot, int index, int[] shape, String variable) {
    }

    /**
     * The optimizer's variables after the step counter and the learning rate, in Keras 3's order:
     * Adam (and AdamW) interleave {@code momentum} and {@code velocity} per variable, then
     * {@code velocity_hat}; every other optimizer lists each kind of state for every variable in turn.
     */
    static List<Slot> optimizerLayout(Model model) {
        List<Slot[]> perVariable = new ArrayList<>();
        List<String> kinds = null;
        for (Layer l : model.layers()) {
            List<VariableSpec> trainable = l.variables().stream().filter(VariableSpec::trainable).toList();
            if (trainable.isEmpty()) {
                continue;
            }
            Map<String, List<Tensor>> slots = model.getOptimizerSlots(l.getName());
            kinds = new ArrayList<>(slots.keySet());
            for (int i = 0; i < trainable.size(); i++) {
                Slot[] row = new Slot[kinds.size()];
                for (int k = 0; k < row.length; k++) {
                    row[k] = new Slot(l.getName(), kinds.get(k), i, trainable.get(i).shape(), trainable.get(i).name());
                }
                perVariable.add(row);
            }
        }
        List<Slot> out = new ArrayList<>();
        if (kinds == null) {
            return out;
        }
        List<List<Integer>> groups = new ArrayList<>();
        int k0 = 0;
        if (model.getOptimizer() instanceof Adam && kinds.size() >= 2) {
            groups.add(List.of(0, 1));
            k0 = 2;
        }
        for (int k = k0; k < kinds.size(); k++) {
            groups.add(List.of(k));
        }
        for (List<Integer> g : groups) {
            for (Slot[] row : perVariable) {
                for (int k : g) {
                    out.add(row[k]);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ loading

    /**
     * Loads a {@code .keras} file, or a legacy {@code .h5} model; see {@link io.jkeras.models.Models#load(Path)}.
     *
     * @param backend the backend to compile on, or {@code null} for the configured one
     */
    public static Model loadModel(Path path, Backend backend) {
        byte[] head = head(path);
        if (isZip(head)) {
            return loadKeras(path, backend);
        }
        if (isHdf5(head)) {
            return LegacyH5Format.loadModel(path, readFile(path), backend);
        }
        throw new CorruptFileException(path, null, "is neither a .keras zip nor an HDF5 .h5 file (it starts with "
                + hex(head) + ").");
    }

    private static Model loadKeras(Path path, Backend backend) {
        byte[] config;
        byte[] weights;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            config = entry(zip, path, CONFIG, JSON_CAP);
            if (zip.getEntry(METADATA) != null) {
                JsonNode meta = parse(entry(zip, path, METADATA, 1 << 20), path, METADATA);
                if (!meta.isObject()) {
                    throw new CorruptFileException(path, METADATA, "expected a JSON object.");
                }
            }
            weights = entry(zip, path, WEIGHTS, WEIGHTS_CAP);
        } catch (ZipException e) {
            throw new CorruptFileException(path, null, "is not a readable zip (truncated or damaged): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CorruptFileException(path, null, "cannot be read: " + e, e);
        }
        JsonNode root = parse(config, path, CONFIG);
        ConfigNode rootNode = new ConfigNode(root, path, CONFIG);
        Model model = ModelConfigs.deserialize(rootNode, new ModelConfigs.Budget(path, WEIGHTS, weights.length));
        compile(model, ModelConfigs.compileOptions(rootNode.object("compile_config"), model), backend, path);
        try (H5Reader r = H5Reader.open(weights, path, WEIGHTS + ":")) {
            readWeights(r, model);
        }
        return model;
    }

    /** Compiles a loaded model as its file says, on {@code backend} (or the configured one). */
    static void compile(Model model, CompileOptions options, Backend backend, Path path) {
        if (options == null) {
            return;
        }
        try {
            model.compile(options.backend(backend));
        } catch (SavingException e) {
            throw e;
        } catch (KerasException e) {
            throw new CorruptFileException(path, CONFIG + ":compile_config", e.getMessage(), e);
        }
    }

    /**
     * Loads weights into a model; see {@link Model#loadWeights(Path)}.
     *
     * @throws SavingException naming the file and the entry, if the file does not fit the model
     */
    public static void loadWeights(Model model, Path path) {
        byte[] head = head(path);
        if (isZip(head)) {
            byte[] weights;
            try (ZipFile zip = new ZipFile(path.toFile())) {
                weights = entry(zip, path, WEIGHTS, WEIGHTS_CAP);
            } catch (ZipException e) {
                throw new CorruptFileException(path, null, "is not a readable zip (truncated or damaged): " + e.getMessage(), e);
            } catch (IOException e) {
                throw new CorruptFileException(path, null, "cannot be read: " + e, e);
            }
            try (H5Reader r = H5Reader.open(weights, path, WEIGHTS + ":")) {
                readWeights(r, model);
            }
            return;
        }
        if (!isHdf5(head)) {
            throw new CorruptFileException(path, null, "is not an HDF5 weights file (it starts with " + hex(head) + ").");
        }
        try (H5Reader r = H5Reader.open(readFile(path), path, "")) {
            if (r.exists("layers") || r.exists("vars")) {
                readWeights(r, model);
            } else {
                LegacyH5Format.readWeights(r, model);
            }
        }
    }

    /** The paths of a layer's variables under its group: {@link LayerSerializer#varsPaths()}. */
    private static List<String> varsPaths(Layer l) {
        LayerSerializer<?> s = ObjectRegistration.serializerFor(l.getClass());
        return s == null ? List.of("vars") : s.varsPaths();
    }

    /** The group at this {@code /}-separated path under {@code group}, made where missing. */
    private static H5Writer.Group subgroup(H5Writer.Group group, String path) {
        H5Writer.Group g = group;
        for (String part : path.split("/")) {
            g = g.group(part);
        }
        return g;
    }

    /** Reads every layer's variables, then the optimizer's state when the model is compiled. */
    static void readWeights(H5Reader r, Model model) {
        if (!model.isBuilt()) {
            throw new SavingException(r.file(), null, "the model is not built, so its weights have no shapes yet; give"
                    + " it an input shape first.");
        }
        List<String> known = layerPaths(model);
        for (int k = 0; k < known.size(); k++) {
            Layer l = model.layers().get(k);
            List<VariableSpec> all = l.variables();
            if (all.isEmpty()) {
                continue;
            }
            List<String> varsPaths = varsPaths(l);
            int share = all.size() / varsPaths.size();
            List<Tensor> ws = new ArrayList<>();
            for (int part = 0; part < varsPaths.size(); part++) {
                String p = "layers/" + known.get(k) + "/" + varsPaths.get(part);
                List<VariableSpec> vars = all.subList(part * share, (part + 1) * share);
                if (!r.exists(p)) {
                    throw new MissingEntryException(r.file(), r.entry(p), "no weights for layer '" + l.getName() + "', which"
                            + " has " + vars.size() + " variables " + vars + " there.");
                }
                List<String> names = r.childNames(p);
                if (names.size() != vars.size()) {
                    throw new WeightMismatchException(r.file(), r.entry(p), "layer '" + l.getName() + "' has " + vars.size()
                            + " variables " + vars + " there. Received: " + names.size() + " (" + names + ").");
                }
                for (int i = 0; i < vars.size(); i++) {
                    ws.add(r.floats(p + "/" + i, vars.get(i).shape(), "layer '" + l.getName() + "' variable "
                            + (part * share + i) + " (" + vars.get(i).name() + ")"));
                }
            }
            l.setWeights(ws);
        }
        if (r.exists("layers")) {
            for (String g : r.childNames("layers")) {
                if (!known.contains(g) && r.exists("layers/" + g + "/vars") && !r.childNames("layers/" + g + "/vars").isEmpty()) {
                    throw new WeightMismatchException(r.file(), r.entry("layers/" + g), "the file has weights in group '" + g
                            + "', which model '" + model.getName() + "' does not have (its layer groups: " + known + ").");
                }
            }
        }
        if (model.isCompiled() && r.exists("optimizer/vars")) {
            readOptimizer(r, model);
        }
    }

    private static void readOptimizer(H5Reader r, Model model) {
        String p = "optimizer/vars";
        List<String> names = r.childNames(p);
        if (names.isEmpty()) {
            return;
        }
        List<Slot> layout = optimizerLayout(model);
        if (names.size() != 2 && names.size() != 2 + layout.size()) {
            throw new WeightMismatchException(r.file(), r.entry(p), "the optimizer " + model.getOptimizer().name() + " of"
                    + " this model keeps " + (2 + layout.size()) + " variables (the step counter, the learning rate and "
                    + layout.size() + " of state). Received: " + names.size() + ".");
        }
        long iterations = r.integerScalar(p + "/0", "the optimizer's step counter (iterations)");
        if (iterations < 0) {
            throw new CorruptFileException(r.file(), r.entry(p + "/0"), "the step counter is negative: " + iterations + ".");
        }
        float lr = r.floatScalar(p + "/1", "the learning rate");
        if (!(lr >= 0) || Float.isInfinite(lr)) {
            throw new CorruptFileException(r.file(), r.entry(p + "/1"), "the learning rate must be a non-negative number."
                    + " Received: " + lr + ".");
        }
        Map<String, Map<String, List<Tensor>>> state = new LinkedHashMap<>();
        if (names.size() > 2) {
            Map<String, Map<String, List<Tensor>>> current = new LinkedHashMap<>();
            for (int i = 0; i < layout.size(); i++) {
                Slot s = layout.get(i);
                Tensor t = r.floats(p + "/" + (i + 2), s.shape(), "optimizer state '" + s.slot() + "' of layer '" + s.layer()
                        + "' variable " + s.variable());
                current.computeIfAbsent(s.layer(), k -> new LinkedHashMap<>()).computeIfAbsent(s.slot(), k -> new ArrayList<>());
                List<Tensor> list = current.get(s.layer()).get(s.slot());
                while (list.size() <= s.index()) {
                    list.add(null);
                }
                list.set(s.index(), t);
            }
            state = current;
        }
        model.getOptimizer().setLearningRate(lr);
        model.setIterations(iterations);
        for (Map.Entry<String, Map<String, List<Tensor>>> e : state.entrySet()) {
            model.setOptimizerSlots(e.getKey(), e.getValue());
        }
    }

    // ------------------------------------------------------------------ files

    /** A zip entry's bytes, refusing one larger than {@code cap} or than it declares. */
    private static byte[] entry(ZipFile zip, Path path, String name, long cap) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new MissingEntryException(path, name, "the .keras archive has no " + name + ".");
        }
        long declared = e.getSize();
        if (declared > cap) {
            throw new SizeLimitException(path, name, "the entry declares " + declared + " bytes; jkeras reads at most " + cap + ".");
        }
        long limit = declared >= 0 ? declared : cap;
        try (InputStream in = zip.getInputStream(e)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 1 << 20));
            byte[] buf = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > limit) {
                    throw new SizeLimitException(path, name, "the entry holds more than the " + limit + " bytes it may.");
                }
                out.write(buf, 0, n);
            }
            if (declared >= 0 && total != declared) {
                throw new CorruptFileException(path, name, "the entry is truncated: " + total + " of " + declared + " bytes.");
            }
            return out.toByteArray();
        } catch (ZipException ex) {
            throw new CorruptFileException(path, name, "the entry is damaged: " + ex.getMessage(), ex);
        } catch (java.io.EOFException ex) {
            throw new CorruptFileException(path, name, "the entry is truncated.", ex);
        }
    }

    static JsonNode parse(byte[] json, Path path, String entry) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || n.isMissingNode()) {
                throw new CorruptFileException(path, entry, "is empty.");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new CorruptFileException(path, entry, "is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ").", e);
        } catch (IOException e) {
            throw new CorruptFileException(path, entry, "cannot be read: " + e, e);
        }
    }

    static JsonNode parse(String json, Path path, String entry) {
        return parse(json.getBytes(StandardCharsets.UTF_8), path, entry);
    }

    private static byte[] head(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(8);
        } catch (NoSuchFileException e) {
            throw new MissingEntryException(path, null, "the file does not exist.", e);
        } catch (IOException e) {
            throw new CorruptFileException(path, null, "cannot be read: " + e, e);
        }
    }

    static byte[] readFile(Path path) {
        try {
            long size = Files.size(path);
            if (size > WEIGHTS_CAP) {
                throw new SizeLimitException(path, null, "the file has " + size + " bytes; jkeras reads at most " + WEIGHTS_CAP + ".");
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new CorruptFileException(path, null, "cannot be read: " + e, e);
        }
    }

    private static boolean isZip(byte[] h) {
        return h.length >= 4 && h[0] == 'P' && h[1] == 'K' && h[2] == 3 && h[3] == 4;
    }

    private static boolean isHdf5(byte[] h) {
        return h.length >= 8 && (h[0] & 0xff) == 0x89 && h[1] == 'H' && h[2] == 'D' && h[3] == 'F';
    }

    private static String hex(byte[] h) {
        StringBuilder sb = new StringBuilder();
        for (byte b : h) {
            sb.append(String.format("%02x ", b));
        }
        return h.length == 0 ? "nothing (the file is empty)" : sb.toString().trim();
    }
}
