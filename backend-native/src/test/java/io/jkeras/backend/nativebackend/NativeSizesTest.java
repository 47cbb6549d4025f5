package io.jkeras.backend.nativebackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.InputSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sizes on the native backend: a batch whose buffers would be longer than a Java array, or larger
 * than the heap, and a model whose weights and gradients the heap cannot hold, are refused with a
 * {@code KerasException} naming the sizes, before anything is allocated.
 */
class NativeSizesTest {
    private final Backend backend = new NativeBackendProvider().create(BackendConfig.defaults());

    @BeforeEach
    void fresh() {
        Keras.clearSession();
        Keras.setRandomSeed(3);
    }

    /** {@code Input(1) -> Dense(131072)}: half a MiB of weights, 131072 values per sample out. */
    private Sequential wide() {
        Sequential m = new Sequential().add(new Input(1)).add(new Dense(131072).name("wide"));
        m.compile(new SGD(0.1f), new MeanSquaredError(), List.of(), backend);
        return m;
    }

    @Test
    void aBatchWhoseOutputIsLongerThanAJavaArrayIsRefusedNamingTheLayer() {
        // 30000 x 131072 = 3932160000 values: the int product used to wrap to a NegativeArraySizeException.
        Sequential m = wide();
        KerasException e = assertThrows(KerasException.class, () -> m.predictOnBatch(Tensor.zeros(30000, 1)));
        assertEquals("A batch of 30000 samples is too large for layer 'wide' on the native backend: its output would"
                + " hold 3932160000 values (131072 per sample), more than the 2147483639 a Java array holds. Use a"
                + " smaller batch size.", e.getMessage());
        assertEquals(1, m.predictOnBatch(Tensor.zeros(1, 1)).dim(0), "the model still predicts");
    }

    @Test
    void aBatchWhoseBuffersTheHeapCannotHoldIsRefusedNamingTheBytes() {
        // 5000 x 131072 values fit an array, but activations and gradients need 5.2 GB (-Xmx4g here).
        long bytes = 2L * 4 * 5000 * 131072;
        assertTrue(bytes > Runtime.getRuntime().maxMemory(), "the test needs a heap below " + bytes + " bytes");
        Sequential m = wide();
        KerasException e = assertThrows(KerasException.class, () -> m.predictOnBatch(Tensor.zeros(5000, 1)));
        assertTrue(e.getMessage().startsWith("A batch of 5000 samples on the native backend (activations, gradients"
                + " and scratch space, 1310720000 float32 values) needs " + bytes + " bytes"), e.getMessage());
    }

    @Test
    void aModelWhoseWeightsAndGradientsTheHeapCannotHoldIsRefusedAtBuild() {
        // 46000 x 46000 weights: 8.5 GB, and as much again for their gradients. The check comes
        // before any weight is read, so the test passes none.
        ModelSpec spec = ModelSpec.chain("big", new InputSpec("input", new int[] {46000}),
                List.of(new DenseSpec("d", 46000, 46000, Activation.LINEAR, false, null, null)));
        KerasException e = assertThrows(KerasException.class,
                () -> backend.build(spec, new TrainingSpec(new MeanSquaredError(), new SGD(0.1f)), Map.of()));
        assertTrue(e.getMessage().startsWith("Model 'big' on the native backend (its 2116000000 weights and their"
                + " gradients, in float32) needs 16928000000 bytes"), e.getMessage());
    }
}
