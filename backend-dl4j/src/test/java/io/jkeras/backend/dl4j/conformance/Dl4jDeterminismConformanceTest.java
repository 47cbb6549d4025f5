package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.DeterminismConformance;

/** The shared {@link DeterminismConformance} suite on the dl4j backend. */
class Dl4jDeterminismConformanceTest extends DeterminismConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
