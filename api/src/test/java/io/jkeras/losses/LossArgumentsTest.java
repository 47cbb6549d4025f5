package io.jkeras.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkeras.KerasException;
import org.junit.jupiter.api.Test;

class LossArgumentsTest {

    @Test
    void huberDeltaMustBePositiveAndFinite() {
        assertEquals("Huber delta must be positive. Received: delta=0.0",
                assertThrows(KerasException.class, () -> new Huber(0f)).getMessage());
        assertThrows(KerasException.class, () -> new Huber(Float.NaN));
        assertThrows(KerasException.class, () -> new Huber(Float.POSITIVE_INFINITY));
    }

    @Test
    void unknownAndNullNamesAreKerasExceptions() {
        assertThrows(KerasException.class, () -> Losses.get(null));
        assertThrows(KerasException.class, () -> Losses.get("hinge"));
    }
}
