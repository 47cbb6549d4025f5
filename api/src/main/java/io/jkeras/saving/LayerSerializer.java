package io.jkeras.saving;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jkeras.layers.Layer;
import java.util.List;

/**
 * How one layer class is written to and read from Keras's configuration: the {@code class_name},
 * the layer-specific keys of its {@code config} (the shared {@code name}, {@code trainable} and
 * {@code dtype} are handled by jkeras) and a new layer made from them. jkeras registers one for
 * each of its layers; a custom layer registers its own with
 * {@link ObjectRegistration#registerLayer(LayerSerializer)}, as Keras's {@code custom_objects}.
 *
 * @param <L> the layer class
 */
public interface LayerSerializer<L extends Layer> {

    /** Keras's {@code class_name}, e.g. {@code "Dense"}. */
    String className();

    /** The Java class this serializer writes. */
    Class<L> layerClass();

    /** Keras's {@code module}: {@code "keras.layers"} for Keras's layers, the package of a custom one. */
    default String module() {
        return "keras.layers";
    }

    /**
     * Keras's {@code registered_name}: {@code null} for Keras's own layers, {@code "package>ClassName"}
     * for a custom one (as {@code keras.saving.register_keras_serializable} makes it).
     */
    default String registeredName() {
        return null;
    }

    /**
     * Whether Keras writes a {@code build_config} for this layer: Keras 3 records it for layers with
     * their own {@code build} (Dense, Flatten, the merges), not for Reshape, Dropout or Activation.
     */
    default boolean hasBuildConfig() {
        return true;
    }

    /**
     * Whether the layer's {@code call} takes Keras's {@code training} argument; Keras records
     * {@code "kwargs": {"training": false}} in such a layer's inbound nodes.
     */
    default boolean takesTraining() {
        return false;
    }

    /**
     * Whether the layer's {@code call} takes Keras's {@code mask} argument (the recurrent layers);
     * Keras records {@code "mask": null} in such a layer's inbound nodes.
     */
    default boolean takesMask() {
        return false;
    }

    /**
     * Where the layer's variables live under its group in the weights file: {@code "vars"}, or
     * {@code "cell/vars"} for Keras's recurrent layers, which keep them in their cell (the layer's
     * own {@code vars} group is then empty).
     */
    default String varsPath() {
        return "vars";
    }

    /**
     * Where the layer's variables live when they are split between layers it wraps (Keras's
     * {@code Bidirectional}: {@code forward_layer/cell/vars}, {@code backward_layer/cell/vars}):
     * the variables in order, an equal share under each path. By default the one
     * {@link #varsPath()}.
     */
    default List<String> varsPaths() {
        return List.of(varsPath());
    }

    /** Writes the layer's own keys, in Keras's order, into {@code config}. */
    void writeConfig(L layer, ObjectNode config);

    /**
     * A new, unbuilt layer from its configuration. Read every key that matters through
     * {@code config}; keys left unread with a non-default value are refused afterwards.
     */
    L fromConfig(ConfigNode config);
}
