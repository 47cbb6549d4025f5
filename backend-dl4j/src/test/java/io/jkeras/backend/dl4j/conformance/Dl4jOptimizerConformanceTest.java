package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.OptimizerConformance;

/** The shared {@link OptimizerConformance} suite on the dl4j backend. */
class Dl4jOptimizerConformanceTest extends OptimizerConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
