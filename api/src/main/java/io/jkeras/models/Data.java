package io.jkeras.models;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Turns what users pass as {@code x} or {@code y} (one tensor, a list, or a map by name) into a list in model order. */
final class Data {
    private Data() {
    }

    static List<Tensor> of(Model model, Tensor t, String what) {
        Objects.requireNonNull(t, what);
        return List.of(t);
    }

    static List<Tensor> of(Model model, List<Tensor> ts, String what) {
        Objects.requireNonNull(ts, what);
        for (int i = 0; i < ts.size(); i++) {
            if (ts.get(i) == null) {
                throw new KerasException(what + "[" + i + "] is null.");
            }
        }
        return List.copyOf(ts);
    }

    static List<Tensor> of(Model model, Map<String, Tensor> ts, String what) {
        Objects.requireNonNull(ts, what);
        if (!model.isBuilt()) {
            throw new KerasException(model.className() + " '" + model.getName() + "' is not built yet, so its " + what
                    + " names are unknown: pass a list, or give the model an input shape first.");
        }
        boolean inputs = what.equals("x");
        List<String> names = inputs ? model.inputNames() : model.outputNames();
        List<Tensor> out = new ArrayList<>();
        for (String n : names) {
            Tensor t = ts.get(n);
            if (t == null) {
                throw new KerasException("Missing data for " + (inputs ? "input" : "output") + " \"" + n + "\". You passed a"
                        + " data dictionary with keys " + CompileOptions.pyList(new ArrayList<>(ts.keySet()))
                        + ". Expected the following keys: " + CompileOptions.pyList(names));
            }
            out.add(t);
        }
        for (String k : ts.keySet()) {
            if (!names.contains(k)) {
                throw new KerasException("Unknown key '" + k + "' in the " + what + " dictionary of model '" + model.getName()
                        + "'. Expected the following keys: " + CompileOptions.pyList(names));
            }
        }
        return out;
    }
}
