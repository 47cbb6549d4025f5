package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.WeightsConformance;

/** The shared {@link WeightsConformance} suite on the dl4j backend. */
class Dl4jWeightsConformanceTest extends WeightsConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
