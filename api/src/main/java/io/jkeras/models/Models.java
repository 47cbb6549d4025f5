package io.jkeras.models;

import io.jkeras.backend.Backend;
import io.jkeras.saving.SavingLib;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Keras's {@code keras.models.load_model}: a model from a file that Python Keras 3 or jkeras wrote.
 *
 * <pre>{@code
 * model.save(Path.of("m.keras"));
 * Model again = Models.load(Path.of("m.keras"));      // a Sequential when the file holds one
 * Tensor p = again.predict(x);
 * }</pre>
 */
public final class Models {
    private Models() {
    }

    /**
     * Loads a {@code .keras} file (or a legacy Keras 2 {@code .h5} model), compiled on the
     * configured backend when the file holds a compile configuration, with the optimizer's state
     * restored so that training resumes where it stopped.
     *
     * @throws io.jkeras.saving.SavingException of the kind of problem, naming the file and the entry
     */
    public static Model load(Path path) {
        return load(path, null);
    }

    /**
     * {@link #load(Path)} compiled on this backend instead of the configured one.
     *
     * @param backend the backend, or {@code null} for the configured one
     */
    public static Model load(Path path, Backend backend) {
        Objects.requireNonNull(path, "path");
        return SavingLib.loadModel(path, backend);
    }
}
