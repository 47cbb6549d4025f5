package io.jkeras.saving;

import com.fasterxml.jackson.databind.JsonNode;
import io.jkeras.backend.MaskSpec;
import io.jkeras.backend.Shapes;
import io.jkeras.layers.KerasTensor;
import io.jkeras.layers.Layer;
import io.jkeras.utils.PythonFloats;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code keras.ops} nodes of a Functional configuration. Keras 3 traces a Functional model's
 * masks like any other computation, so a file records the mask of {@code Embedding(mask_zero=True)}
 * as a {@code NotEqual(indices, 0)} op layer and the mask of {@code Masking(mask_value)} as
 * {@code Any(NotEqual(x, mask_value), axis=-1)}, each passed to the layers that take it as their
 * {@code mask=} argument. jkeras computes those masks itself (a layer's {@code outputMask}), so it
 * reads these two ops as masks, checks that each is the mask jkeras computes where it is passed,
 * and builds nothing for them. Any other op, an op on a layer's data path, and a mask jkeras does
 * not compute there are refused, naming the op and the file.
 */
final class MaskOps {
    /** The op classes jkeras reads. */
    private static final String NOT_EQUAL = "NotEqual";
    private static final String ANY = "Any";

    private MaskOps() {
    }

    /** Whether a layer entry of a Functional config is a {@code keras.ops} node rather than a layer. */
    static boolean isOp(ConfigNode entry) {
        JsonNode module = entry.json().get("module");
        return module != null && module.isTextual()
                && (module.textValue().startsWith("keras.src.ops.") || module.textValue().startsWith("keras.ops"));
    }

    /**
     * An op entry, checked: {@code NotEqual}, or {@code Any} over the last axis without
     * {@code keepdims}; any other op is refused.
     */
    static Op parse(ConfigNode entry) {
        String cls = entry.getString("class_name");
        String module = entry.getString("module");
        entry.raw("registered_name");
        entry.raw("build_config");
        entry.raw("inbound_nodes");
        ConfigNode c = entry.object("config");
        if (c == null) {
            throw new MissingEntryException(entry.file(), entry.path() + ".config", "the op has no config.");
        }
        String name = c.getString("name");
        if (!cls.equals(NOT_EQUAL) && !cls.equals(ANY)) {
            throw new UnsupportedFeatureException(entry.file(), entry.path(), "the model computes keras.ops operation '"
                    + name + "' (" + cls + " from " + module + ") on its tensors. jkeras builds models of layers; of the"
                    + " ops Keras records in a Functional model it reads only the masks of Embedding(mask_zero=True)"
                    + " (NotEqual) and Masking (Any of NotEqual). Rebuild the model with layers in place of the op.");
        }
        if (cls.equals(ANY)) {
            int axis = c.getInt("axis");
            if (axis != -1 || c.getBoolean("keepdims", false)) {
                throw new UnsupportedFeatureException(entry.file(), c.path(), "op '" + name + "' (Any) reduces axis " + axis
                        + (c.getBoolean("keepdims", false) ? " keeping it" : "") + "; jkeras reads Any only as Masking's"
                        + " mask, over the last axis (axis=-1, keepdims=False).");
            }
        }
        c.checkAllRead(cls + " '" + name + "'");
        return new Op(name, cls);
    }

    /** A checked op entry: its name and class. */
    record Op(String name, String className) {
    }

    /**
     * What an op node computes, as jkeras would: {@code NotEqual(source, value)} (per step for a
     * source of indices {@code (steps,)}, or per value for {@code (steps, features)}), or, with
     * {@code anyOverFeatures}, {@code Any} of that over the features.
     */
    record Mask(String op, String className, KerasTensor source, float value, boolean anyOverFeatures) {

        /** The mask as a backend computes it, or {@code null} where no {@code MaskSpec} computes it. */
        MaskSpec spec() {
            int[] shape = source.shape();
            if (anyOverFeatures && shape.length == 2) {
                return new MaskSpec(source.name(), shape, false, value);
            }
            if (!anyOverFeatures && shape.length == 1) {
                return value == 0f ? new MaskSpec(source.name(), shape, true, 0f) : new MaskSpec(source.name(), shape, false, value);
            }
            return null;
        }

        /** The computation, as Keras's ops: {@code Any(NotEqual(series, -1.0), axis=-1)}. */
        String describe() {
            String ne = "NotEqual(" + source.name() + " of shape " + Shapes.withBatch(source.shape()) + ", "
                    + PythonFloats.repr(value) + ")";
            return anyOverFeatures ? "Any(" + ne + ", axis=-1)" : ne;
        }
    }

    /**
     * The mask an op node computes, or {@code null} while its input is not made yet.
     *
     * @param node the node's entry, {@code {"args": [tensor, value]}} for NotEqual, {@code {"args": [mask]}} for Any
     * @param tensors the layers' tensors made so far, by {@code layer#node}
     * @param masks the op nodes' masks made so far, by {@code op#node}
     */
    static Mask resolve(Op op, JsonNode node, Map<String, KerasTensor> tensors, Map<String, Mask> masks, Path file,
            String where) {
        JsonNode args = node.path("args");
        JsonNode kwargs = node.path("kwargs");
        int arity = op.className().equals(NOT_EQUAL) ? 2 : 1;
        if (!args.isArray() || args.size() != arity || (kwargs.isObject() && !kwargs.isEmpty())) {
            throw new CorruptFileException(file, where, "expected " + op.className() + "'s " + arity + " argument"
                    + (arity == 1 ? "" : "s") + ". Received: " + ConfigNode.abbreviate(node) + ".");
        }
        String ref = key(args.get(0), file, where);
        if (op.className().equals(NOT_EQUAL)) {
            if (masks.containsKey(ref)) {
                throw new UnsupportedFeatureException(file, where, "op '" + op.name() + "' (NotEqual) compares the result of"
                        + " op '" + masks.get(ref).op() + "'; jkeras reads NotEqual only on a layer's or input's tensor.");
            }
            KerasTensor source = tensors.get(ref);
            if (source == null) {
                return null;
            }
            JsonNode v = args.get(1);
            if (!v.isNumber()) {
                throw new UnsupportedFeatureException(file, where, "op '" + op.name() + "' (NotEqual) compares "
                        + source.name() + " with " + ConfigNode.abbreviate(v) + "; jkeras reads NotEqual only against a"
                        + " number, as Embedding(mask_zero=True) and Masking compute it.");
            }
            return new Mask(op.name(), NOT_EQUAL, source, v.floatValue(), false);
        }
        if (tensors.containsKey(ref)) {
            throw new UnsupportedFeatureException(file, where, "op '" + op.name() + "' (Any) reduces layer tensor '"
                    + tensors.get(ref).name() + "'; jkeras reads Any only over the NotEqual of Masking's mask.");
        }
        Mask inner = masks.get(ref);
        if (inner == null) {
            return null;
        }
        if (inner.anyOverFeatures()) {
            throw new UnsupportedFeatureException(file, where, "op '" + op.name() + "' (Any) reduces " + inner.describe()
                    + " again; jkeras reads Any only over the NotEqual of Masking's mask.");
        }
        return new Mask(op.name(), ANY, inner.source(), inner.value(), true);
    }

    /** The {@code layer#node#tensor} key of a tensor reference, Keras 3's {@code __keras_tensor__} or Keras 2's list. */
    static String key(JsonNode ref, Path file, String where) {
        JsonNode h = ref.isObject() ? ref.path("config").path("keras_history") : ref;
        if (!h.isArray() || h.size() < 3 || !h.get(0).isTextual() || !h.get(1).canConvertToInt() || !h.get(2).canConvertToInt()) {
            throw new CorruptFileException(file, where, "expected a tensor reference [layer, node, tensor]. Received: "
                    + ConfigNode.abbreviate(ref) + ".");
        }
        return h.get(0).textValue() + "#" + h.get(1).intValue() + "#" + h.get(2).intValue();
    }

    /**
     * Checks the mask a file passes to a layer's call against the mask jkeras computes for it there.
     *
     * @param given the mask the file passes ({@code mask=} of the node)
     * @param arriving the mask jkeras computes from the layers before, or {@code null}: none
     * @throws UnsupportedFeatureException if they differ
     */
    static void checkGiven(Layer layer, Mask given, MaskSpec arriving, Path file, String where) {
        MaskSpec spec = given.spec();
        if (spec != null && spec.sameAs(arriving)) {
            return;
        }
        String computed = arriving == null ? "no mask arrives there"
                : "the mask arriving there is " + (arriving.indices() ? "NotEqual(" + arriving.source() + ", 0), from an"
                + " Embedding(mask_zero=True)" : "Any(NotEqual(" + arriving.source() + ", "
                + PythonFloats.repr(arriving.value()) + "), axis=-1), from a Masking");
        throw new UnsupportedFeatureException(file, where + ".kwargs.mask", layer.className() + " '" + layer.getName()
                + "' is given mask=" + given.op() + ", " + given.describe() + ", but jkeras computes masks itself, from"
                + " Embedding(mask_zero=True) and Masking only, and " + computed + ". A mask made by hand cannot be"
                + " represented; make it with Embedding(mask_zero=True) or Masking.");
    }
}
