package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.ThreadingConformance;

/** The shared {@link ThreadingConformance} suite on the dl4j backend. */
class Dl4jThreadingConformanceTest extends ThreadingConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
