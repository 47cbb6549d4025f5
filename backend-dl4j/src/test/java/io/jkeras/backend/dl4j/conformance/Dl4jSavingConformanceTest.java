package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.SavingConformance;

/** The shared {@link SavingConformance} suite on the dl4j backend. */
class Dl4jSavingConformanceTest extends SavingConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
