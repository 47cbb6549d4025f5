package io.jkeras.backend.dl4j;

import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.BackendProvider;

/**
 * Makes the {@code dl4j} backend available through {@link java.util.ServiceLoader}; listed in
 * {@code META-INF/services/io.jkeras.backend.BackendProvider}.
 */
public final class Dl4jBackendProvider implements BackendProvider {
    /** The backend's name in {@code keras.json}. */
    public static final String NAME = "dl4j";

    /** The provider; {@link java.util.ServiceLoader} calls this. */
    public Dl4jBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Above the native backend's: when both are installed and nothing is configured, DL4J's speed wins. */
    @Override
    public int priority() {
        return 20;
    }

    @Override
    public Backend create(BackendConfig config) {
        return new Dl4jBackend(config);
    }
}
