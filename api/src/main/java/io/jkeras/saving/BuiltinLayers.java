package io.jkeras.saving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jkeras.KerasException;
import io.jkeras.initializers.Constant;
import io.jkeras.initializers.Orthogonal;
import io.jkeras.initializers.RandomUniform;
import io.jkeras.initializers.VarianceScaling;
import io.jkeras.layers.Activation;
import io.jkeras.layers.Add;
import io.jkeras.layers.Average;
import io.jkeras.layers.AveragePooling1D;
import io.jkeras.layers.AveragePooling2D;
import io.jkeras.layers.BaseConv;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.BaseGlobalPooling;
import io.jkeras.layers.BaseRNN;
import io.jkeras.layers.Bidirectional;
import io.jkeras.layers.BasePooling;
import io.jkeras.layers.Conv1D;
import io.jkeras.layers.BasePadCrop2D;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Cropping2D;
import io.jkeras.layers.LayerNormalization;
import io.jkeras.layers.Permute;
import io.jkeras.layers.RepeatVector;
import io.jkeras.layers.SpatialDropout2D;
import io.jkeras.layers.TimeDistributed;
import io.jkeras.layers.UpSampling2D;
import io.jkeras.layers.ZeroPadding2D;
import io.jkeras.layers.GlobalAveragePooling1D;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.GlobalMaxPooling1D;
import io.jkeras.layers.GlobalMaxPooling2D;
import io.jkeras.layers.MaxPooling1D;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Embedding;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.GRU;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.KernelLayer;
import io.jkeras.layers.LSTM;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Masking;
import io.jkeras.layers.Maximum;
import io.jkeras.layers.Minimum;
import io.jkeras.layers.Multiply;
import io.jkeras.layers.Reshape;
import io.jkeras.layers.SimpleRNN;
import io.jkeras.layers.Subtract;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** The Keras configuration of each of jkeras's layers, key for key as Keras 3 writes it. */
final class BuiltinLayers {
    private BuiltinLayers() {
    }

