package io.jkeras.backend.nativebackend.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.nativebackend.NativeBackendProvider;
import io.jkeras.conformance.MaskedLossConformance;

/** Runs {@link MaskedLossConformance} on the native backend. */
class NativeMaskedLossConformanceTest extends MaskedLossConformance {
    private static final Backend BACKEND = new NativeBackendProvider().create(BackendConfig.defaults());

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
