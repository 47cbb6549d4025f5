package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.ExtremesConformance;

/** The shared {@link ExtremesConformance} suite on the dl4j backend. */
class Dl4jExtremesConformanceTest extends ExtremesConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