    static List<LayerSerializer<?>> all() {
        return List.of(
                simple("Dense", Dense.class, BuiltinLayers::writeDense, BuiltinLayers::readDense),
                simple("Activation", Activation.class,
                        (l, c) -> c.set("activation", SerializationLib.activation(l.getActivation())),
                        c -> new Activation(SerializationLib.activation(c, "activation"))),
                simple("Dropout", Dropout.class, BuiltinLayers::writeDropout, BuiltinLayers::readDropout),
                simple("Flatten", Flatten.class, (l, c) -> c.put("data_format", "channels_last"), c -> {
                    c.expect("data_format", "channels_last");
                    return new Flatten();
                }),
                simple("Reshape", Reshape.class, (l, c) -> {
                    ArrayNode a = c.putArray("target_shape");
                    for (int d : l.targetShape()) {
                        a.add(d);
                    }
                }, c -> {
                    try {
                        return new Reshape(c.getShape("target_shape"));
                    } catch (KerasException e) {
                        throw new CorruptFileException(c.file(), c.path() + ".target_shape", e.getMessage(), e);
                    }
                }),
                merge("Add", Add.class, Add::new),
                merge("Subtract", Subtract.class, Subtract::new),
                merge("Multiply", Multiply.class, Multiply::new),
                merge("Average", Average.class, Average::new),
                merge("Maximum", Maximum.class, Maximum::new),
                merge("Minimum", Minimum.class, Minimum::new),
                simple("Concatenate", Concatenate.class, (l, c) -> c.put("axis", l.axis()), c -> {
                    int axis = c.getInt("axis", -1);
                    if (axis == 0) {
                        throw new CorruptFileException(c.file(), c.path() + ".axis", "Concatenate cannot join along axis 0, the batch axis.");
                    }
                    return new Concatenate(axis);
                }),
                conv("Conv1D", Conv1D.class, (f, k) -> new Conv1D(f, k[0])),
                conv("Conv2D", Conv2D.class, Conv2D::new),
                pooling("MaxPooling1D", MaxPooling1D.class, k -> new MaxPooling1D(k[0])),
                pooling("AveragePooling1D", AveragePooling1D.class, k -> new AveragePooling1D(k[0])),
                pooling("MaxPooling2D", MaxPooling2D.class, MaxPooling2D::new),
                pooling("AveragePooling2D", AveragePooling2D.class, AveragePooling2D::new),
                globalPooling("GlobalMaxPooling1D", GlobalMaxPooling1D.class, GlobalMaxPooling1D::new),
                globalPooling("GlobalAveragePooling1D", GlobalAveragePooling1D.class, GlobalAveragePooling1D::new),
                globalPooling("GlobalMaxPooling2D", GlobalMaxPooling2D.class, GlobalMaxPooling2D::new),
                globalPooling("GlobalAveragePooling2D", GlobalAveragePooling2D.class, GlobalAveragePooling2D::new),
                padCrop("ZeroPadding2D", ZeroPadding2D.class, "padding", ZeroPadding2D::getPadding, ZeroPadding2D::new),
                padCrop("Cropping2D", Cropping2D.class, "cropping", Cropping2D::getCropping, Cropping2D::new),
                simple("UpSampling2D", UpSampling2D.class, (l, c) -> {
                    putTuple(c, "size", l.getSize());
                    c.put("data_format", "channels_last");
                    c.put("interpolation", l.getInterpolation());
                }, c -> {
                    c.expect("data_format", "channels_last");
                    UpSampling2D l = configured(c, () -> new UpSampling2D(intOrTuple(c, "size")));
                    return configured(c, () -> l.interpolation(c.getString("interpolation", "nearest")));
                }),
                simple("SpatialDropout2D", SpatialDropout2D.class, (l, c) -> {
                    // Keras's SpatialDropout2D writes no `trainable` (its constructor takes none) and a plain dtype.
                    c.remove("trainable");
                    c.put("dtype", "float32");
                    c.put("rate", SerializationLib.decimal(l.getRate()));
                    c.put("seed", l.getSeed());
                    c.put("data_format", "channels_last");
                }, c -> {
                    c.expect("data_format", "channels_last");
                    float rate = c.getFloat("rate");
                    Long seed = c.getLong("seed", null);
                    return configured(c, () -> seed == null ? new SpatialDropout2D(rate) : new SpatialDropout2D(rate, seed));
                }),
                simple("LayerNormalization", LayerNormalization.class, BuiltinLayers::writeLayerNorm,
                        BuiltinLayers::readLayerNorm),
                simple("RepeatVector", RepeatVector.class, (l, c) -> c.put("n", l.getN()),
                        c -> configured(c, () -> new RepeatVector(c.getInt("n")))),
                simple("Permute", Permute.class, (l, c) -> putTuple(c, "dims", l.getDims()),
                        c -> configured(c, () -> new Permute(c.getShape("dims")))),
                simple("BatchNormalization", BatchNormalization.class, BuiltinLayers::writeBatchNormalization,
                        BuiltinLayers::readBatchNormalization),
                simple("Embedding", Embedding.class, BuiltinLayers::writeEmbedding, BuiltinLayers::readEmbedding),
                simple("Masking", Masking.class, (l, c) -> c.put("mask_value", SerializationLib.decimal(l.getMaskValue())),
                        c -> configured(c, () -> new Masking(c.getFloat("mask_value", 0f)))),
                recurrent("SimpleRNN", SimpleRNN.class, SimpleRNN::new),
                recurrent("LSTM", LSTM.class, LSTM::new),
                recurrent("GRU", GRU.class, GRU::new),
                bidirectional(),
                timeDistributed(),
                simple("InputLayer", InputLayer.class, (l, c) -> {
                    throw new IllegalStateException("InputLayer is written by the model");
                }, c -> {
                    throw new IllegalStateException("InputLayer is read by the model");
                }));
    }

    /** A writer of a layer's own keys. */
    interface Writer<L> {
        void write(L layer, ObjectNode config);
    }

    static <L extends Layer> LayerSerializer<L> simple(String className, Class<L> cls, Writer<L> writer,
            Function<ConfigNode, L> reader) {
        boolean built = !List.of("Reshape", "Dropout", "SpatialDropout2D", "Activation", "Masking").contains(className)
                && !className.contains("Pooling");
        return serializer(className, cls, writer, reader, built, className.contains("Dropout"), false);
    }

