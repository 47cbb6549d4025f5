package io.jkeras.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mask check of {@link GlobalPoolingSpec}, which the facade never trips (GlobalAveragePooling1D
 * refuses a mask of other steps first, and the other global poolings refuse masks), so only code
 * that builds the spec itself, as a custom layer or a backend may, reaches it.
 */
class GlobalPoolingSpecTest {
    private static final MaskSpec SIX_STEPS = new MaskSpec("tokens", new int[] {6}, true, 0f);

    @Test
    void aMaskGoesOnlyToA1dAverageOverItsSteps() {
        GlobalPoolingSpec ok = new GlobalPoolingSpec("gap", new int[] {6, 2}, PoolingSpec.Op.AVERAGE, SIX_STEPS);
        assertEquals(List.of(List.of(6, 2), List.of(6)),
                ok.inputShapes().stream().map(s -> java.util.Arrays.stream(s).boxed().toList()).toList());
        assertArrayEquals(new int[] {2}, ok.outputShape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GlobalPoolingSpec("gap", new int[] {3, 2}, PoolingSpec.Op.AVERAGE, SIX_STEPS));
        assertEquals("Global pooling 'gap': only a 1D average takes a mask, of one value per step. Received: a mask"
                + " of 6 steps for AVERAGE pooling of (None, 3, 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GlobalPoolingSpec("gmp", new int[] {6, 2}, PoolingSpec.Op.MAX, SIX_STEPS));
        assertEquals("Global pooling 'gmp': only a 1D average takes a mask, of one value per step. Received: a mask"
                + " of 6 steps for MAX pooling of (None, 6, 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GlobalPoolingSpec("gap2d", new int[] {6, 4, 2}, PoolingSpec.Op.AVERAGE, SIX_STEPS));
        assertEquals("Global pooling 'gap2d': only a 1D average takes a mask, of one value per step. Received: a mask"
                + " of 6 steps for AVERAGE pooling of (None, 6, 4, 2)", e.getMessage());
    }
}
