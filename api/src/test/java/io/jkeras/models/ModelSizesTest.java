package io.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.backend.Shapes;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sizes of models: weights too many to count or too large for the heap are refused when the layer
 * is built, naming the layer, before any weight is drawn; {@code countParams} is exact otherwise.
 */
class ModelSizesTest {

    @BeforeEach
    void fresh() {
        Keras.clearSession();
    }

    @Test
    void aKernelOfMoreThanTwoToThe31ValuesIsRefusedNamingTheLayer() {
        // 2^20 inputs x 2^12 units = 2^32 values: the int product wraps to 0.
        Sequential m = new Sequential().add(new Input(1 << 20));
        KerasException e = assertThrows(KerasException.class, () -> m.add(new Dense(1 << 12).name("wide")));
        assertEquals("Layer 'wide' cannot be built for the per-sample input shapes ((1048576,)): The shape"
                + " (1048576, 4096) of variable 'kernel' has more than 2147483647 values.", e.getMessage());
        assertEquals(0, m.countParams(), "the refused layer was not added");
    }

    @Test
    void countParamsOfLargeLayersIsExactInALong() {
        // 46341 x 46341 + 46341 = 2147534622 values, past Integer.MAX_VALUE in all, each variable within it:
        // planned without drawing a weight.
        Dense d = new Dense(46341);
        long n = 0;
        for (var v : d.plannedVariables(java.util.List.of(new int[] {46340}))) {
            n += v.size();
        }
        assertEquals(46340L * 46341 + 46341, n);
        assertTrue(n > Integer.MAX_VALUE);
    }

    @Test
    void weightsTheHeapCannotHoldAreRefusedBeforeAnyIsDrawn() {
        // 46000 x 46000 float32 is 8.5 GB, within an int's count but beyond the test heap (-Xmx4g).
        long heap = Runtime.getRuntime().maxMemory();
        long bytes = 4L * (46000L * 46000 + 46000);
        assertTrue(bytes > heap, "the test needs a heap below " + bytes + " bytes");
        Sequential m = new Sequential().add(new Input(46000));
        KerasException e = assertThrows(KerasException.class, () -> m.add(new Dense(46000).name("huge")));
        assertTrue(e.getMessage().startsWith("The weights of layer 'huge' (2116046000 float32 values) needs "
                + bytes + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("raise -Xmx"), e.getMessage());
        assertFalse(m.layers().stream().anyMatch(l -> l.getName().equals("huge")));
    }

    @Test
    void requireHeapRefusesOnlyWhatTheFreeHeapCannotHold() {
        Shapes.requireHeap(1 << 20, "a megabyte");
        long max = Runtime.getRuntime().maxMemory();
        KerasException e = assertThrows(KerasException.class, () -> Shapes.requireHeap(max + 1, "one byte too many"));
        assertTrue(e.getMessage().startsWith("one byte too many needs " + (max + 1) + " bytes"), e.getMessage());
    }
}
