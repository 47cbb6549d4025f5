package io.jkeras.backend.dl4j.conformance;

import io.jkeras.backend.Backend;
import io.jkeras.conformance.TrainingConformance;

/** The shared {@link TrainingConformance} suite on the dl4j backend. */
class Dl4jTrainingConformanceTest extends TrainingConformance {
    @Override
    protected Backend backend() {
        return SharedDl4jBackend.get();
    }
}
