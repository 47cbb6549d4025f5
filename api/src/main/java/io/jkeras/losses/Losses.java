package io.jkeras.losses;

import io.jkeras.KerasException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Looks losses up by their Keras names and aliases, as {@code keras.losses.get} does. */
public final class Losses {
    private static final Map<String, Supplier<Loss>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("mean_squared_error", MeanSquaredError::new);
        BY_NAME.put("mse", MeanSquaredError::new);
        BY_NAME.put("mean_absolute_error", MeanAbsoluteError::new);
        BY_NAME.put("mae", MeanAbsoluteError::new);
        BY_NAME.put("huber", Huber::new);
        BY_NAME.put("binary_crossentropy", BinaryCrossentropy::new);
        BY_NAME.put("categorical_crossentropy", CategoricalCrossentropy::new);
        BY_NAME.put("sparse_categorical_crossentropy", SparseCategoricalCrossentropy::new);
    }

    private Losses() {
    }

    /**
     * The loss with this Keras name, e.g. {@code "mse"} or {@code "categorical_crossentropy"}.
     *
     * @throws KerasException naming the known losses, for an unknown name
     */
    public static Loss get(String name) {
        Supplier<Loss> s = name == null ? null : BY_NAME.get(name.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new KerasException("Unknown loss: '" + name + "'. Known losses: "
                    + String.join(", ", BY_NAME.keySet()) + ".");
        }
        return s.get();
    }
}
