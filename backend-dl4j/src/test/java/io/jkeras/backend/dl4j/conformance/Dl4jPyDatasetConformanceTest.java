package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.PyDatasetConformance;

/** The shared {@link PyDatasetConformance} suite on the dl4j backend. */
class Dl4jPyDatasetConformanceTest extends PyDatasetConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
