package io.jkeras.backend.nativebackend;

import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.BackendProvider;

/**
 * Makes the {@code native} backend available through {@link java.util.ServiceLoader}; listed in
 * {@code META-INF/services/io.jkeras.backend.BackendProvider}.
 */
public final class NativeBackendProvider implements BackendProvider {
    /** The backend's name in {@code keras.json}. */
    public static final String NAME = "native";

    /** The provider; {@link java.util.ServiceLoader} calls this. */
    public NativeBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Low: the native backend runs everywhere, so it is the fallback rather than the first choice. */
    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Backend create(BackendConfig config) {
        return new NativeBackend(config);
    }
}
