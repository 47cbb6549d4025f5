package io.jkeras.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkeras.KerasException;
import org.junit.jupiter.api.Test;

class OptimizerTest {

    @Test
    void oneMinusUsesTheDecimalHyperParameter() {
        assertEquals((float) (1.0 - 0.999), Optimizer.oneMinus(0.999f));
        assertEquals((float) (1.0 - 0.9), Optimizer.oneMinus(0.9f));
        assertEquals(0f, Optimizer.oneMinus(1f));
    }

    @Test
    void badHyperParametersAreKerasExceptionsNamingThem() {
        assertEquals("epsilon must be a positive number. Received: epsilon=0.0",
                assertThrows(KerasException.class, () -> new Adam(0.001f, 0.9f, 0.999f, 0f, false)).getMessage());
        assertEquals("beta1 must be in [0.0, 1.0]. Received: beta1=1.5",
                assertThrows(KerasException.class, () -> new Adam(0.001f, 1.5f, 0.999f, 1e-7f, false)).getMessage());
        assertThrows(KerasException.class, () -> new SGD(0.01f, Float.NaN, false));
        assertThrows(KerasException.class, () -> new RMSprop(0.001f, 0.9f, -1f, 1e-7f, false));
        assertThrows(KerasException.class, () -> new Adagrad(0.001f, -0.1f, 1e-7f));
        assertThrows(KerasException.class, () -> new Adam().weightDecay(Float.POSITIVE_INFINITY));
        assertThrows(KerasException.class, () -> new SGD(-0.01f));
    }

    @Test
    void aLearningRateOfZeroIsAllowedAsInKeras() {
        SGD sgd = new SGD(0f);
        sgd.setLearningRate(0f);
        assertEquals(0f, sgd.getLearningRate());
    }
}
