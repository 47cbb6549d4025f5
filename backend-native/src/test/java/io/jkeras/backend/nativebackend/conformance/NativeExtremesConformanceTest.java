package io.jkeras.backend.nativebackend.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.nativebackend.NativeBackendProvider;
import io.jkeras.conformance.ExtremesConformance;

/** Runs {@link ExtremesConformance} on the native backend. */
class NativeExtremesConformanceTest extends ExtremesConformance {
    private static final Backend BACKEND = new NativeBackendProvider().create(BackendConfig.defaults());

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