    /**
     * The serializer of one layer class.
     *
     * @param recurrent whether the layer is one of Keras's recurrent layers: its nodes take a
     *     {@code mask} and its variables are its cell's
     */
    private static <L extends Layer> LayerSerializer<L> serializer(String className, Class<L> cls, Writer<L> writer,
            Function<ConfigNode, L> reader, boolean built, boolean training, boolean recurrent) {
        return serializer(className, cls, writer, reader, built, training, recurrent,
                List.of(recurrent ? "cell/vars" : "vars"));
    }

    /** {@link #serializer(String, Class, Writer, Function, boolean, boolean, boolean)} with variables under these paths. */
    private static <L extends Layer> LayerSerializer<L> serializer(String className, Class<L> cls, Writer<L> writer,
            Function<ConfigNode, L> reader, boolean built, boolean training, boolean recurrent, List<String> varsPaths) {
        return new LayerSerializer<>() {
            @Override
            public boolean hasBuildConfig() {
                return built;
            }

            @Override
            public boolean takesTraining() {
                return training;
            }

            @Override
            public boolean takesMask() {
                return recurrent;
            }

            @Override
            public String varsPath() {
                return varsPaths.get(0);
            }

            @Override
            public List<String> varsPaths() {
                return varsPaths;
            }

            @Override
            public String className() {
                return className;
            }

            @Override
            public Class<L> layerClass() {
                return cls;
            }

            @Override
            public void writeConfig(L layer, ObjectNode config) {
                writer.write(layer, config);
            }

            @Override
            public L fromConfig(ConfigNode config) {
                return reader.apply(config);
            }
        };
    }

    /** Conv1D and Conv2D, key for key as Keras 3 writes them (channels_last, groups 1, no constraints). */
    private static <L extends BaseConv<L>> LayerSerializer<L> conv(String className, Class<L> cls,
            java.util.function.BiFunction<Integer, int[], L> make) {
        return simple(className, cls, (l, c) -> {
            c.put("filters", l.filters());
            putTuple(c, "kernel_size", l.kernelSize());
            putTuple(c, "strides", l.getStrides());
            c.put("padding", l.getPadding());
            c.put("data_format", "channels_last");
            putTuple(c, "dilation_rate", l.getDilationRate());
            c.put("groups", 1);
            writeKernelAndBias(l, c);
            c.putNull("activity_regularizer");
            c.putNull("kernel_constraint");
            c.putNull("bias_constraint");
        }, c -> {
            L l = configured(c, () -> make.apply(c.getInt("filters"), c.getShape("kernel_size")));
            configured(c, () -> l.strides(c.getShape("strides")).padding(c.getString("padding", "valid"))
                    .dilationRate(c.getShape("dilation_rate")));
            c.expect("data_format", "channels_last");
            c.expect("groups", 1);
            readKernelAndBias(c, l);
            for (String k : List.of("activity_regularizer", "kernel_constraint", "bias_constraint")) {
                if (c.has(k)) {
                    throw c.unsupported(k, "jkeras's " + className + " has no " + k);
                }
            }
            return l;
        });
    }

    /** MaxPooling / AveragePooling 1D and 2D. */
    private static <L extends BasePooling<L>> LayerSerializer<L> pooling(String className, Class<L> cls,
            Function<int[], L> make) {
        return simple(className, cls, (l, c) -> {
            putTuple(c, "pool_size", l.poolSize());
            c.put("padding", l.getPadding());
            putTuple(c, "strides", l.getStrides());
            c.put("data_format", "channels_last");
        }, c -> {
            L l = configured(c, () -> make.apply(c.getShape("pool_size")));
            configured(c, () -> l.padding(c.getString("padding", "valid")));
            if (c.has("strides")) {
                configured(c, () -> l.strides(c.getShape("strides")));
            }
            c.expect("data_format", "channels_last");
            return l;
        });
    }

    /** GlobalMaxPooling / GlobalAveragePooling 1D and 2D (Keras's keepdims=False only). */
    private static <L extends BaseGlobalPooling> LayerSerializer<L> globalPooling(String className, Class<L> cls,
            Supplier<L> make) {
        return simple(className, cls, (l, c) -> {
            c.put("data_format", "channels_last");
            c.put("keepdims", false);
        }, c -> {
            c.expect("data_format", "channels_last");
            c.expect("keepdims", false);
            return make.get();
        });
    }

