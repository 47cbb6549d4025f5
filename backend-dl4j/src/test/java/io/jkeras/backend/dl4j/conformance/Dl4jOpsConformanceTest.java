package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.OpsConformance;

/** The shared {@link OpsConformance} suite on the dl4j backend. */
class Dl4jOpsConformanceTest extends OpsConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
