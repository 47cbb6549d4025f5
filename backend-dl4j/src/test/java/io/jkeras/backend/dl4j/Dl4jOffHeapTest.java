package io.jkeras.backend.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.backend.Backend;
import io.jkeras.backend.BackendConfig;
import io.jkeras.backend.ConvSpec;
import io.jkeras.backend.InputSpec;
import io.jkeras.backend.ModelSpec;
import io.jkeras.backend.Padding;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Input;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.models.Sequential;
import io.jkeras.optimizers.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The off-heap limits on the dl4j backend, with small limits set through the test hook of
 * {@link Dl4jMemory} (JavaCPP's own are fixed when it loads): every call estimates its batch
 * before ND4J allocates it and refuses one that {@code maxbytes} or {@code maxphysicalbytes} cannot
 * hold, naming the call, the model, the batch size, the bytes and the limit, and the model is
 * unchanged and usable afterwards. {@link Dl4jOffHeapProcessTest} runs the real limits in a child JVM.
 */
class Dl4jOffHeapTest {
    private static final Backend BACKEND = new Dl4jBackendProvider().create(BackendConfig.defaults());

    @BeforeEach
    void fresh() {
        Keras.clearSession();
        Keras.setRandomSeed(7);
    }

    @AfterEach
    void javaCppsLimits() {
        Dl4jMemory.setLimitsForTest(null);
    }

    private static Tensor random(Random r, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return Tensor.of(d, shape);
    }

    private static List<float[]> weights(Sequential m) {
        List<float[]> out = new ArrayList<>();
        for (Tensor t : m.getWeights()) {
            out.add(t.data().clone());
        }
        return out;
    }

    @Test
    void everyCallRefusesABatchOverMaxBytesAndLeavesTheModelUnchanged() {
        Sequential m = new Sequential().add(new Input(8)).add(new Dense(16).activation(Activation.RELU))
                .add(new BatchNormalization()).add(new Dense(4));
        m.compile(new Adam(0.01f), new MeanSquaredError(), List.of(), BACKEND);
        Random r = new Random(1);
        Tensor small = random(r, 8, 8);
        Tensor smallY = random(r, 8, 4);
        Tensor big = random(r, 4096, 8);
        Tensor bigY = random(r, 4096, 4);
        m.trainOnBatch(small, smallY);
        List<float[]> before = weights(m);
        float[] predicted = m.predictOnBatch(small).data();
        long limit = 1 << 20;
        Dl4jMemory.setLimitsForTest(new long[] {limit, 0});
        List<Executable> calls = List.of(() -> m.predictOnBatch(big), () -> m.predict(big, 4096, 0),
                () -> m.evaluate(big, bigY, 4096, 0), () -> m.testOnBatch(big, bigY), () -> m.trainOnBatch(big, bigY),
                () -> m.fit(big, bigY, 1, 4096, 0));
        for (Executable call : calls) {
            KerasException e = assertThrows(KerasException.class, call);
            String msg = e.getMessage();
            assertTrue(msg.contains("of model '" + m.getName() + "' on the dl4j backend with a batch of 4096 samples"), msg);
            assertTrue(msg.contains("needs up to ") && msg.contains("more than JavaCPP's limit of 1048576 bytes"), msg);
            assertTrue(msg.contains("-Dorg.bytedeco.javacpp.maxbytes"), msg);
            long needed = Long.parseLong(msg.replaceAll(".*needs up to (\\d+) bytes.*", "$1"));
            assertTrue(needed > limit, msg);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), m.getWeights().get(i).data(), "weight " + i + " after " + msg);
            }
        }
        assertArrayEquals(predicted, m.predictOnBatch(small).data(), "the model predicts as before");
        float loss = m.trainOnBatch(small, smallY);
        assertTrue(Float.isFinite(loss), "the model still trains");
    }

    @Test
    void aBatchOverMaxPhysicalBytesIsRefusedAfterAskingTheCollector() {
        Sequential m = new Sequential().add(new Input(8)).add(new Dense(4096).name("wide"));
        m.compile(new Adam(0.01f), new MeanSquaredError(), List.of(), BACKEND);
        Random r = new Random(2);
        // About 98 KB per sample in inference: 2000 samples need 196 MB, more than the 64 MB left.
        long limit = Pointer.physicalBytes() + (64L << 20);
        Dl4jMemory.setLimitsForTest(new long[] {0, limit});
        KerasException e = assertThrows(KerasException.class, () -> m.predictOnBatch(random(r, 2000, 8)));
        assertTrue(e.getMessage().startsWith("predictOnBatch() of model '" + m.getName() + "' on the dl4j backend with"
                + " a batch of 2000 samples"), e.getMessage());
        assertTrue(e.getMessage().contains("bytes left under JavaCPP's limit of " + limit + " bytes of physical memory"
                + " (-Dorg.bytedeco.javacpp.maxphysicalbytes"), e.getMessage());
        assertEquals(4096, m.predictOnBatch(random(r, 2, 8)).dim(1), "a small batch still fits");
    }

    @Test
    void theEstimateCoversConvolutionsAndRecurrentLayersWorkingMemory() {
        // Per node: inference 2 O, training 4 O + I; a convolution adds its im2col buffer (positions x
        // kernel x channels, 2 or 4 of them), all doubled for the workspaces' learning cycle.
        ModelSpec conv = ModelSpec.chain("c",
                new InputSpec("input", new int[] {6, 6, 2}),
                List.of(new ConvSpec("conv", new int[] {6, 6, 2}, 3, new int[] {3, 3},
                        new int[] {1, 1}, Padding.VALID, new int[] {1, 1}, Activation.LINEAR, false,
                        null, null)));
        long out = 4 * 4 * 3;
        long col = 4 * 4 * 9 * 2;
        assertEquals(2 * (2 * out + 2 * col), Dl4jMemory.stepValuesPerSample(conv, false));
        assertEquals(2 * (4 * out + 6 * 6 * 2 + 4 * col), Dl4jMemory.stepValuesPerSample(conv, true));
    }
}