    /** ZeroPadding2D and Cropping2D: Keras writes {@code [[top, bottom], [left, right]]}. */
    private static <L extends BasePadCrop2D<L>> LayerSerializer<L> padCrop(String className, Class<L> cls, String key,
            Function<L, int[][]> get, Function<int[][], L> make) {
        return simple(className, cls, (l, c) -> {
            ArrayNode a = c.putArray(key);
            for (int[] side : get.apply(l)) {
                a.add(SerializationLib.JSON.arrayNode().add(side[0]).add(side[1]));
            }
            c.put("data_format", "channels_last");
        }, c -> {
            c.expect("data_format", "channels_last");
            JsonNode v = c.required(key);
            int[][] amounts;
            if (v.isIntegralNumber()) {
                amounts = new int[][] {{v.intValue(), v.intValue()}, {v.intValue(), v.intValue()}};
            } else if (v.isArray() && v.size() == 2 && v.get(0).isArray()) {
                amounts = new int[][] {c.shape(v.get(0), key + "[0]"), c.shape(v.get(1), key + "[1]")};
            } else {
                int[] hw = c.shape(v, key);
                amounts = hw.length == 2 ? new int[][] {{hw[0], hw[0]}, {hw[1], hw[1]}} : new int[][] {hw};
            }
            int[][] given = amounts;
            return configured(c, () -> make.apply(given));
        });
    }

    /** An int or a list of ints, as Keras's {@code standardize_tuple} takes them. */
    private static int[] intOrTuple(ConfigNode c, String key) {
        JsonNode v = c.required(key);
        return v.isIntegralNumber() ? new int[] {v.intValue()} : c.shape(v, key);
    }

    private static void writeLayerNorm(LayerNormalization l, ObjectNode c) {
        c.putArray("axis").add(l.getAxis());
        c.put("epsilon", SerializationLib.decimal(l.getEpsilon()));
        c.put("center", l.getCenter());
        c.put("scale", l.getScale());
        c.put("rms_scaling", false);
        c.set("beta_initializer", SerializationLib.initializer(l.getBetaInitializer()));
        c.set("gamma_initializer", SerializationLib.initializer(l.getGammaInitializer()));
        for (String k : List.of("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")) {
            c.putNull(k);
        }
    }

    private static LayerNormalization readLayerNorm(ConfigNode c) {
        int[] axes = c.has("axis") ? intOrTuple(c, "axis") : new int[] {-1};
        if (axes.length != 1) {
            throw c.unsupported("axis", "jkeras's LayerNormalization normalises over one axis. Received: "
                    + java.util.Arrays.toString(axes));
        }
        c.expect("rms_scaling", false);
        for (String k : List.of("beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")) {
            c.expect(k, null);
        }
        LayerNormalization l = new LayerNormalization().axis(axes[0]).center(c.getBoolean("center", true))
                .scale(c.getBoolean("scale", true));
        float epsilon = c.getFloat("epsilon", 1e-3f);
        configured(c, () -> l.epsilon(epsilon));
        l.gammaInitializer(SerializationLib.initializer(c, "gamma_initializer", new Constant(1f)));
        l.betaInitializer(SerializationLib.initializer(c, "beta_initializer", new Constant(0f)));
        return l;
    }

    private static void writeEmbedding(Embedding e, ObjectNode c) {
        c.put("input_dim", e.inputDim());
        c.put("output_dim", e.outputDim());
        c.set("embeddings_initializer", SerializationLib.initializer(e.getEmbeddingsInitializer()));
        c.set("embeddings_regularizer", SerializationLib.regularizer(e.getEmbeddingsRegularizer()));
        c.putNull("activity_regularizer");
        c.putNull("embeddings_constraint");
        c.put("mask_zero", e.getMaskZero());
        c.putNull("quantization_config");
    }

    private static Embedding readEmbedding(ConfigNode c) {
        Embedding e = configured(c, () -> new Embedding(c.getInt("input_dim"), c.getInt("output_dim")));
        e.embeddingsInitializer(SerializationLib.initializer(c, "embeddings_initializer", new RandomUniform()));
        e.embeddingsRegularizer(SerializationLib.regularizer(c, "embeddings_regularizer"));
        e.maskZero(c.getBoolean("mask_zero", false));
        for (String k : List.of("activity_regularizer", "embeddings_constraint", "lora_rank", "quantization_config")) {
            if (c.has(k)) {
                throw c.unsupported(k, "jkeras's Embedding has no " + k);
            }
        }
        c.raw("input_length");
        c.raw("lora_alpha");
        return e;
    }

