package io.jkeras.backend.nativebackend.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.nativebackend.NativeBackendProvider;
import io.jkeras.conformance.SuiteConformance;

/** Runs {@link SuiteConformance} on the native backend. */
class NativeSuiteConformanceTest extends SuiteConformance {
    private static final Backend BACKEND = new NativeBackendProvider().create(BackendConfig.defaults());

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
