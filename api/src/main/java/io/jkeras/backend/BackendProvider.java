package io.jkeras.backend;

/**
 * Makes one backend available to jkeras. Each backend jar lists its provider in
 * {@code META-INF/services/io.jkeras.backend.BackendProvider}; {@link Backends} finds them with
 * {@link java.util.ServiceLoader}.
 */
public interface BackendProvider {

    /** The backend's name as users write it in {@code keras.json}, e.g. {@code "native"}. */
    String name();

    /** Higher wins when several backends are installed and none is configured. */
    int priority();

    /**
     * Starts the backend.
     *
     * @throws io.jkeras.KerasException if it cannot run here (e.g. CUDA asked for, no GPU), saying what is missing
     */
    Backend create(BackendConfig config);
}