    /**
     * SimpleRNN, LSTM and GRU, key for key as Keras 3 writes them; their variables are in the
     * weights file's {@code cell/vars}, and their nodes take {@code training} and {@code mask}.
     */
    private static <L extends BaseRNN> LayerSerializer<L> recurrent(String className, Class<L> cls,
            IntFunction<L> make) {
        Writer<L> writer = (l, c) -> {
            c.put("return_sequences", l.getReturnSequences());
            c.put("return_state", l.getReturnState());
            c.put("go_backwards", l.getGoBackwards());
            c.put("stateful", false);
            c.put("unroll", false);
            c.put("zero_output_for_mask", l.getZeroOutputForMask());
            c.put("units", l.units());
            c.set("activation", SerializationLib.activation(l.getActivation()));
            if (!(l instanceof SimpleRNN)) {
                c.set("recurrent_activation", SerializationLib.activation(l.getRecurrentActivation()));
            }
            c.put("use_bias", l.getUseBias());
            c.set("kernel_initializer", SerializationLib.initializer(l.getKernelInitializer()));
            c.set("recurrent_initializer", SerializationLib.initializer(l.getRecurrentInitializer()));
            c.set("bias_initializer", SerializationLib.initializer(l.getBiasInitializer()));
            if (l instanceof LSTM lstm) {
                c.put("unit_forget_bias", lstm.getUnitForgetBias());
            }
            for (String k : RNN_NULL_KEYS) {
                c.putNull(k);
            }
            // Keras keeps the rates as the Python floats given (0.2), not as float32s.
            c.put("dropout", SerializationLib.decimal(l.getDropout()));
            c.put("recurrent_dropout", SerializationLib.decimal(l.getRecurrentDropout()));
            if (l instanceof GRU) {
                c.put("reset_after", true);
            }
            // The seed given or drawn, so that the masks survive a round trip; Keras's SimpleRNN writes no
            // seed (its constructor takes one), so jkeras adds it there only when one was given or drawn.
            Long seed = l.getSeed();
            if (seed != null) {
                c.put("seed", seed);
            } else if (!(l instanceof SimpleRNN)) {
                c.putNull("seed");
            }
        };
        Function<ConfigNode, L> reader = c -> {
            L l = configured(c, () -> make.apply(c.getInt("units")));
            configured(c, () -> {
                l.returnSequences(c.getBoolean("return_sequences", false)).goBackwards(c.getBoolean("go_backwards", false))
                        .returnState(c.getBoolean("return_state", false));
                l.activation(SerializationLib.activation(c, "activation").kerasName());
                if (l instanceof LSTM lstm) {
                    lstm.recurrentActivation(recurrentActivation(c));
                    lstm.unitForgetBias(c.getBoolean("unit_forget_bias", true));
                } else if (l instanceof GRU gru) {
                    gru.recurrentActivation(recurrentActivation(c));
                    gru.resetAfter(c.getBoolean("reset_after", true));
                }
                l.dropout(c.getDouble("dropout", 0.0)).recurrentDropout(c.getDouble("recurrent_dropout", 0.0))
                        .zeroOutputForMask(c.getBoolean("zero_output_for_mask", false));
                return l;
            });
            l.useBias(c.getBoolean("use_bias", true));
            l.kernelInitializer(SerializationLib.initializer(c, "kernel_initializer", VarianceScaling.glorotUniform()));
            l.recurrentInitializer(SerializationLib.initializer(c, "recurrent_initializer", new Orthogonal()));
            l.biasInitializer(SerializationLib.initializer(c, "bias_initializer", new Constant(0f)));
            c.expect("stateful", false);
            for (String k : RNN_NULL_KEYS) {
                if (c.has(k)) {
                    throw c.unsupported(k, "jkeras's " + className + " has no " + k);
                }
            }
            // Unrolling changes no value.
            c.raw("unroll");
            JsonNode seed = c.has("seed") ? c.raw("seed") : null;
            if (seed != null && !seed.isNull()) {
                if (!seed.canConvertToLong() || !seed.isIntegralNumber()) {
                    throw c.unsupported("seed", "the seed must be an integer. Received: " + seed);
                }
                l.seed(seed.longValue());
            }
            return l;
        };
        return serializer(className, cls, writer, reader, true, true, true);
    }

