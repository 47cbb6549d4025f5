package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.FunctionalConformance;

/** The shared {@link FunctionalConformance} suite on the dl4j backend. */
class Dl4jFunctionalConformanceTest extends FunctionalConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
