package io.jkeras.saving;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.Tensor;
import io.jkeras.backend.Backend;
import io.jkeras.backend.VariableSpec;
import io.jkeras.layers.Layer;
import io.jkeras.models.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras's {@code legacy_h5_format}, read only: a Keras 2 / tf.keras {@code .h5} model
 * ({@code model.save("m.h5")}: the {@code model_config} and {@code training_config} attributes and
 * the {@code model_weights} group) or weights file ({@code layer_names} at the root). Weights are
 * matched to the model's layers that have weights, in order, as Keras does. The optimizer's state
 * of a legacy file is not restored; training resumes with a fresh optimizer state.
 */
final class LegacyH5Format {
    private LegacyH5Format() {
    }

    /** A model from a legacy {@code .h5} file's bytes. */
    static Model loadModel(Path path, byte[] data, Backend backend) {
        try (H5Reader r = H5Reader.open(data, path, "")) {
            String config = r.stringAttribute("/", "model_config");
            if (config == null) {
                throw new MissingEntryException(path, "/@model_config", "this HDF5 file holds no model configuration (a"
                        + " weights file?); build the model in code and call model.loadWeights(path).");
            }
            JsonNode root = SavingLib.parse(config, path, "/@model_config");
            ConfigNode rootNode = new ConfigNode(root, path, "/@model_config");
            Model model = ModelConfigs.deserialize(rootNode, new ModelConfigs.Budget(path, "model_weights", data.length));
            String training = r.stringAttribute("/", "training_config");
            if (training != null) {
                ConfigNode t = new ConfigNode(SavingLib.parse(training, path, "/@training_config"), path, "/@training_config");
                SavingLib.compile(model, ModelConfigs.compileOptions(t, model), backend, path);
            }
            readWeights(r, model);
            return model;
        }
    }

    /** Legacy weights into a model: the layers with weights, in order. */
    static void readWeights(H5Reader r, Model model) {
        String base = r.exists("model_weights") ? "model_weights" : "";
        String where = base.isEmpty() ? "/" : base;
        List<String> names = r.stringListAttribute(where, "layer_names");
        if (names == null) {
            throw new MissingEntryException(r.file(), r.entry(where) + "@layer_names", "neither Keras 3 weights (layers/...)"
                    + " nor legacy Keras 2 weights (layer_names) are in this HDF5 file.");
        }
        List<String> withWeights = new ArrayList<>();
        List<List<String>> weightNames = new ArrayList<>();
        for (String n : names) {
            String g = base.isEmpty() ? n : base + "/" + n;
            if (!r.exists(g)) {
                throw new MissingEntryException(r.file(), r.entry(g), "layer '" + n + "' is listed in layer_names but has no group.");
            }
            List<String> wn = r.stringListAttribute(g, "weight_names");
            if (wn != null && !wn.isEmpty()) {
                withWeights.add(g);
                weightNames.add(wn);
            }
        }
        List<Layer> layers = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (!l.variables().isEmpty()) {
                layers.add(l);
            }
        }
        if (layers.size() != withWeights.size()) {
            throw new WeightMismatchException(r.file(), r.entry(where), "the model has " + layers.size() + " layers with"
                    + " weights (" + layers.stream().map(Layer::getName).toList() + "); the file has " + withWeights.size()
                    + " (" + withWeights + ").");
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            List<VariableSpec> vars = l.variables();
            List<String> wn = weightNames.get(i);
            if (wn.size() != vars.size()) {
                throw new WeightMismatchException(r.file(), r.entry(withWeights.get(i)), "layer '" + l.getName() + "' has "
                        + vars.size() + " variables " + vars + ". Received: " + wn.size() + " " + wn + ".");
            }
            List<Tensor> ws = new ArrayList<>();
            for (int k = 0; k < vars.size(); k++) {
                ws.add(r.floats(withWeights.get(i) + "/" + wn.get(k), vars.get(k).shape(), "layer '" + l.getName()
                        + "' variable " + k + " (" + vars.get(k).name() + ")"));
            }
            l.setWeights(ws);
        }
    }
}