    /**
     * Bidirectional as Keras 3 writes it: {@code merge_mode}, then its forward and backward layers as
     * whole layer entries ({@code layer}, {@code backward_layer}, each with the wrapper's
     * {@code build_config}); their variables are in {@code forward_layer/cell/vars} and
     * {@code backward_layer/cell/vars}.
     */
    private static LayerSerializer<Bidirectional> bidirectional() {
        Writer<Bidirectional> writer = (l, c) -> {
            c.put("merge_mode", l.getMergeMode());
            c.set("layer", wrapped(l.getForwardLayer(), l));
            c.set("backward_layer", wrapped(l.getBackwardLayer(), l));
        };
        Function<ConfigNode, Bidirectional> reader = c -> {
            BaseRNN forward = wrappedLayer(c, "layer");
            BaseRNN backward = c.has("backward_layer") && !c.raw("backward_layer").isNull()
                    ? wrappedLayer(c, "backward_layer") : null;
            if (c.has("merge_mode") && c.raw("merge_mode").isNull()) {
                throw c.unsupported("merge_mode", "merge_mode=None gives two outputs, and jkeras layers have one");
            }
            String mode = c.getString("merge_mode", "concat");
            return configured(c, () -> (backward == null ? new Bidirectional(forward) : new Bidirectional(forward, backward))
                    .mergeMode(mode));
        };
        return serializer("Bidirectional", Bidirectional.class, writer, reader, true, true, true,
                List.of("forward_layer/cell/vars", "backward_layer/cell/vars"));
    }

    /**
     * TimeDistributed as Keras 3 writes it: {@code layer}, the inner layer's whole entry (with its
     * {@code build_config} for one step); its variables are in {@code layer/vars}, and its nodes
     * take {@code mask}.
     */
    private static LayerSerializer<TimeDistributed> timeDistributed() {
        Writer<TimeDistributed> writer = (l, c) -> {
            checkOwnVars(l.getLayer());
            c.set("layer", ModelConfigs.layer(l.getLayer(), null));
        };
        Function<ConfigNode, TimeDistributed> reader = c -> {
            ConfigNode entry = c.object("layer");
            if (entry == null) {
                throw new MissingEntryException(c.file(), c.path() + ".layer", "TimeDistributed needs the layer it wraps.");
            }
            Layer inner = ModelConfigs.layer(entry);
            try {
                checkOwnVars(inner);
            } catch (KerasException e) {
                throw c.unsupported("layer", e.getMessage());
            }
            return configured(c, () -> new TimeDistributed(inner));
        };
        return serializer("TimeDistributed", TimeDistributed.class, writer, reader, true, false, true,
                List.of("layer/vars"));
    }

    /** Refuses a layer for TimeDistributed whose variables Keras keeps elsewhere than its own {@code vars} (a cell's). */
    private static void checkOwnVars(Layer inner) {
        LayerSerializer<?> s = ObjectRegistration.serializerFor(inner.getClass());
        if (s != null && !s.varsPaths().equals(List.of("vars"))) {
            throw new KerasException("TimeDistributed(" + s.className() + ") cannot be saved or loaded yet: the layer's"
                    + " variables live under " + s.varsPaths() + " in Keras's files (layer '" + inner.getName() + "').");
        }
    }

    /** A layer wrapped by {@code wrapper}, as Keras writes it: its whole entry, with the wrapper's input shape. */
    private static ObjectNode wrapped(BaseRNN layer, Bidirectional wrapper) {
        ObjectNode o = ModelConfigs.layer(layer, null);
        if (wrapper.isBuilt()) {
            o.putObject("build_config").set("input_shape", batchShape(wrapper.inputShape()));
        }
        return o;
    }

