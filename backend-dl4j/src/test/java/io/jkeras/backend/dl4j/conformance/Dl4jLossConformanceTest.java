package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.LossConformance;

/** The shared {@link LossConformance} suite on the dl4j backend. */
class Dl4jLossConformanceTest extends LossConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
