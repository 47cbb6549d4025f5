package io.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Keras;
import io.jkeras.KerasException;
import io.jkeras.Tensor;
import io.jkeras.activations.Activation;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.Input;
import io.jkeras.losses.Losses;
import io.jkeras.optimizers.Optimizers;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the facade does before any backend is involved. */
class SequentialTest {

    @BeforeEach
    void freshSession() {
        Keras.clearSession();
        Keras.setRandomSeed(7);
    }

    @Test
    void layersAreNamedAsKerasNamesThem() {
        Sequential m = new Sequential();
        m.add(new Dense(10, "relu").inputDim(1));
        m.add(new Dense(1));
        assertEquals("sequential", m.getName());
        assertEquals("dense", m.getLayer(0).getName());
        assertEquals("dense_1", m.getLayer(1).getName());
        assertEquals("dense_1", m.getLayer("dense_1").getName());
    }

    @Test
    void inputShapeBuildsLayersAtOnceWithKerasWeightShapes() {
        Sequential m = new Sequential();
        m.add(new Input(4));
        m.add(new Dense(3, "tanh"));
        List<Tensor> w = m.getLayer(0).getWeights();
        assertArrayEquals(new int[] {4, 3}, w.get(0).shape());
        assertArrayEquals(new int[] {3}, w.get(1).shape());
        assertArrayEquals(new float[] {0, 0, 0}, w.get(1).toArray());
        assertEquals(15, m.countParams());
    }

    @Test
    void flattenTurnsImagesIntoFeatures() {
        Sequential m = new Sequential();
        m.add(new Input(28, 28));
        m.add(new Flatten());
        m.add(new Dense(10, "softmax"));
        assertArrayEquals(new int[] {784}, m.getLayer(0).outputShape());
        assertEquals(7850, m.countParams());
    }

    @Test
    void sameSeedGivesSameInitialWeights() {
        Keras.setRandomSeed(123);
        Sequential a = new Sequential(new Dense(5).inputDim(3));
        Keras.setRandomSeed(123);
        Sequential b = new Sequential(new Dense(5).inputDim(3));
        Keras.setRandomSeed(124);
        Sequential c = new Sequential(new Dense(5).inputDim(3));
        assertEquals(a.getWeights(), b.getWeights());
        assertNotEquals(a.getWeights(), c.getWeights());
    }

    @Test
    void setWeightsChecksShapesAndNamesTheLayer() {
        Sequential m = new Sequential(new Dense(2).inputDim(3));
        KerasException e = assertThrows(KerasException.class,
                () -> m.getLayer(0).setWeights(List.of(Tensor.zeros(2, 3), Tensor.zeros(2))));
        assertTrue(e.getMessage().contains("'dense'") && e.getMessage().contains("(3, 2)"), e.getMessage());
        m.getLayer(0).setWeights(List.of(Tensor.full(1f, 3, 2), Tensor.zeros(2)));
        assertEquals(Tensor.full(1f, 3, 2), m.getWeights().get(0));
    }

    @Test
    void fitBeforeCompileSaysToCompile() {
        Sequential m = new Sequential(new Dense(1).inputDim(1));
        KerasException e = assertThrows(KerasException.class,
                () -> m.fit(Tensor.zeros(4, 1), Tensor.zeros(4, 1), 1));
        assertTrue(e.getMessage().contains("compile()"), e.getMessage());
        assertThrows(KerasException.class, () -> m.trainOnBatch(Tensor.zeros(4, 1), Tensor.zeros(4, 1)));
    }

    @Test
    void denseOnImagesActsOnTheLastAxisAsKerasDoes() {
        Sequential m = new Sequential();
        m.add(new Input(28, 28));
        m.add(new Dense(10));
        assertArrayEquals(new int[] {28, 10}, m.outputShape());
        assertArrayEquals(new int[] {28, 10}, m.getLayer(0).weightShapes().get(0));
    }

    @Test
    void namesWithASlashAreRefusedAsInKeras() {
        KerasException e = assertThrows(KerasException.class, () -> new Dense(2).name("a/b"));
        assertTrue(e.getMessage().contains("cannot contain character `/`"), e.getMessage());
        assertThrows(KerasException.class, () -> new io.jkeras.layers.Input(3).name("in/put"));
    }

    @Test
    void onlyTheFirstLayerDeclaresAnInputShape() {
        Sequential m = new Sequential(new Dense(2).inputDim(3));
        assertThrows(KerasException.class, () -> m.add(new Dense(2).inputDim(2)));
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        KerasException act = assertThrows(KerasException.class, () -> new Dense(3, "rellu"));
        assertTrue(act.getMessage().contains("relu") && act.getMessage().contains("hard_sigmoid"), act.getMessage());
        KerasException loss = assertThrows(KerasException.class, () -> Losses.get("msee"));
        assertTrue(loss.getMessage().contains("mse"), loss.getMessage());
        KerasException opt = assertThrows(KerasException.class, () -> Optimizers.get("adamax"));
        assertTrue(opt.getMessage().contains("adam") && opt.getMessage().contains("rmsprop"), opt.getMessage());
    }

    @Test
    void siluIsSwish() {
        assertEquals(Activation.SWISH, Activation.get("silu"));
    }

    @Test
    void summaryIsKerasThreeTable() {
        Sequential m = new Sequential();
        m.add(new Dense(10, "relu").inputDim(1));
        m.add(new Dense(1));
        String s = m.summaryString();
        assertTrue(s.startsWith("Model: \"sequential\"\n┏"), s);
        assertTrue(s.contains("│ dense (Dense)                   │ (None, 10)             │            20 │"), s);
        assertTrue(s.contains("│ dense_1 (Dense)                 │ (None, 1)              │            11 │"), s);
        assertTrue(s.contains(" Total params: 31 (124.00 B)\n"), s);
        assertTrue(s.contains(" Non-trainable params: 0 (0.00 B)\n"), s);
    }
}