    /** The recurrent layer of the entry at {@code key}. */
    private static BaseRNN wrappedLayer(ConfigNode c, String key) {
        ConfigNode entry = c.object(key);
        if (entry == null) {
            throw new MissingEntryException(c.file(), c.path() + "." + key, "Bidirectional needs the layer it wraps.");
        }
        Layer l = ModelConfigs.layer(entry);
        if (!(l instanceof BaseRNN rnn)) {
            throw c.unsupported(key, "jkeras's Bidirectional wraps SimpleRNN, LSTM or GRU. Received: " + l.className());
        }
        return rnn;
    }

    private static final List<String> RNN_NULL_KEYS = List.of("kernel_regularizer", "recurrent_regularizer",
            "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint");

    private static String recurrentActivation(ConfigNode c) {
        return c.has("recurrent_activation") ? SerializationLib.activation(c, "recurrent_activation").kerasName()
                : "sigmoid";
    }

    /** Runs a layer constructor or setter on values read from a file, turning its KerasException into the file's error. */
    private static <T> T configured(ConfigNode c, Supplier<T> body) {
        try {
            return body.get();
        } catch (SavingException e) {
            throw e;
        } catch (KerasException e) {
            throw new CorruptFileException(c.file(), c.path(), e.getMessage(), e);
        }
    }

    private static void putTuple(ObjectNode c, String key, int[] values) {
        ArrayNode a = c.putArray(key);
        for (int v : values) {
            a.add(v);
        }
    }

    private static <L extends Layer> LayerSerializer<L> merge(String className, Class<L> cls, Supplier<L> make) {
        return simple(className, cls, (l, c) -> { }, c -> make.get());
    }

    /** Keras's keys for what {@link KernelLayer} holds: activation, use_bias, the initializers and regularizers. */
    private static void writeKernelAndBias(KernelLayer<?> l, ObjectNode c) {
        c.set("activation", SerializationLib.activation(l.getActivation()));
        c.put("use_bias", l.getUseBias());
        c.set("kernel_initializer", SerializationLib.initializer(l.getKernelInitializer()));
        c.set("bias_initializer", SerializationLib.initializer(l.getBiasInitializer()));
        c.set("kernel_regularizer", SerializationLib.regularizer(l.getKernelRegularizer()));
        c.set("bias_regularizer", SerializationLib.regularizer(l.getBiasRegularizer()));
    }

    /** Reads {@link #writeKernelAndBias}'s keys into {@code l}, with Keras's defaults for those missing. */
    private static void readKernelAndBias(ConfigNode c, KernelLayer<?> l) {
        l.activation(SerializationLib.activation(c, "activation"));
        l.useBias(c.getBoolean("use_bias", true));
        l.kernelInitializer(SerializationLib.initializer(c, "kernel_initializer", VarianceScaling.glorotUniform()));
        l.biasInitializer(SerializationLib.initializer(c, "bias_initializer", new Constant(0f)));
        l.kernelRegularizer(SerializationLib.regularizer(c, "kernel_regularizer"));
        l.biasRegularizer(SerializationLib.regularizer(c, "bias_regularizer"));
    }

    private static void writeDense(Dense d, ObjectNode c) {
        c.put("units", d.units());
        writeKernelAndBias(d, c);
        c.putNull("kernel_constraint");
        c.putNull("bias_constraint");
        c.putNull("quantization_config");
    }

    private static Dense readDense(ConfigNode c) {
        int units = c.getInt("units");
        if (units <= 0) {
            throw new CorruptFileException(c.file(), c.path() + ".units", "Dense units must be positive. Received: " + units + ".");
        }
        Dense d = new Dense(units);
        readKernelAndBias(c, d);
        for (String k : List.of("kernel_constraint", "bias_constraint", "activity_regularizer", "lora_rank", "quantization_config")) {
            if (c.has(k)) {
                throw c.unsupported(k, "jkeras's Dense has no " + k);
            }
        }
        c.raw("lora_alpha");
        return d;
    }

