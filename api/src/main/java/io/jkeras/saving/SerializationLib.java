package io.jkeras.saving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jkeras.KerasException;
import io.jkeras.activations.Activation;
import io.jkeras.initializers.Constant;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Orthogonal;
import io.jkeras.initializers.RandomNormal;
import io.jkeras.initializers.RandomUniform;
import io.jkeras.initializers.VarianceScaling;
import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.Huber;
import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.losses.MeanAbsoluteError;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.metrics.Metrics;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.AdamW;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import io.jkeras.regularizers.Regularizer;
import java.util.Locale;
import java.util.Map;

/**
 * Keras 3's {@code serialize_keras_object} / {@code deserialize_keras_object} for the objects a
 * layer or a compile configuration holds: activations, initializers, regularizers, losses,
 * optimizers and metrics. Each is written as Keras 3 writes it ({@code module},
 * {@code class_name}, {@code config}, {@code registered_name}) and read from that form, from
 * Keras's string shortcuts ({@code "relu"}, {@code "glorot_uniform"}, {@code "mse"}) and from
 * Keras 2's form (no {@code module}). A value jkeras does not implement is refused, never ignored.
 */
final class SerializationLib {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SerializationLib() {
    }

    /** {@code {"module", "class_name", "config", "registered_name"}}. */
    static ObjectNode object(String module, String className, ObjectNode config, String registeredName) {
        ObjectNode o = JSON.objectNode();
        o.put("module", module);
        o.put("class_name", className);
        o.set("config", config);
        if (registeredName == null) {
            o.putNull("registered_name");
        } else {
            o.put("registered_name", registeredName);
        }
        return o;
    }

    /** A serialized Keras object being read: its {@code class_name} and its {@code config} (empty when absent). */
    record KerasObject(String className, ConfigNode config, ConfigNode outer) {
    }

    /** Reads the envelope of Keras's {@code {"module", "class_name", "config", "registered_name"}}. */
    static KerasObject envelope(JsonNode v, ConfigNode parent, String where) {
        ConfigNode o = new ConfigNode(v, parent.file(), where);
        String cls = o.getString("class_name");
        o.raw("module");
        o.raw("registered_name");
        JsonNode raw = o.raw("config");
        ConfigNode c = raw != null && raw.isObject() ? new ConfigNode(raw, parent.file(), where + ".config")
                : new ConfigNode(JSON.objectNode(), parent.file(), where + ".config");
        return new KerasObject(cls, c, o);
    }

    /** A name looked up by {@code get}, its unknown-name error as the file's {@link UnknownClassException}. */
    static <T> T byName(java.util.function.Function<String, T> get, String name, ConfigNode parent, String where) {
        try {
            return get.apply(name);
        } catch (KerasException e) {
            throw new UnknownClassException(parent.file(), where, e.getMessage());
        }
    }

    /**
     * A float32 value as Keras writes one it holds as a float32 (a tensor or variable: {@code L1}'s
     * factor, the learning rate): the double equal to the float ({@code 0.009999999776482582}).
     */
    static double f32(float v) {
        return v;
    }

    /**
     * A float as Keras writes one it keeps as the Python float it was given (a layer's rate,
     * momentum or epsilon, {@code L2}'s factor, {@code Constant}'s value, an optimizer's
     * {@code beta_1}, {@code epsilon}, {@code weight_decay}, ...; not its learning rate): the shortest decimal
     * that reads back as the float ({@code 0.01}), which is what the user wrote.
     */
    static double decimal(float v) {
        return Double.parseDouble(Float.toString(v));
    }

    // ------------------------------------------------------------------ activations

    /** Keras writes activations of Dense and Activation as their names. */
    static JsonNode activation(Activation a) {
        return JSON.textNode(a.kerasName());
    }

