package io.jkeras.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void oneMinusUsesTheDecimalHyperParameter() {
        assertEquals((float) (1.0 - 0.999), Optimizer.oneMinus(0.999f));
        assertEquals((float) (1.0 - 0.9), Optimizer.oneMinus(0.9f));
        assertEquals(0f, Optimizer.oneMinus(1f));
    }
}