    private static void writeBatchNormalization(BatchNormalization b, ObjectNode c) {
        c.put("axis", b.getAxis());
        c.put("momentum", SerializationLib.decimal(b.getMomentum()));
        c.put("epsilon", SerializationLib.decimal(b.getEpsilon()));
        c.put("center", b.getCenter());
        c.put("scale", b.getScale());
        c.set("beta_initializer", SerializationLib.initializer(b.getBetaInitializer()));
        c.set("gamma_initializer", SerializationLib.initializer(b.getGammaInitializer()));
        c.set("moving_mean_initializer", SerializationLib.initializer(b.getMovingMeanInitializer()));
        c.set("moving_variance_initializer", SerializationLib.initializer(b.getMovingVarianceInitializer()));
        c.set("beta_regularizer", SerializationLib.regularizer(b.getBetaRegularizer()));
        c.set("gamma_regularizer", SerializationLib.regularizer(b.getGammaRegularizer()));
        c.putNull("beta_constraint");
        c.putNull("gamma_constraint");
        c.put("synchronized", false);
        c.put("renorm", false);
        c.putNull("renorm_clipping");
        c.put("renorm_momentum", 0.99);
    }

    private static BatchNormalization readBatchNormalization(ConfigNode c) {
        BatchNormalization b = new BatchNormalization();
        configured(c, () -> b.axis(c.getInt("axis", -1)).momentum(c.getDouble("momentum", 0.99))
                .epsilon(c.getDouble("epsilon", 1e-3)));
        b.center(c.getBoolean("center", true));
        b.scale(c.getBoolean("scale", true));
        b.betaInitializer(SerializationLib.initializer(c, "beta_initializer", new Constant(0f)));
        b.gammaInitializer(SerializationLib.initializer(c, "gamma_initializer", new Constant(1f)));
        b.movingMeanInitializer(SerializationLib.initializer(c, "moving_mean_initializer", new Constant(0f)));
        b.movingVarianceInitializer(SerializationLib.initializer(c, "moving_variance_initializer", new Constant(1f)));
        b.betaRegularizer(SerializationLib.regularizer(c, "beta_regularizer"));
        b.gammaRegularizer(SerializationLib.regularizer(c, "gamma_regularizer"));
        for (String k : List.of("beta_constraint", "gamma_constraint", "renorm_clipping")) {
            if (c.has(k)) {
                throw c.unsupported(k, "jkeras's BatchNormalization has no " + k);
            }
        }
        if (c.getBoolean("synchronized", false)) {
            throw c.unsupported("synchronized", "jkeras's BatchNormalization runs on one device");
        }
        if (c.getBoolean("renorm", false)) {
            throw c.unsupported("renorm", "jkeras's BatchNormalization has no batch renormalization");
        }
        c.raw("renorm_momentum");
        return b;
    }

    private static void writeDropout(Dropout d, ObjectNode c) {
        c.put("rate", SerializationLib.decimal(d.getRate()));
        c.put("seed", d.getSeed());
        c.putNull("noise_shape");
    }

    private static Dropout readDropout(ConfigNode c) {
        float rate = c.getFloat("rate");
        if (!(rate >= 0f && rate < 1f)) {
            throw new CorruptFileException(c.file(), c.path() + ".rate", "Dropout rate must be in [0, 1). Received: " + rate + ".");
        }
        if (c.has("noise_shape")) {
            throw c.unsupported("noise_shape", "jkeras's Dropout has no noise_shape");
        }
        Long seed = c.getLong("seed", null);
        return seed == null ? new Dropout(rate) : new Dropout(rate, seed);
    }

    /** Keras's {@code [null, d1, d2...]} for a per-sample shape. */
    static ArrayNode batchShape(int[] sample) {
        ArrayNode a = SerializationLib.JSON.arrayNode();
        a.addNull();
        for (int d : sample) {
            a.add(d);
        }
        return a;
    }

    /** The per-sample shape of Keras's {@code [null, d1...]}; the batch axis must be {@code null}. */
    static int[] sampleShape(ConfigNode c, String key, JsonNode v) {
        int[] s = c.shape(v, key);
        if (s.length < 2) {
            throw new CorruptFileException(c.file(), c.path() + "." + key, "expected (None, ...) with at least one axis per"
                    + " sample. Received: " + ConfigNode.abbreviate(v) + ".");
        }
        int[] out = new int[s.length - 1];
        for (int i = 1; i < s.length; i++) {
            if (s[i] <= 0) {
                throw new UnsupportedFeatureException(c.file(), c.path() + "." + key, "jkeras needs every axis but the batch"
                        + " axis known and positive. Received: " + ConfigNode.abbreviate(v) + ".");
            }
            out[i - 1] = s[i];
        }
        return out;
    }
}
