package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.NormalizationConformance;

/** The shared {@link NormalizationConformance} suite on the dl4j backend. */
class Dl4jNormalizationConformanceTest extends NormalizationConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
