package io.jkeras.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkeras.KerasException;
import org.junit.jupiter.api.Test;

class RegularizerTest {

    @Test
    void penaltyIsL1TimesAbsPlusL2TimesSquares() {
        assertEquals(0.01 * 3 + 0.1 * 5, Regularizer.l1l2(0.01f, 0.1f).penalty(new float[] {1, -2}), 1e-6);
    }

    @Test
    void factorsMustBeFiniteAndNotNegative() {
        assertEquals("Regularization factors must be finite and >= 0. Received: l1=-1.0, l2=0.0",
                assertThrows(KerasException.class, () -> Regularizer.l1(-1f)).getMessage());
        assertThrows(KerasException.class, () -> Regularizer.l2(Float.NaN));
        assertThrows(KerasException.class, () -> Regularizer.l1l2(0f, Float.POSITIVE_INFINITY));
        assertEquals("w must not be null",
                assertThrows(NullPointerException.class, () -> Regularizer.l2(0.1f).penalty(null)).getMessage());
    }
}
