package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.GradientsConformance;

/** The shared {@link GradientsConformance} suite on the dl4j backend. */
class Dl4jGradientsConformanceTest extends GradientsConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