    /** An activation from its name or Keras 3's function object; Keras's {@code safe_mode} refuses lambdas. */
    static Activation activation(ConfigNode parent, String key) {
        JsonNode v = parent.raw(key);
        if (v == null) {
            return Activation.LINEAR;
        }
        String name;
        if (v.isTextual()) {
            name = v.textValue();
        } else if (v.isObject()) {
            ConfigNode o = new ConfigNode(v, parent.file(), parent.path() + "." + key);
            String cls = o.getString("class_name", "");
            if (cls.equals("__lambda__") || cls.equals("__function__") && !o.getString("module", "keras.activations").startsWith("keras")) {
                throw new UnsafeContentException(parent.file(), o.path(), "the activation is Python code (" + cls
                        + "); like Keras's safe_mode, jkeras never loads code from a file.");
            }
            JsonNode c = o.raw("config");
            name = c != null && c.isTextual() ? c.textValue() : cls;
        } else {
            throw parent.type(key, "an activation name", v);
        }
        return byName(Activation::get, name, parent, parent.path() + "." + key);
    }

    // ------------------------------------------------------------------ initializers

    private static final Map<String, String> PRESET_CLASSES = Map.of(
            "glorot_uniform", "GlorotUniform", "glorot_normal", "GlorotNormal", "he_normal", "HeNormal",
            "he_uniform", "HeUniform", "lecun_normal", "LecunNormal", "lecun_uniform", "LecunUniform");

    /** Keras's serialized initializer. */
    static ObjectNode initializer(Initializer init) {
        ObjectNode c = JSON.objectNode();
        if (init instanceof VarianceScaling vs) {
            String preset = PRESET_CLASSES.get(vs.name());
            VarianceScaling same = preset == null ? null : (VarianceScaling) Initializer.get(vs.name());
            if (same != null && same.equals(vs)) {
                c.putNull("seed");
                c.putNull("input_axes");
                c.putNull("output_axes");
                return object("keras.initializers", preset, c, null);
            }
            c.put("scale", vs.scale());
            c.put("mode", vs.mode());
            c.put("distribution", vs.distribution());
            c.putNull("seed");
            c.putNull("input_axes");
            c.putNull("output_axes");
            return object("keras.initializers", "VarianceScaling", c, null);
        } else if (init instanceof Constant k) {
            if (k.value() == 0f || k.value() == 1f) {
                return object("keras.initializers", k.value() == 0f ? "Zeros" : "Ones", c, null);
            }
            c.put("value", decimal(k.value()));
            return object("keras.initializers", "Constant", c, null);
        } else if (init instanceof RandomNormal r) {
            c.put("mean", r.mean());
            c.put("stddev", r.stddev());
            c.putNull("seed");
            return object("keras.initializers", "RandomNormal", c, null);
        } else if (init instanceof Orthogonal o) {
            c.putNull("seed");
            c.put("gain", o.gain());
            return object("keras.initializers", "Orthogonal", c, null);
        } else if (init instanceof RandomUniform r) {
            c.put("minval", r.minval());
            c.put("maxval", r.maxval());
            c.putNull("seed");
            return object("keras.initializers", "RandomUniform", c, null);
        }
        throw new KerasException("Initializer " + init.getClass().getName() + " has no Keras configuration; jkeras saves"
                + " its own initializers only (" + String.join(", ", PRESET_CLASSES.keySet()) + ", VarianceScaling,"
                + " RandomNormal, RandomUniform, Orthogonal, Constant, Zeros, Ones).");
    }

    /** An initializer from Keras's object, Keras 2's object, or a name. */
    static Initializer initializer(ConfigNode parent, String key, Initializer dflt) {
        JsonNode v = parent.raw(key);
        if (v == null) {
            return dflt;
        }
        String where = parent.path() + "." + key;
        if (v.isTextual()) {
            return byName(Initializer::get, v.textValue(), parent, where);
        }
        KerasObject ko = envelope(v, parent, where);
        String cls = ko.className();
        ConfigNode c = ko.config();
        c.raw("seed");
        Initializer init = switch (cls) {
            case "GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LecunNormal", "LecunUniform" -> {
                c.raw("input_axes");
                c.raw("output_axes");
                yield Initializer.get(snake(cls));
            }
            case "VarianceScaling" -> {
                String dist = c.getString("distribution", "truncated_normal");
                if (dist.equals("normal")) {
                    dist = "truncated_normal";
                }
                c.raw("input_axes");
                c.raw("output_axes");
                try {
                    yield new VarianceScaling(c.getDouble("scale", 1.0), c.getString("mode", "fan_in"), dist, "variance_scaling");
                } catch (IllegalArgumentException e) {
                    throw c.unsupported("distribution", e.getMessage());
                }
            }
            case "RandomNormal" -> new RandomNormal(c.getDouble("mean", 0.0), c.getDouble("stddev", 0.05));
            case "RandomUniform" -> new RandomUniform(c.getDouble("minval", -0.05), c.getDouble("maxval", 0.05));
            case "Orthogonal" -> new Orthogonal(c.getDouble("gain", 1.0));
            case "Zeros" -> new Constant(0f);
            case "Ones" -> new Constant(1f);
            case "Constant" -> new Constant(c.getFloat("value", 0f));
            default -> throw new UnknownClassException(parent.file(), where, "unknown initializer class_name '" + cls
                    + "'. jkeras reads GlorotUniform, GlorotNormal, HeNormal, HeUniform, LecunNormal, LecunUniform,"
                    + " VarianceScaling, RandomNormal, RandomUniform, Orthogonal, Zeros, Ones, Constant.");
        };
        c.checkAllRead("initializer " + cls);
        return init;
    }

