package io.jkeras.saving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jkeras.KerasException;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.VariableSpec;
import io.jkeras.layers.Input;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.KerasTensor;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import io.jkeras.losses.Loss;
import io.jkeras.models.CompileOptions;
import io.jkeras.models.Model;
import io.jkeras.models.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's Keras 3 configuration ({@code config.json}, or Keras 2's {@code model_config}) written
 * from a model and read back into one: Sequential and Functional graphs, each layer's config with
 * its {@code build_config} and inbound nodes, and the compile configuration.
 *
 * <p>While a graph is rebuilt, every layer's variables are sized from the shapes reaching it before
 * the layer is built, and charged against the values the weights file can hold: a configuration
 * that declares more is refused with {@link SizeLimitException} before anything is allocated.
 */
final class ModelConfigs {
    private static final int MAX_LAYERS = 100_000;
    private static final int MAX_NODES = 100_000;

    private ModelConfigs() {
    }

    // ------------------------------------------------------------------ writing

    /** The whole {@code config.json} of a model. */
    static ObjectNode serialize(Model model) {
        boolean sequential = model instanceof Sequential;
        ObjectNode config = SerializationLib.JSON.objectNode();
        config.put("name", model.getName());
        config.put("trainable", true);
        if (sequential) {
            config.set("dtype", dtypePolicy());
        }
        ArrayNode layers = config.putArray("layers");
        if (sequential) {
            if (model.isBuilt()) {
                layers.add(inputLayer(model.inputs().get(0), false));
            }
            for (Layer l : model.layers()) {
                layers.add(layer(l, null));
            }
            if (model.isBuilt()) {
                config.set("build_input_shape", BuiltinLayers.batchShape(model.inputShape()));
            }
        } else {
            Map<InputLayer, Input> inputsByLayer = new HashMap<>();
            for (Input in : model.inputs()) {
                inputsByLayer.put(in.layer(), in);
            }
            for (Layer l : model.layers()) {
                if (l instanceof InputLayer il) {
                    layers.add(inputLayer(inputsByLayer.get(il), true));
                } else {
                    layers.add(layer(l, model));
                }
            }
            config.set("input_layers", historyList(model.inputs()));
            config.set("output_layers", historyList(model.outputs()));
        }
        ObjectNode root = SerializationLib.object(sequential ? "keras" : "keras.src.models.functional",
                sequential ? "Sequential" : "Functional", config, sequential ? null : "Functional");
        ObjectNode build = root.putObject("build_config");
        if (sequential && model.isBuilt()) {
            build.set("input_shape", BuiltinLayers.batchShape(model.inputShape()));
        } else {
            build.putNull("input_shape");
        }
        if (model.isCompiled()) {
            root.set("compile_config", compileConfig(model));
        }
        return root;
    }

    private static ObjectNode dtypePolicy() {
        ObjectNode c = SerializationLib.JSON.objectNode();
        c.put("name", "float32");
        return SerializationLib.object("keras", "DTypePolicy", c, null);
    }

