package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.ConvConformance;

/** The shared {@link ConvConformance} suite on the dl4j backend. */
class Dl4jConvConformanceTest extends ConvConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
