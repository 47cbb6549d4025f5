package io.jkeras.models;

import io.jkeras.KerasException;
import io.jkeras.backend.Backend;
import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.Optimizers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keras's {@code compile(...)} keyword arguments, for models with several outputs (or when named
 * arguments read better):
 *
 * <pre>{@code
 * model.compile(new CompileOptions("adam")
 *         .loss("out1", "mse").loss("out2", "sparse_categorical_crossentropy")
 *         .lossWeight("out1", 0.5).lossWeight("out2", 2.0)
 *         .metricsFor("out2", "accuracy"));
 * }</pre>
 *
 * <p>One loss given without an output name applies to every output, as in Keras; losses may also
 * be given as a list in output order ({@link #losses}). Loss weights default to 1.
 */
public final class CompileOptions {
    private final Optimizer optimizer;
    private Loss loss;
    private final Map<String, Loss> lossByOutput = new LinkedHashMap<>();
    private List<Loss> lossList;
    private final Map<String, Double> weightByOutput = new LinkedHashMap<>();
    private double[] weightList;
    private final List<String> metrics = new ArrayList<>();
    private final Map<String, List<String>> metricsByOutput = new LinkedHashMap<>();
    private Backend backend;

    /** Options with an optimizer by Keras name, e.g. {@code "adam"}. */
    public CompileOptions(String optimizer) {
        this(Optimizers.get(optimizer));
    }

    /** Options with this optimizer. */
    public CompileOptions(Optimizer optimizer) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    /** The loss of every output, by Keras name. */
    public CompileOptions loss(String name) {
        return loss(Losses.get(name));
    }

    /** The loss of every output. */
    public CompileOptions loss(Loss l) {
        this.loss = Objects.requireNonNull(l, "loss");
        return this;
    }

    /** The loss of the output named {@code output} (Keras's {@code loss={"out": ...}}), by Keras name. */
    public CompileOptions loss(String output, String name) {
        return loss(output, Losses.get(name));
    }

    /** The loss of the output named {@code output}. */
    public CompileOptions loss(String output, Loss l) {
        lossByOutput.put(Objects.requireNonNull(output, "output"), Objects.requireNonNull(l, "loss"));
        return this;
    }

    /** One loss per output, in output order (Keras's {@code loss=[...]}); each a {@link Loss} or a Keras name. */
    public CompileOptions losses(List<?> perOutput) {
        List<Loss> l = new ArrayList<>();
        for (Object o : perOutput) {
            if (o instanceof Loss x) {
                l.add(x);
            } else if (o instanceof String s) {
                l.add(Losses.get(s));
            } else {
                throw new KerasException("A loss must be a Loss or a Keras loss name. Received: " + o);
            }
        }
        this.lossList = l;
        return this;
    }

    /** The weight of an output's loss in the total (Keras's {@code loss_weights={"out": w}}). */
    public CompileOptions lossWeight(String output, double weight) {
        weightByOutput.put(Objects.requireNonNull(output, "output"), weight);
        return this;
    }

    /** The weights of the outputs' losses, in output order (Keras's {@code loss_weights=[...]}). */
    public CompileOptions lossWeights(double... weights) {
        this.weightList = weights.clone();
        return this;
    }

    /** Metrics of a model with one output (Keras's {@code metrics=[...]}). */
    public CompileOptions metrics(String... names) {
        metrics.addAll(List.of(names));
        return this;
    }

    /** Metrics of the output named {@code output} (Keras's {@code metrics={"out": [...]}}). */
    public CompileOptions metricsFor(String output, String... names) {
        metricsByOutput.computeIfAbsent(Objects.requireNonNull(output, "output"), k -> new ArrayList<>())
                .addAll(List.of(names));
        return this;
    }

    /** The backend to compile on, instead of the configured one. */
    public CompileOptions backend(Backend b) {
        this.backend = b;
        return this;
    }

    Optimizer optimizer() {
        return optimizer;
    }

    Backend backend() {
        return backend;
    }

    /** The compile resolved against the model's outputs. */
    record Resolved(List<Loss> losses, float[] lossWeights, List<List<String>> metrics) {
    }

    /**
     * Resolves losses, weights and metrics per output.
     *
     * @throws KerasException for a missing loss, an unknown output name, or counts that do not match the outputs
     */
    Resolved resolve(String model, List<String> outputs) {
        int n = outputs.size();
        List<Loss> losses = new ArrayList<>();
        if (lossList != null) {
            if (lossList.size() != n) {
                throw new KerasException("Model '" + model + "' has " + n + " outputs " + outputs + " but received "
                        + lossList.size() + " losses.");
            }
            losses.addAll(lossList);
        } else if (!lossByOutput.isEmpty()) {
            checkKeys("loss", lossByOutput.keySet(), outputs);
            for (String o : outputs) {
                Loss l = lossByOutput.get(o);
                if (l == null) {
                    throw new KerasException("Expected keys " + pyList(outputs) + " in loss dict, but found loss.keys()="
                            + pyList(new ArrayList<>(lossByOutput.keySet())) + ": output '" + o + "' of model '" + model
                            + "' has no loss (jkeras trains every output).");
                }
                losses.add(l);
            }
        } else if (loss != null) {
            for (int i = 0; i < n; i++) {
                losses.add(loss);
            }
        } else {
            throw new KerasException("compile() of model '" + model + "' needs a loss: CompileOptions.loss(...).");
        }
        float[] weights = new float[n];
        java.util.Arrays.fill(weights, 1f);
        if (weightList != null) {
            if (weightList.length != n) {
                throw new KerasException("Model '" + model + "' has " + n + " outputs " + outputs + " but received "
                        + weightList.length + " loss weights.");
            }
            for (int i = 0; i < n; i++) {
                weights[i] = (float) weightList[i];
            }
        }
        checkKeys("loss_weights", weightByOutput.keySet(), outputs);
        for (Map.Entry<String, Double> e : weightByOutput.entrySet()) {
            weights[outputs.indexOf(e.getKey())] = e.getValue().floatValue();
        }
        for (float w : weights) {
            if (!Float.isFinite(w) || w < 0) {
                throw new KerasException("Loss weights must be finite and non-negative. Received: " + java.util.Arrays.toString(weights));
            }
        }
        List<List<String>> perOutput = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            perOutput.add(new ArrayList<>());
        }
        if (!metrics.isEmpty()) {
            if (n != 1) {
                throw new KerasException("Model '" + model + "' has " + n + " outputs " + outputs + ": give its metrics per"
                        + " output, CompileOptions.metricsFor(output, names...) (Keras's metrics={\"out\": [...]}).");
            }
            perOutput.get(0).addAll(metrics);
        }
        checkKeys("metrics", metricsByOutput.keySet(), outputs);
        for (Map.Entry<String, List<String>> e : metricsByOutput.entrySet()) {
            perOutput.get(outputs.indexOf(e.getKey())).addAll(e.getValue());
        }
        for (List<String> ms : perOutput) {
            for (String m : ms) {
                io.jkeras.metrics.Metrics.validate(m);
            }
        }
        return new Resolved(losses, weights, perOutput);
    }

    private static void checkKeys(String what, java.util.Set<String> keys, List<String> outputs) {
        for (String k : keys) {
            if (!outputs.contains(k)) {
                throw new KerasException("Expected keys " + pyList(outputs) + " in " + what + " dict, but found " + what
                        + ".keys()=" + pyList(new ArrayList<>(keys)) + ": the model has no output named '" + k + "'.");
            }
        }
    }

    static String pyList(List<String> names) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i > 0 ? ", " : "").append('\'').append(names.get(i)).append('\'');
        }
        return sb.append(']').toString();
    }
}