    private static ObjectNode inputLayer(Input in, boolean functional) {
        ObjectNode c = SerializationLib.JSON.objectNode();
        c.set("batch_shape", BuiltinLayers.batchShape(in.shape()));
        c.put("dtype", in.isInteger() ? "int32" : "float32");
        c.put("sparse", false);
        c.put("ragged", false);
        c.put("name", in.name());
        c.put("optional", false);
        ObjectNode o = SerializationLib.object("keras.layers", "InputLayer", c, null);
        if (functional) {
            o.put("name", in.name());
            o.putArray("inbound_nodes");
        }
        return o;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static ObjectNode layer(Layer l, Model functional) {
        LayerSerializer s = ObjectRegistration.serializerFor(l.getClass());
        if (s == null) {
            throw new KerasException("Layer '" + l.getName() + "' (" + l.getClass().getName() + ") has no Keras"
                    + " configuration: register a LayerSerializer for it with ObjectRegistration.registerLayer.");
        }
        ObjectNode c = SerializationLib.JSON.objectNode();
        c.put("name", l.getName());
        c.put("trainable", true);
        c.set("dtype", dtypePolicy());
        s.writeConfig(l, c);
        ObjectNode o = SerializationLib.object(s.module(), s.className(), c, s.registeredName());
        if (l.isBuilt() && s.hasBuildConfig()) {
            List<int[]> shapes = l.inputShapes();
            ObjectNode b = o.putObject("build_config");
            if (shapes.size() == 1) {
                b.set("input_shape", BuiltinLayers.batchShape(shapes.get(0)));
            } else {
                ArrayNode a = b.putArray("input_shape");
                for (int[] sh : shapes) {
                    a.add(BuiltinLayers.batchShape(sh));
                }
            }
        }
        if (functional != null) {
            o.put("name", l.getName());
            ArrayNode nodes = o.putArray("inbound_nodes");
            for (Node n : l.inboundNodes()) {
                ObjectNode node = nodes.addObject();
                ArrayNode args = node.putArray("args");
                if (n.inputs().size() == 1) {
                    args.add(kerasTensor(n.inputs().get(0)));
                } else {
                    ArrayNode list = args.addArray();
                    for (KerasTensor t : n.inputs()) {
                        list.add(kerasTensor(t));
                    }
                }
                ObjectNode kwargs = node.putObject("kwargs");
                if (s.takesTraining()) {
                    kwargs.put("training", false);
                }
                if (s.takesMask()) {
                    kwargs.putNull("mask");
                }
            }
        }
        return o;
    }

    private static ObjectNode kerasTensor(KerasTensor t) {
        ObjectNode c = SerializationLib.JSON.objectNode();
        c.set("shape", BuiltinLayers.batchShape(t.shape()));
        c.put("dtype", "float32");
        ArrayNode h = c.putArray("keras_history");
        h.add(t.node().layer().getName()).add(t.node().index()).add(t.tensorIndex());
        ObjectNode o = SerializationLib.JSON.objectNode();
        o.put("class_name", "__keras_tensor__");
        o.set("config", c);
        return o;
    }

    /** Keras's {@code input_layers} / {@code output_layers}: a list of {@code [layer, node, tensor]}, flat for one tensor. */
    private static JsonNode historyList(List<? extends KerasTensor> ts) {
        ArrayNode a = SerializationLib.JSON.arrayNode();
        for (KerasTensor t : ts) {
            a.addArray().add(t.node().layer().getName()).add(t.node().index()).add(t.tensorIndex());
        }
        return ts.size() == 1 ? a.get(0) : a;
    }

    private static ObjectNode compileConfig(Model model) {
        ObjectNode c = SerializationLib.JSON.objectNode();
        c.set("optimizer", SerializationLib.optimizer(model.getOptimizer()));
        List<String> outs = model.outputNames();
        List<Loss> losses = model.getLosses();
        if (outs.size() == 1) {
            c.set("loss", SerializationLib.loss(losses.get(0)));
        } else {
            ObjectNode d = c.putObject("loss");
            for (int i = 0; i < outs.size(); i++) {
                d.set(outs.get(i), SerializationLib.loss(losses.get(i)));
            }
        }
        float[] w = model.getLossWeights();
        boolean ones = true;
        for (float x : w) {
            ones &= x == 1f;
        }
        if (ones) {
            c.putNull("loss_weights");
        } else {
            ObjectNode d = c.putObject("loss_weights");
            for (int i = 0; i < outs.size(); i++) {
                d.put(outs.get(i), SerializationLib.f32(w[i]));
            }
        }
        List<List<String>> metrics = model.getCompiledMetrics();
        boolean any = metrics.stream().anyMatch(m -> !m.isEmpty());
        if (!any) {
            c.putNull("metrics");
        } else if (outs.size() == 1) {
            ArrayNode a = c.putArray("metrics");
            metrics.get(0).forEach(a::add);
        } else {
            ObjectNode d = c.putObject("metrics");
            for (int i = 0; i < outs.size(); i++) {
                if (!metrics.get(i).isEmpty()) {
                    ArrayNode a = d.putArray(outs.get(i));
                    metrics.get(i).forEach(a::add);
                }
            }
        }
        c.putNull("weighted_metrics");
        c.put("run_eagerly", false);
        c.put("steps_per_execution", 1);
        c.put("jit_compile", false);
        return c;
    }

    // ------------------------------------------------------------------ reading

    /** The values the weights file can hold, charged as layers are built. */
    static final class Budget {
        private final Path weightsFile;
        private final String weightsEntry;
        private long floats;

        Budget(Path weightsFile, String weightsEntry, long bytes) {
            this.weightsFile = weightsFile;
            this.weightsEntry = weightsEntry;
            this.floats = bytes / 4;
        }

        /** Checks the variables a layer is about to get against what is left. */
        void charge(Layer layer, List<int[]> inputShapes, Path file, String where) {
            List<VariableSpec> vars;
            try {
                vars = layer.plannedVariables(inputShapes);
            } catch (KerasException e) {
                throw new SizeLimitException(file, where, "layer '" + layer.getName() + "' cannot be built for its inputs: "
                        + e.getMessage(), e);
            }
            for (VariableSpec v : vars) {
                long n = H5Reader.size(v.shape());
                if (n > floats) {
                    throw new SizeLimitException(file, where, "layer '" + layer.getName() + "' declares variable '" + v.name()
                            + "' of shape " + io.jkeras.Tensor.shapeToString(v.shape()) + " (" + n + " values), but "
                            + weightsEntry + " of " + weightsFile + " can hold only " + floats + " more float32 values.");
                }
                floats -= n;
            }
        }
    }

    /** A model from Keras 3's or Keras 2's model configuration. */
    static Model deserialize(ConfigNode root, Budget budget) {
        String cls = root.getString("class_name");
        root.raw("module");
        root.raw("registered_name");
        root.raw("build_config");
        root.raw("compile_config");
        ConfigNode config = root.object("config");
        if (config == null) {
            throw new MissingEntryException(root.file(), root.path() + ".config", "the model has no config.");
        }
        return switch (cls) {
            case "Sequential" -> sequential(config, budget);
            case "Functional", "Model" -> functional(config, budget);
            default -> throw new UnknownClassException(root.file(), root.path() + ".class_name", "jkeras loads Sequential and"
                    + " Functional models. Received: class_name '" + cls + "' (a subclassed model has no graph to rebuild).");
        };
    }

    private static ArrayNode layerList(ConfigNode config) {
        JsonNode layers = config.required("layers");
        if (!layers.isArray()) {
            throw config.type("layers", "a list of layers", layers);
        }
        if (layers.size() > MAX_LAYERS) {
            throw new SizeLimitException(config.file(), config.path() + ".layers", "the model lists " + layers.size()
                    + " layers; jkeras reads at most " + MAX_LAYERS + ".");
        }
        return (ArrayNode) layers;
    }

    private static Sequential sequential(ConfigNode config, Budget budget) {
        Sequential model = new Sequential(config.getString("name", "sequential"));
        checkModelKeys(config);
        ArrayNode layers = layerList(config);
        int[] buildShape = config.has("build_input_shape")
                ? BuiltinLayers.sampleShape(config, "build_input_shape", config.raw("build_input_shape")) : null;
        for (int i = 0; i < layers.size(); i++) {
            ConfigNode lc = new ConfigNode(layers.get(i), config.file(), config.path() + ".layers[" + i + "]");
            if (lc.getString("class_name").equals("InputLayer")) {
                if (i != 0) {
                    throw new CorruptFileException(config.file(), lc.path(), "an InputLayer must be the first layer of a Sequential model.");
                }
                model.add(input(lc));
                continue;
            }
            if (i == 0) {
                ConfigNode c = lc.object("config");
                if (c != null && c.has("batch_input_shape")) {
                    model.add(new Input(BuiltinLayers.sampleShape(c, "batch_input_shape", c.raw("batch_input_shape"))));
                } else if (buildShape != null) {
                    model.add(new Input(buildShape));
                }
            }
            Layer layer = layer(lc);
            if (model.isBuilt()) {
                budget.charge(layer, List.of(model.outputShape()), config.file(), lc.path());
            }
            try {
                model.add(layer);
            } catch (KerasException e) {
                throw new CorruptFileException(config.file(), lc.path(), e.getMessage(), e);
            }
        }
        return model;
    }

    private static void checkModelKeys(ConfigNode config) {
        if (!config.getBoolean("trainable", true)) {
            throw config.unsupported("trainable", "jkeras has no frozen models");
        }
        config.raw("dtype");
    }

    /** An Input from an InputLayer entry (Keras 3's {@code batch_shape} or Keras 2's {@code batch_input_shape}). */
    private static Input input(ConfigNode entry) {
        entry.raw("module");
        entry.raw("registered_name");
        entry.raw("inbound_nodes");
        ConfigNode c = entry.object("config");
        if (c == null) {
            throw new MissingEntryException(entry.file(), entry.path() + ".config", "the InputLayer has no config.");
        }
        String key = c.has("batch_shape") ? "batch_shape" : "batch_input_shape";
        Input in = new Input(BuiltinLayers.sampleShape(c, key, c.required(key))).name(c.getString("name"));
        String dtype = c.getString("dtype", "float32");
        try {
            in.dtype(dtype);
        } catch (KerasException e) {
            throw new DtypeException(entry.file(), c.path() + ".dtype", e.getMessage());
        }
        if (c.getBoolean("sparse", false) || c.getBoolean("ragged", false) || c.getBoolean("optional", false)) {
            throw new UnsupportedFeatureException(entry.file(), c.path(), "jkeras's inputs are dense and required"
                    + " (sparse, ragged and optional must be false).");
        }
        c.raw("input_shape");
        c.checkAllRead("InputLayer");
        entry.raw("name");
        return in;
    }

    /** A new layer from its entry, through the registry only. */
    static Layer layer(ConfigNode entry) {
        String cls = entry.getString("class_name");
        entry.raw("module");
        String registered = entry.getString("registered_name", null);
        entry.raw("build_config");
        entry.raw("inbound_nodes");
        entry.raw("name");
        if (cls.equals("Lambda") || cls.equals("TFOpLambda") || cls.equals("__lambda__")) {
            throw new UnsafeContentException(entry.file(), entry.path(), "a " + cls + " layer holds Python code; like Keras's"
                    + " safe_mode, jkeras never loads code from a file. Rebuild the model without it, or register a"
                    + " custom layer in Java (ObjectRegistration.registerLayer).");
        }
        LayerSerializer<?> s = ObjectRegistration.lookup(registered, cls);
        if (s == null || cls.equals("InputLayer")) {
            throw new UnknownClassException(entry.file(), entry.path() + ".class_name", "unknown layer class_name '" + cls + "'"
                    + (registered != null ? " (registered_name '" + registered + "')" : "") + ". jkeras knows "
                    + ObjectRegistration.knownNames() + "; register a custom layer with ObjectRegistration.registerLayer.");
        }
        ConfigNode c = entry.object("config");
        if (c == null) {
            throw new MissingEntryException(entry.file(), entry.path() + ".config", "the layer has no config.");
        }
        String name = c.getString("name");
        if (!c.getBoolean("trainable", true)) {
            throw c.unsupported("trainable", "jkeras has no frozen layers (trainable=false)");
        }
        checkDtype(c);
        Layer layer;
        try {
            layer = s.fromConfig(c);
            layer.name(name);
        } catch (SavingException e) {
            throw e;
        } catch (KerasException | IllegalArgumentException e) {
            throw new CorruptFileException(entry.file(), c.path(), "invalid " + cls + " configuration: " + e.getMessage(), e);
        }
        c.checkAllRead(cls + " '" + name + "'");
        return layer;
    }

    private static void checkDtype(ConfigNode c) {
        JsonNode d = c.raw("dtype");
        if (d == null) {
            return;
        }
        String name = d.isTextual() ? d.textValue() : d.path("config").path("name").asText("");
        if (!name.equals("float32")) {
            throw new DtypeException(c.file(), c.path() + ".dtype", "jkeras computes in float32. Received: dtype policy '"
                    + name + "'.");
        }
    }

    private static Model functional(ConfigNode config, Budget budget) {
        String name = config.getString("name", "functional");
        checkModelKeys(config);
        ArrayNode layers = layerList(config);
        Map<String, KerasTensor> tensors = new HashMap<>();
        List<Layer> created = new ArrayList<>();
        List<List<JsonNode>> nodesOf = new ArrayList<>();
        List<ConfigNode> entries = new ArrayList<>();
        Map<String, Input> inputs = new LinkedHashMap<>();
        // keras.ops nodes (the masks Keras traces), their masks, and the mask jkeras computes for each tensor
        Map<Integer, MaskOps.Op> ops = new HashMap<>();
        Map<String, MaskOps.Mask> opMasks = new HashMap<>();
        Map<String, MaskSpec> masks = new HashMap<>();
        int totalNodes = 0;
        for (int i = 0; i < layers.size(); i++) {
            ConfigNode lc = new ConfigNode(layers.get(i), config.file(), config.path() + ".layers[" + i + "]");
            JsonNode inbound = lc.raw("inbound_nodes");
            List<JsonNode> nodes = new ArrayList<>();
            if (inbound != null) {
                if (!inbound.isArray()) {
                    throw lc.type("inbound_nodes", "a list of nodes", inbound);
                }
                inbound.forEach(nodes::add);
            }
            totalNodes += nodes.size();
            if (totalNodes > MAX_NODES) {
                throw new SizeLimitException(config.file(), lc.path(), "the model has more than " + MAX_NODES + " nodes.");
            }
            if (MaskOps.isOp(lc)) {
                MaskOps.Op op = MaskOps.parse(lc);
                checkUnique(op.name(), created, ops, lc);
                ops.put(i, op);
                created.add(null);
            } else if (lc.getString("class_name").equals("InputLayer")) {
                Input in = input(lc);
                if (inputs.put(in.name(), in) != null || tensors.containsKey(in.name() + "#0#0")) {
                    throw new CorruptFileException(config.file(), lc.path(), "the name '" + in.name() + "' is used twice.");
                }
                tensors.put(in.name() + "#0#0", in);
                created.add(null);
            } else {
                Layer l = layer(lc);
                checkUnique(l.getName(), created, ops, lc);
                created.add(l);
            }
            nodesOf.add(nodes);
            entries.add(lc);
        }
        int[] next = new int[layers.size()];
        boolean progress = true;
        int remaining = 0;
        for (int i = 0; i < created.size(); i++) {
            remaining += created.get(i) == null && !ops.containsKey(i) ? 0 : nodesOf.get(i).size();
        }
        while (remaining > 0 && progress) {
            progress = false;
            for (int i = 0; i < created.size(); i++) {
                Layer l = created.get(i);
                MaskOps.Op op = ops.get(i);
                while ((l != null || op != null) && next[i] < nodesOf.get(i).size()) {
                    String where = entries.get(i).path() + ".inbound_nodes[" + next[i] + "]";
                    JsonNode node = nodesOf.get(i).get(next[i]);
                    if (op != null) {
                        MaskOps.Mask m = MaskOps.resolve(op, node, tensors, opMasks, config.file(), where);
                        if (m == null) {
                            break;
                        }
                        opMasks.put(op.name() + "#" + next[i] + "#0", m);
                    } else {
                        List<KerasTensor> in = nodeInputs(node, tensors, opMasks, config.file(), where);
                        MaskOps.Mask given = givenMask(node, tensors, opMasks, config.file(), where);
                        if (in == null || given == NOT_MADE_YET) {
                            break;
                        }
                        if (!l.isBuilt()) {
                            budget.charge(l, in.stream().map(KerasTensor::shape).toList(), config.file(), where);
                        }
                        List<KerasTensor> out;
                        try {
                            out = l.applyAll(in);
                        } catch (KerasException e) {
                            throw new CorruptFileException(config.file(), where, e.getMessage(), e);
                        }
                        trackMask(out.get(0).node(), given, masks, config.file(), where);
                        for (KerasTensor t : out) {
                            tensors.put(l.getName() + "#" + next[i] + "#" + t.tensorIndex(), t);
                        }
                    }
                    next[i]++;
                    remaining--;
                    progress = true;
                }
            }
        }
        if (remaining > 0) {
            for (int i = 0; i < created.size(); i++) {
                if ((created.get(i) != null || ops.containsKey(i)) && next[i] < nodesOf.get(i).size()) {
                    throw new CorruptFileException(config.file(), entries.get(i).path() + ".inbound_nodes[" + next[i] + "]",
                            "the node's inputs come from no layer of the model (or from a cycle).");
                }
            }
        }
        List<KerasTensor> ins = history(config, "input_layers", tensors);
        List<KerasTensor> outs = history(config, "output_layers", tensors);
        try {
            return new Model(ins, outs, name);
        } catch (KerasException e) {
            throw new CorruptFileException(config.file(), config.path(), e.getMessage(), e);
        }
    }

    /** {@link #givenMask}'s answer while the op node making the mask has not been read yet. */
    private static final MaskOps.Mask NOT_MADE_YET = new MaskOps.Mask("", "", null, 0f, false);

    /**
     * The mask a node passes as {@code mask=} (Keras 3 records the masks it traces as op nodes):
     * {@code null} for none, {@link #NOT_MADE_YET} while its op node is not read yet.
     */
    private static MaskOps.Mask givenMask(JsonNode node, Map<String, KerasTensor> tensors, Map<String, MaskOps.Mask> opMasks,
            Path file, String where) {
        JsonNode m = node.isObject() ? node.path("kwargs").get("mask") : null;
        if (m == null || m.isNull()) {
            return null;
        }
        String key = MaskOps.key(m, file, where + ".kwargs.mask");
        if (tensors.containsKey(key)) {
            throw new UnsupportedFeatureException(file, where + ".kwargs.mask", "the layer is given mask=" + tensors.get(key).name()
                    + ", a layer's output; jkeras computes masks itself, from Embedding(mask_zero=True) and Masking only.");
        }
        MaskOps.Mask given = opMasks.get(key);
        return given != null ? given : NOT_MADE_YET;
    }

    /** Follows Keras's masks to the node's output, checking the mask the file passes to it. */
    private static void trackMask(Node n, MaskOps.Mask given, Map<String, MaskSpec> masks, Path file, String where) {
        MaskSpec arriving = n.inputMask(masks);
        if (given != null) {
            MaskOps.checkGiven(n.layer(), given, arriving, file, where);
        }
        MaskSpec out;
        try {
            out = n.outputMask(arriving);
        } catch (KerasException e) {
            throw new UnsupportedFeatureException(file, where, e.getMessage(), e);
        }
        if (out != null) {
            masks.put(n.output().name(), out);
        }
    }

    private static void checkUnique(String name, List<Layer> created, Map<Integer, MaskOps.Op> ops, ConfigNode lc) {
        boolean used = ops.values().stream().anyMatch(o -> o.name().equals(name))
                || created.stream().anyMatch(other -> other != null && other.getName().equals(name));
        if (used) {
            throw new CorruptFileException(lc.file(), lc.path(), "the name '" + name + "' is used twice.");
        }
    }

    /** The tensors a node reads, or {@code null} while one of them is not made yet. */
    private static List<KerasTensor> nodeInputs(JsonNode node, Map<String, KerasTensor> tensors,
            Map<String, MaskOps.Mask> opMasks, Path file, String where) {
        List<JsonNode> refs = new ArrayList<>();
        if (node.isObject()) {
            JsonNode args = node.get("args");
            JsonNode kwargs = node.get("kwargs");
            if (kwargs != null && kwargs.isObject()) {
                kwargs.fields().forEachRemaining(e -> {
                    // Keras records training=False on layers called while building; a Functional model
                    // passes its own training flag at every call, as jkeras does. A mask is read by givenMask.
                    if (!e.getValue().isNull() && !(e.getKey().equals("training") && e.getValue().isBoolean())
                            && !e.getKey().equals("mask")) {
                        throw new UnsupportedFeatureException(file, where + ".kwargs." + e.getKey(), "jkeras calls layers"
                                + " with their inputs only. Received: " + ConfigNode.abbreviate(e.getValue()) + ".");
                    }
                });
            }
            if (args == null || !args.isArray() || args.size() != 1) {
                throw new CorruptFileException(file, where + ".args", "expected one argument (a tensor or a list of tensors).");
            }
            JsonNode a = args.get(0);
            if (a.isArray()) {
                a.forEach(refs::add);
            } else {
                refs.add(a);
            }
        } else if (node.isArray()) {
            node.forEach(refs::add);  // Keras 2: [[layer, node, tensor, kwargs], ...]
        } else {
            throw new CorruptFileException(file, where, "expected a node. Received: " + ConfigNode.abbreviate(node) + ".");
        }
        List<KerasTensor> out = new ArrayList<>();
        for (JsonNode r : refs) {
            String key = MaskOps.key(r, file, where);
            JsonNode h = r.isObject() ? r.path("config").path("keras_history") : r;
            if (opMasks.containsKey(key)) {
                MaskOps.Mask m = opMasks.get(key);
                throw new UnsupportedFeatureException(file, where, "the layer reads the result of keras.ops operation '"
                        + m.op() + "' (" + m.className() + ") as data; jkeras reads NotEqual and Any only as the masks of"
                        + " Embedding(mask_zero=True) and Masking, passed as mask=.");
            }
            if (h.size() > 3 && h.get(3).isObject() && !h.get(3).isEmpty()) {
                throw new UnsupportedFeatureException(file, where, "jkeras calls layers with their inputs only. Received"
                        + " call arguments " + ConfigNode.abbreviate(h.get(3)) + ".");
            }
            KerasTensor t = tensors.get(key);
            String layer = h.get(0).textValue();
            int nodeIndex = h.get(1).intValue();
            if (t == null) {
                if (tensors.containsKey(layer + "#" + nodeIndex + "#0")) {
                    throw new CorruptFileException(file, where, "tensor index " + h.get(2).intValue() + " of node " + nodeIndex
                            + " of layer '" + layer + "' does not exist: that call has fewer outputs.");
                }
                return null;
            }
            out.add(t);
        }
        return out;
    }

    private static List<KerasTensor> history(ConfigNode config, String key, Map<String, KerasTensor> tensors) {
        JsonNode v = config.required(key);
        List<JsonNode> refs = new ArrayList<>();
        if (v.isArray() && v.size() > 0 && v.get(0).isTextual()) {
            refs.add(v);
        } else if (v.isArray()) {
            v.forEach(refs::add);
        } else if (v.isObject()) {
            v.fields().forEachRemaining(e -> refs.add(e.getValue()));
        }
        List<KerasTensor> out = new ArrayList<>();
        for (JsonNode r : refs) {
            if (!r.isArray() || r.size() < 2 || !r.get(0).isTextual()) {
                throw config.type(key, "a list of [layer, node, tensor]", v);
            }
            KerasTensor t = tensors.get(r.get(0).textValue() + "#" + r.get(1).asInt() + "#" + (r.size() > 2 ? r.get(2).asInt() : 0));
            if (t == null) {
                throw new CorruptFileException(config.file(), config.path() + "." + key, "no tensor " + r + " in the model.");
            }
            out.add(t);
        }
        return out;
    }

    // ------------------------------------------------------------------ compile

    /** Keras's {@code compile_config} (or Keras 2's {@code training_config}) as jkeras's compile options, or {@code null} if empty. */
    static CompileOptions compileOptions(ConfigNode c, Model model) {
        if (c == null || c.json().isEmpty()) {
            return null;
        }
        JsonNode opt = c.raw("optimizer");
        if (opt == null) {
            opt = c.raw("optimizer_config");
        }
        if (opt == null) {
            throw new MissingEntryException(c.file(), c.path() + ".optimizer", "the compile configuration has no optimizer.");
        }
        CompileOptions o = new CompileOptions(SerializationLib.optimizer(opt, c, c.path() + ".optimizer"));
        List<String> outs = model.outputNames();
        JsonNode loss = c.required("loss");
        String lw = c.path() + ".loss";
        if (loss.isObject() && !loss.has("class_name")) {
            loss.fields().forEachRemaining(e -> o.loss(e.getKey(), SerializationLib.loss(e.getValue(), c, lw + "." + e.getKey())));
        } else if (loss.isArray()) {
            List<Loss> ls = new ArrayList<>();
            for (int i = 0; i < loss.size(); i++) {
                ls.add(SerializationLib.loss(loss.get(i), c, lw + "[" + i + "]"));
            }
            o.losses(ls);
        } else {
            o.loss(SerializationLib.loss(loss, c, lw));
        }
        JsonNode w = c.raw("loss_weights");
        if (w != null) {
            if (w.isObject()) {
                w.fields().forEachRemaining(e -> o.lossWeight(e.getKey(), e.getValue().asDouble()));
            } else if (w.isArray()) {
                double[] ws = new double[w.size()];
                for (int i = 0; i < ws.length; i++) {
                    ws[i] = w.get(i).asDouble();
                }
                o.lossWeights(ws);
            } else {
                throw c.type("loss_weights", "a list or a dict of numbers", w);
            }
        }
        JsonNode m = c.raw("metrics");
        String mw = c.path() + ".metrics";
        if (m != null) {
            if (m.isObject()) {
                m.fields().forEachRemaining(e -> o.metricsFor(e.getKey(), metricNames(e.getValue(), c, mw + "." + e.getKey())));
            } else if (m.isArray() && outs.size() > 1) {
                if (m.size() != outs.size()) {
                    throw new CorruptFileException(c.file(), mw, "expected one list of metrics per output " + outs + ".");
                }
                for (int i = 0; i < outs.size(); i++) {
                    o.metricsFor(outs.get(i), metricNames(m.get(i), c, mw + "[" + i + "]"));
                }
            } else {
                o.metrics(metricNames(m, c, mw));
            }
        }
        if (c.has("weighted_metrics")) {
            throw c.unsupported("weighted_metrics", "jkeras has no sample weights");
        }
        c.raw("run_eagerly");
        c.raw("steps_per_execution");
        c.raw("jit_compile");
        c.raw("auto_scale_loss");
        c.raw("sample_weight_mode");
        c.checkAllRead("compile configuration");
        return o;
    }

    private static String[] metricNames(JsonNode v, ConfigNode c, String where) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                out.add(SerializationLib.metric(v.get(i), c, where + "[" + i + "]"));
            }
        } else if (!v.isNull()) {
            out.add(SerializationLib.metric(v, c, where));
        }
        return out.toArray(String[]::new);
    }
}
