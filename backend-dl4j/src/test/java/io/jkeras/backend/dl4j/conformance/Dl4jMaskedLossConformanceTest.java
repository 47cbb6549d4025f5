package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.MaskedLossConformance;

/** The shared {@link MaskedLossConformance} suite on the dl4j backend. */
class Dl4jMaskedLossConformanceTest extends MaskedLossConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
