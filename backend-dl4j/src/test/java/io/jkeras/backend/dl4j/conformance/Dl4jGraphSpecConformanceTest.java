package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.GraphSpecConformance;

/** The shared {@link GraphSpecConformance} suite on the dl4j backend. */
class Dl4jGraphSpecConformanceTest extends GraphSpecConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
