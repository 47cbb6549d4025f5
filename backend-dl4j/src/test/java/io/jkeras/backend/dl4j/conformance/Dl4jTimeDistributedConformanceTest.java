package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.TimeDistributedConformance;

/** The shared {@link TimeDistributedConformance} suite on the dl4j backend. */
class Dl4jTimeDistributedConformanceTest extends TimeDistributedConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