    /** {@code GlorotUniform} → {@code glorot_uniform}. */
    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ regularizers

    /** Keras's serialized regularizer, or JSON null. */
    static JsonNode regularizer(Regularizer r) {
        if (r == null) {
            return JSON.nullNode();
        }
        ObjectNode c = JSON.objectNode();
        if (r.l1() == 0f && r.l2() != 0f) {
            c.put("l2", decimal(r.l2()));
            return object("keras.regularizers", "L2", c, null);
        } else if (r.l2() == 0f && r.l1() != 0f) {
            c.put("l1", f32(r.l1()));
            return object("keras.regularizers", "L1", c, null);
        }
        c.put("l1", decimal(r.l1()));
        c.put("l2", decimal(r.l2()));
        return object("keras.regularizers", "L1L2", c, null);
    }

    /** A regularizer from Keras's object or name ({@code "l2"}), or {@code null}. */
    static Regularizer regularizer(ConfigNode parent, String key) {
        JsonNode v = parent.raw(key);
        if (v == null) {
            return null;
        }
        String where = parent.path() + "." + key;
        if (v.isTextual()) {
            return switch (v.textValue().toLowerCase(Locale.ROOT)) {
                case "l1" -> Regularizer.l1(0.01f);
                case "l2" -> Regularizer.l2(0.01f);
                case "l1l2", "l1_l2" -> Regularizer.l1l2(0.01f, 0.01f);
                default -> throw new UnknownClassException(parent.file(), where, "unknown regularizer '" + v.textValue()
                        + "'. jkeras reads L1, L2, L1L2.");
            };
        }
        KerasObject ko = envelope(v, parent, where);
        String cls = ko.className();
        ConfigNode c = ko.config();
        Regularizer r = switch (cls) {
            case "L1" -> Regularizer.l1(c.getFloat("l1", 0.01f));
            case "L2" -> Regularizer.l2(c.getFloat("l2", 0.01f));
            case "L1L2" -> Regularizer.l1l2(c.getFloat("l1", 0f), c.getFloat("l2", 0f));
            default -> throw new UnknownClassException(parent.file(), where, "unknown regularizer class_name '" + cls
                    + "'. jkeras reads L1, L2, L1L2.");
        };
        c.checkAllRead("regularizer " + cls);
        return r;
    }

    // ------------------------------------------------------------------ losses

    /** A loss as Keras writes it: its name when it has Keras's defaults, else its object. */
    static JsonNode loss(Loss loss) {
        ObjectNode c = JSON.objectNode();
        c.put("name", loss.name());
        c.put("reduction", "sum_over_batch_size");
        String cls;
        if (loss instanceof MeanSquaredError) {
            return JSON.textNode(loss.name());
        } else if (loss instanceof MeanAbsoluteError) {
            return JSON.textNode(loss.name());
        } else if (loss instanceof Huber h) {
            if (h.delta() == 1f) {
                return JSON.textNode(loss.name());
            }
            c.put("delta", f32(h.delta()));
            cls = "Huber";
        } else if (loss instanceof BinaryCrossentropy b) {
            if (!b.fromLogits()) {
                return JSON.textNode(loss.name());
            }
            c.put("from_logits", true);
            cls = "BinaryCrossentropy";
        } else if (loss instanceof CategoricalCrossentropy b) {
            if (!b.fromLogits()) {
                return JSON.textNode(loss.name());
            }
            c.put("from_logits", true);
            cls = "CategoricalCrossentropy";
        } else {
            SparseCategoricalCrossentropy s = (SparseCategoricalCrossentropy) loss;
            if (!s.fromLogits()) {
                return JSON.textNode(loss.name());
            }
            c.put("from_logits", true);
            cls = "SparseCategoricalCrossentropy";
        }
        return object("keras.losses", cls, c, null);
    }

