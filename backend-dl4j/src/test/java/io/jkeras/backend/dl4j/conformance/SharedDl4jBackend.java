package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.dl4j.Dl4jBackendProvider;

/** The one dl4j backend every conformance class runs against, started once (ND4J's start-up is slow). */
final class SharedDl4jBackend {
    private static final Backend BACKEND = new Dl4jBackendProvider().create(BackendConfig.defaults());

    private SharedDl4jBackend() {
    }

    static Backend get() {
        return BACKEND;
    }
}
