package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.RecurrentConformance;

/** The shared {@link RecurrentConformance} suite on the dl4j backend. */
class Dl4jRecurrentConformanceTest extends RecurrentConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