    /** A loss from a Keras name or object. */
    static Loss loss(JsonNode v, ConfigNode parent, String where) {
        if (v.isTextual()) {
            return byName(Losses::get, v.textValue(), parent, where);
        }
        KerasObject ko = envelope(v, parent, where);
        String cls = ko.className();
        ConfigNode c = ko.config();
        if (cls.equals("function")) {
            // Keras 3 writes a loss function (keras.losses.mean_squared_error) as {"class_name": "function", "config": name}
            JsonNode name = ko.outer().json().get("config");
            if (name != null && name.isTextual()) {
                return loss(name, parent, where + ".config");
            }
        }
        c.raw("name");
        c.expect("reduction", "sum_over_batch_size");
        c.raw("dtype");
        Loss loss = switch (cls) {
            case "MeanSquaredError" -> new MeanSquaredError();
            case "MeanAbsoluteError" -> new MeanAbsoluteError();
            case "Huber" -> new Huber(c.getFloat("delta", 1f));
            case "BinaryCrossentropy" -> {
                c.expect("label_smoothing", 0.0);
                c.expect("axis", -1);
                yield new BinaryCrossentropy(c.getBoolean("from_logits", false));
            }
            case "CategoricalCrossentropy" -> {
                c.expect("label_smoothing", 0.0);
                c.expect("axis", -1);
                yield new CategoricalCrossentropy(c.getBoolean("from_logits", false));
            }
            case "SparseCategoricalCrossentropy" -> {
                c.raw("ignore_class");
                if (c.has("ignore_class")) {
                    throw c.unsupported("ignore_class", "jkeras has no ignore_class");
                }
                yield new SparseCategoricalCrossentropy(c.getBoolean("from_logits", false));
            }
            default -> throw new UnknownClassException(parent.file(), where, "unknown loss class_name '" + cls + "'. jkeras"
                    + " reads MeanSquaredError, MeanAbsoluteError, Huber, BinaryCrossentropy, CategoricalCrossentropy,"
                    + " SparseCategoricalCrossentropy and their names.");
        };
        c.checkAllRead("loss " + cls);
        return loss;
    }

    // ------------------------------------------------------------------ optimizers

    /** Keras 3's serialized optimizer. */
    static ObjectNode optimizer(Optimizer opt) {
        ObjectNode c = JSON.objectNode();
        String cls;
        if (opt instanceof AdamW) {
            cls = "AdamW";
        } else if (opt instanceof Adam) {
            cls = "Adam";
        } else if (opt instanceof SGD) {
            cls = "SGD";
        } else if (opt instanceof RMSprop) {
            cls = "RMSprop";
        } else {
            cls = "Adagrad";
        }
        c.put("name", cls.toLowerCase(Locale.ROOT));
        c.put("learning_rate", f32(opt.getLearningRate()));
        if (opt.weightDecay() == 0f) {
            c.putNull("weight_decay");
        } else {
            c.put("weight_decay", decimal(opt.weightDecay()));
        }
        c.putNull("clipnorm");
        c.putNull("global_clipnorm");
        c.putNull("clipvalue");
        c.put("use_ema", false);
        c.put("ema_momentum", 0.99);
        c.putNull("ema_overwrite_frequency");
        c.putNull("loss_scale_factor");
        c.putNull("gradient_accumulation_steps");
        if (opt instanceof Adam a) {
            c.put("beta_1", decimal(a.beta1()));
            c.put("beta_2", decimal(a.beta2()));
            c.put("epsilon", decimal(a.epsilon()));
            c.put("amsgrad", a.amsgrad());
        } else if (opt instanceof SGD s) {
            c.put("momentum", decimal(s.momentum()));
            c.put("nesterov", s.nesterov());
        } else if (opt instanceof RMSprop r) {
            c.put("rho", decimal(r.rho()));
            c.put("momentum", decimal(r.momentum()));
            c.put("epsilon", decimal(r.epsilon()));
            c.put("centered", r.centered());
        } else if (opt instanceof Adagrad g) {
            c.put("initial_accumulator_value", decimal(g.initialAccumulatorValue()));
            c.put("epsilon", decimal(g.epsilon()));
        }
        return object("keras.optimizers", cls, c, null);
    }

