package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.LayerConformance;

/** The shared {@link LayerConformance} suite on the dl4j backend. */
class Dl4jLayerConformanceTest extends LayerConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
