package io.jkeras.backend.dl4j;

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
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sizes on the dl4j backend: a model's parameters and a batch's step are estimated before ND4J
 * allocates them off the heap, and refused against JavaCPP's limit ({@code Pointer.maxBytes()},
 * the maximum heap of -Xmx4g here) with a {@code KerasException} naming the bytes
 * ({@link Dl4jOffHeapTest} for every call and both limits).
 */
class Dl4jSizesTest {
    private static final Backend BACKEND = new Dl4jBackendProvider().create(BackendConfig.defaults());

    @BeforeEach
    void fresh() {
        Keras.clearSession();
        Keras.setRandomSeed(3);
    }

    @Test
    void aBatchWhoseStepExceedsJavaCppsLimitIsRefusedBeforeNd4jAllocates() {
        // Inference keeps at most 2 x 2 x 131072 values per sample (the output and its pre-activation,
        // workspace learning doubling them), plus the input, the output copied out and a label array:
        // 30000 samples need 94 GB, parameters and gradients 2 x 4 x 262144 bytes more.
        long perSample = 4L * 131072 + 1 + 2L * 131072;
        long batch = 4L * 30000 * perSample;
        long model = 2L * 4 * (131072 + 131072);
        assertTrue(batch > Pointer.maxBytes(), "the test needs JavaCPP's limit below " + batch + " bytes");
        Sequential m = new Sequential().add(new Input(1)).add(new Dense(131072).name("wide"));
        m.compile(new SGD(0.1f), new MeanSquaredError(), List.of(), BACKEND);
        KerasException e = assertThrows(KerasException.class, () -> m.predictOnBatch(Tensor.zeros(30000, 1)));
        assertEquals("predictOnBatch() of model '" + m.getName() + "' on the dl4j backend with a batch of 30000"
                + " samples (" + perSample + " float32 values per sample at most) needs up to " + (model + batch)
                + " bytes off the Java heap (" + model + " for the model's parameters and gradients, " + batch
                + " for the batch), more than JavaCPP's limit of " + Pointer.maxBytes() + " bytes"
                + " (-Dorg.bytedeco.javacpp.maxbytes). Raise -Dorg.bytedeco.javacpp.maxbytes and"
                + " -Dorg.bytedeco.javacpp.maxphysicalbytes (JavaCPP's limits, which the dl4j backend enforces), or use"
                + " a smaller batch size.", e.getMessage());
        assertEquals(131072, m.predictOnBatch(Tensor.zeros(2, 1)).dim(1), "the model still predicts");
    }

    @Test
    void aModelWhoseParametersExceedJavaCppsLimitIsRefusedAtBuild() {
        // 46000 x 46000 parameters and as many gradients: 16.9 GB. The check comes before DL4J
        // allocates its flat vectors and before any weight is read, so the test passes none.
        ModelSpec spec = ModelSpec.chain("big", new InputSpec("input", new int[] {46000}),
                List.of(new DenseSpec("d", 46000, 46000, Activation.LINEAR, false, null, null)));
        KerasException e = assertThrows(KerasException.class,
                () -> BACKEND.build(spec, new TrainingSpec(new MeanSquaredError(), new SGD(0.1f)), Map.of()));
        assertTrue(e.getMessage().startsWith("Model 'big' on the dl4j backend (2116000000 parameters and their gradients,"
                + " in float32) needs at least 16928000000 bytes off the Java heap"), e.getMessage());
    }
}
