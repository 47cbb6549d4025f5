package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.ActivationConformance;

/** The shared {@link ActivationConformance} suite on the dl4j backend. */
class Dl4jActivationConformanceTest extends ActivationConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
