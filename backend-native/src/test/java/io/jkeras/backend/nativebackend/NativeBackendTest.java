package io.jkeras.backend.nativebackend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.BackendProvider;
import io.jkeras.backend.Backends;
import io.jkeras.backend.Capability;
import io.jkeras.backend.DenseSpec;
import io.jkeras.backend.InputSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.StepResult;
import io.jkeras.backend.TrainableModel;
import io.jkeras.backend.TrainingSpec;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The backend's own contract: discovery, configuration checks, capabilities and buffer reuse. */
class NativeBackendTest {
    private final Backend backend = new NativeBackendProvider().create(BackendConfig.defaults());

    @Test
    void providerIsFoundByServiceLoader() {
        List<BackendProvider> found = Backends.providers();
        assertTrue(found.stream().anyMatch(p -> p.name().equals("native") && p instanceof NativeBackendProvider),
                "providers: " + found);
        assertEquals("native", Backends.create("native").name());
    }

    @Test
    void runsOnTheCpuOnlyAndSaysSo() {
        assertEquals("cpu", backend.device());
        assertTrue(backend.supports(Capability.PURE_JAVA));
        assertTrue(backend.supports(Capability.MULTITHREADED));
        assertTrue(!backend.supports(Capability.CUDA));
        assertEquals("native", new NativeBackendProvider().create(BackendConfig.defaults().withDevice("CPU")).name());
        KerasException e = assertThrows(KerasException.class,
                () -> new NativeBackendProvider().create(BackendConfig.defaults().withDevice("cuda:0")));
        assertTrue(e.getMessage().contains("cuda:0") && e.getMessage().contains("CPU"), e.getMessage());
        KerasException f = assertThrows(KerasException.class,
                () -> new NativeBackendProvider().create(new BackendConfig(null, "float64", 1e-7f, "channels_last", null)));
        assertTrue(f.getMessage().contains("float64"), f.getMessage());
    }

    private TrainableModel dense() {
        ModelSpec spec = ModelSpec.chain("m", new InputSpec("input", new int[] {2}),
                List.of(new DenseSpec("d", 2, 3, Activation.TANH, true, null, null)));
        return backend.build(spec, new TrainingSpec(new MeanSquaredError(), new SGD(0.1f)),
                Map.of("d", List.of(Tensor.of(new float[] {1, 0, -1, 0.5f, 2, 0}, 2, 3), Tensor.zeros(3))));
    }

    @Test
    void stepsReuseTheBuffersOfTheirBatchSize() {
        try (TrainableModel m = dense()) {
            List<Tensor> x = List.of(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
            List<Tensor> y = List.of(Tensor.zeros(2, 3));
            StepResult a = m.trainOnBatch(x, y, true);
            float[] first = a.prediction(0).data().clone();
            StepResult b = m.trainOnBatch(x, y, true);
            assertSame(a.prediction(0).data(), b.prediction(0).data(), "same batch size, same buffer");
            assertTrue(first[0] != b.prediction(0).data()[0], "the second step saw the updated weights");
            StepResult c = m.testOnBatch(List.of(Tensor.of(new float[] {1, 2}, 1, 2)), List.of(Tensor.zeros(1, 3)), true);
            assertNotSame(a.prediction(0).data(), c.prediction(0).data(), "another batch size, another buffer");
            assertEquals(2, m.iterations());
            Tensor p = m.predictOnBatch(x).get(0);
            assertNotSame(b.prediction(0).data(), p.data(), "predictOnBatch returns a new tensor");
        }
    }

    @Test
    void predictionsAreThoseBeforeTheUpdate() {
        try (TrainableModel m = dense()) {
            List<Tensor> x = List.of(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
            Tensor before = m.predictOnBatch(x).get(0);
            StepResult r = m.trainOnBatch(x, List.of(Tensor.zeros(2, 3)), true);
            assertTrue(before.allClose(r.prediction(0), 0, 0), "predictions " + r.prediction(0) + " vs " + before);
            assertTrue(!before.allClose(m.predictOnBatch(x).get(0), 0, 0), "the step changed the weights");
        }
    }

    @Test
    void aModelWithoutLayersOutputsItsInput() {
        ModelSpec spec = ModelSpec.chain("empty", new InputSpec("input", new int[] {3}), List.of());
        try (TrainableModel m = backend.build(spec, new TrainingSpec(new MeanSquaredError(), new SGD()), Map.of())) {
            Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
            StepResult r = m.trainOnBatch(List.of(x), List.of(Tensor.zeros(1, 3)), true);
            assertEquals((1 + 4 + 9) / 3f, r.loss(), 1e-6f);
            assertTrue(x.allClose(r.prediction(0), 0, 0));
            assertTrue(x.allClose(m.predictOnBatch(List.of(x)).get(0), 0, 0));
            assertEquals(1, m.iterations());
        }
    }

    @Test
    void unknownLayerNamesTheModelAndItsLayers() {
        try (TrainableModel m = dense()) {
            KerasException e = assertThrows(KerasException.class, () -> m.getWeights("nope"));
            assertTrue(e.getMessage().contains("'m'") && e.getMessage().contains("nope") && e.getMessage().contains("d"),
                    e.getMessage());
            assertThrows(KerasException.class, () -> m.setWeights("nope", List.of()));
        }
    }

    @Test
    void inferenceOnlyModelPredictsAndRefusesToTrain() {
        ModelSpec spec = ModelSpec.chain("m", new InputSpec("input", new int[] {2}),
                List.of(new DenseSpec("d", 2, 1, Activation.LINEAR, false, null, null)));
        try (TrainableModel m = backend.build(spec, null, Map.of("d", List.of(Tensor.of(new float[] {2, -1}, 2, 1))))) {
            List<Tensor> x = List.of(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
            assertTrue(Tensor.of(new float[] {0, 2}, 2, 1).allClose(m.predictOnBatch(x).get(0), 0, 0));
            KerasException e = assertThrows(KerasException.class,
                    () -> m.trainOnBatch(x, List.of(Tensor.zeros(2, 1)), false));
            assertTrue(e.getMessage().contains("inference only") && e.getMessage().contains("'m'"), e.getMessage());
            e = assertThrows(KerasException.class, () -> m.testOnBatch(x, List.of(Tensor.zeros(2, 1)), false));
            assertTrue(e.getMessage().contains("inference only"), e.getMessage());
        }
    }

    @Test
    void missingInitialWeightsAreRefused() {
        ModelSpec spec = ModelSpec.chain("m", new InputSpec("input", new int[] {2}),
                List.of(new DenseSpec("d", 2, 1, Activation.LINEAR, false, null, null)));
        KerasException e = assertThrows(KerasException.class, () -> backend.build(spec, null, Map.of()));
        assertTrue(e.getMessage().contains("'d'"), e.getMessage());
    }
}
