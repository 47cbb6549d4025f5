package io.jkeras.saving;

import io.jkeras.layers.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The only classes loading may instantiate: jkeras's own layers, and the custom layers registered
 * here in code (Keras's {@code custom_objects} and {@code register_keras_serializable}). A
 * {@code class_name} found in a file is looked up here and nowhere else; no reflection on names
 * from a file, no Java serialization.
 */
public final class ObjectRegistration {
    private static final Map<String, LayerSerializer<?>> BY_NAME = new ConcurrentHashMap<>();
    private static final Map<Class<?>, LayerSerializer<?>> BY_CLASS = new ConcurrentHashMap<>();

    static {
        for (LayerSerializer<?> s : BuiltinLayers.all()) {
            put(s);
        }
    }

    private ObjectRegistration() {
    }

    /**
     * Registers a custom layer's serializer, under its {@code registered_name} (or its class name
     * when it has none); it replaces one registered before under the same name.
     */
    public static void registerLayer(LayerSerializer<?> serializer) {
        Objects.requireNonNull(serializer, "serializer");
        Objects.requireNonNull(serializer.className(), "className");
        Objects.requireNonNull(serializer.layerClass(), "layerClass");
        put(serializer);
    }

    private static void put(LayerSerializer<?> s) {
        BY_NAME.put(s.registeredName() != null ? s.registeredName() : s.className(), s);
        BY_CLASS.put(s.layerClass(), s);
    }

    /** The serializer of this layer class, or {@code null}. */
    public static LayerSerializer<?> serializerFor(Class<? extends Layer> layerClass) {
        return BY_CLASS.get(layerClass);
    }

    /** The serializer for a file's {@code registered_name} (tried first) or {@code class_name}, or {@code null}. */
    static LayerSerializer<?> lookup(String registeredName, String className) {
        LayerSerializer<?> s = registeredName == null ? null : BY_NAME.get(registeredName);
        return s != null ? s : BY_NAME.get(className);
    }

    /** Every name known, sorted, for messages. */
    static List<String> knownNames() {
        List<String> names = new ArrayList<>(BY_NAME.keySet());
        names.add("InputLayer");
        names.sort(null);
        return names;
    }
}
