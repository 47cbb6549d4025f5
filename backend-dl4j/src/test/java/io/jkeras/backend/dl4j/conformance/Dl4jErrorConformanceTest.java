package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.ErrorConformance;

/** The shared {@link ErrorConformance} suite on the dl4j backend. */
class Dl4jErrorConformanceTest extends ErrorConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
