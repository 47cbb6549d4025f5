package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.SuiteConformance;

/** The shared {@link SuiteConformance} suite on the dl4j backend. */
class Dl4jSuiteConformanceTest extends SuiteConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
