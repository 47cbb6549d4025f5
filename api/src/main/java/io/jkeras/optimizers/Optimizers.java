package io.jkeras.optimizers;

import io.jkeras.KerasException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Looks optimizers up by their Keras names, with Keras's defaults, as {@code keras.optimizers.get} does. */
public final class Optimizers {
    private static final Map<String, Supplier<Optimizer>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("sgd", SGD::new);
        BY_NAME.put("adam", Adam::new);
        BY_NAME.put("adamw", AdamW::new);
        BY_NAME.put("rmsprop", RMSprop::new);
        BY_NAME.put("adagrad", Adagrad::new);
    }

    private Optimizers() {
    }

    /**
     * A new optimizer with Keras's defaults.
     *
     * @throws KerasException naming the known optimizers, for an unknown name
     */
    public static Optimizer get(String name) {
        Supplier<Optimizer> s = name == null ? null : BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new KerasException("Unknown optimizer: '" + name + "'. Known optimizers: "
                    + String.join(", ", BY_NAME.keySet()) + ".");
        }
        return s.get();
    }
}
