package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.ShapeLayersConformance;

/** The shared {@link ShapeLayersConformance} suite on the dl4j backend. */
class Dl4jShapeLayersConformanceTest extends ShapeLayersConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