    /** An optimizer from Keras 3's (or Keras 2's) object, or a name. */
    static Optimizer optimizer(JsonNode v, ConfigNode parent, String where) {
        if (v.isTextual()) {
            return byName(io.jkeras.optimizers.Optimizers::get, v.textValue(), parent, where);
        }
        KerasObject ko = envelope(v, parent, where);
        String cls = ko.className();
        ConfigNode c = ko.config();
        c.raw("name");
        JsonNode lrNode = c.raw("learning_rate");
        if (lrNode == null) {
            lrNode = c.raw("lr");
        }
        if (lrNode != null && !lrNode.isNumber()) {
            throw c.unsupported("learning_rate", "jkeras takes a number (learning-rate schedules are not supported)");
        }
        c.expect("clipnorm", null);
        c.expect("global_clipnorm", null);
        c.expect("clipvalue", null);
        c.expect("use_ema", false);
        c.raw("ema_momentum");
        c.raw("ema_overwrite_frequency");
        c.expect("loss_scale_factor", null);
        c.expect("gradient_accumulation_steps", null);
        c.expect("decay", 0.0);
        c.raw("is_legacy_optimizer");
        c.raw("jit_compile");
        String key = cls.toLowerCase(Locale.ROOT);
        float lr = lrNode != null ? (float) lrNode.doubleValue() : -1f;
        Optimizer opt;
        try {
            opt = switch (key) {
                case "sgd" -> new SGD(lr < 0 ? 0.01f : lr, c.getFloat("momentum", 0f), c.getBoolean("nesterov", false));
                case "adam", "adamw" -> {
                    float b1 = c.getFloat("beta_1", 0.9f);
                    float b2 = c.getFloat("beta_2", 0.999f);
                    float eps = c.getFloat("epsilon", 1e-7f);
                    boolean ams = c.getBoolean("amsgrad", false);
                    float l = lr < 0 ? 0.001f : lr;
                    yield key.equals("adamw") ? new AdamW(l, c.getFloat("weight_decay", 0.004f), b1, b2, eps, ams)
                            : new Adam(l, b1, b2, eps, ams);
                }
                case "rmsprop" -> new RMSprop(lr < 0 ? 0.001f : lr, c.getFloat("rho", 0.9f), c.getFloat("momentum", 0f),
                        c.getFloat("epsilon", 1e-7f), c.getBoolean("centered", false));
                case "adagrad" -> new Adagrad(lr < 0 ? 0.001f : lr, c.getFloat("initial_accumulator_value", 0.1f),
                        c.getFloat("epsilon", 1e-7f));
                default -> throw new UnknownClassException(parent.file(), where, "unknown optimizer class_name '" + cls
                        + "'. jkeras reads SGD, Adam, AdamW, RMSprop, Adagrad.");
            };
            if (!key.equals("adamw") && c.has("weight_decay")) {
                opt.weightDecay(c.getFloat("weight_decay"));
            }
        } catch (IllegalArgumentException | KerasException e) {
            if (e instanceof SavingException se) {
                throw se;
            }
            throw new CorruptFileException(parent.file(), where, "invalid optimizer configuration: " + e.getMessage(), e);
        }
        c.checkAllRead("optimizer " + cls);
        return opt;
    }

    // ------------------------------------------------------------------ metrics

    /** A metric name from Keras's string or object form, checked against jkeras's metrics. */
    static String metric(JsonNode v, ConfigNode parent, String where) {
        String name;
        if (v.isTextual()) {
            name = v.textValue();
        } else if (v.isObject()) {
            ConfigNode o = new ConfigNode(v, parent.file(), where);
            ConfigNode c = o.object("config");
            String cls = o.getString("class_name", "");
            name = c != null && c.has("name") ? c.getString("name") : snake(cls);
        } else {
            throw parent.type(where, "a metric name", v);
        }
        return byName(n -> {
            Metrics.validate(n);
            return n;
        }, name, parent, where);
    }
}
