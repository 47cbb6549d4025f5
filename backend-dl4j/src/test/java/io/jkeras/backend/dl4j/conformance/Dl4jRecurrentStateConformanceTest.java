package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.RecurrentStateConformance;

/** The shared {@link RecurrentStateConformance} suite on the dl4j backend. */
class Dl4jRecurrentStateConformanceTest extends RecurrentStateConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
